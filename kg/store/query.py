"""Asking the graph: SPARQL from text, a file or a saved query, parameters bound as RDF terms,
results as a table, CSV, TSV, JSON, Markdown or Turtle.

Parameters never enter the query as pasted text: each value becomes a pyoxigraph term (which
escapes it) in a ``VALUES`` block placed first in the query's outermost group, so the same
binding works on the embedded store and on any SPARQL endpoint. Every request is read first
(``kg.store.sparql``, without running it): requests that reach the network (``SERVICE``,
``LOAD``) are refused, updates need ``allow_update``, and ``FROM``/``FROM NAMED`` (``USING`` in
updates) may name only graphs the store holds, which then make the query's dataset.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from kg.errors import InputError, NotFoundError, StoreError
from kg.graph.vocab import expand
from kg.readers.debris import normal_form
from kg.store.local import MEMORY, Store, sparql_prefixes, store_location
from kg.store.sparql import Parsed, assignments, parse, position, variables, where_groups
from kg.store.worker import DEFAULT_ROWS, Limits, run_bounded

FORMATS = ("table", "csv", "tsv", "json", "md")
_CELL = 60

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)

T = TypeVar("T")


@dataclass(frozen=True)
class SavedQuery:
    """A query shipped in ``kg/queries``: its name, description, parameters and text."""

    name: str
    description: str
    params: tuple[str, ...]
    text: str


@dataclass
class Result:
    """What a query gave: rows of a SELECT, the answer of an ASK, or the triples of a
    CONSTRUCT or DESCRIBE (``kind`` says which; an update gives kind ``update``)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool = False
    triples: list[Any] = field(default_factory=list)


def saved_queries() -> dict[str, SavedQuery]:
    """The saved queries by name, from ``kg/queries/*.rq``."""
    return dict(_saved())


@cache
def _saved() -> tuple[tuple[str, SavedQuery], ...]:
    folder = resources.files("kg.store.queries")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name.removesuffix(".rq")
            found.append((name, _read_saved(name, entry.read_text(encoding="utf-8"))))
    return tuple(found)


def _read_saved(name: str, text: str) -> SavedQuery:
    """A saved query from its text: the leading comment's first paragraph is its description
    (later paragraphs are notes for readers of the file), ``# @param NAME: ...`` its parameters."""
    description: list[str] = []
    params: list[str] = []
    described = False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("@param "):
            params.append(body.removeprefix("@param ").split(":")[0].strip())
        elif not body:
            described = described or bool(description)
        elif not described:
            description.append(body)
    return SavedQuery(name, " ".join(description), tuple(params), text)


def saved_query(name: str) -> SavedQuery:
    """The saved query called ``name``; a NotFoundError lists the known ones."""
    queries = saved_queries()
    if name not in queries:
        raise NotFoundError(f"no saved query {name!r}; known: {', '.join(queries)}")
    return queries[name]


def parse_params(pairs: Sequence[str]) -> dict[str, Any]:
    """``name=value`` pairs as RDF terms: ``<iri>`` or a prefixed name under kg's prefixes
    (``kgpartner:inmujeres``, as tables print it) is an IRI, anything else a plain literal in
    kg's normal form (kg.readers.debris: a decomposed accent typed on a Mac is composed)."""
    import pyoxigraph

    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not _PARAM_NAME.match(name):
            raise InputError(f"--param {pair!r}: expected NAME=VALUE with NAME a SPARQL variable")
        if name in params:
            raise InputError(f"--param {name} given twice")
        iri = expand(value)
        if iri is not None:
            try:
                params[name] = pyoxigraph.NamedNode(iri)
            except ValueError as exc:
                raise InputError(f"--param {name}: not an IRI ({exc})") from None
        else:
            params[name] = pyoxigraph.Literal(normal_form(value))
    return params


def check_params(query: SavedQuery, params: dict[str, Any]) -> None:
    """Raise InputError unless ``params`` are exactly the parameters ``query`` declares."""
    missing = [p for p in query.params if p not in params]
    unknown = [p for p in params if p not in query.params]
    if missing:
        raise InputError(
            f"the saved query {query.name} needs " + ", ".join(f"--param {p}=..." for p in missing)
        )
    if unknown:
        takes = ", ".join(query.params) or "no parameters"
        raise InputError(f"the saved query {query.name} takes {takes}, not {', '.join(unknown)}")


def bind(text: str, params: dict[str, Any]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` with a VALUES block binding ``params`` placed first in its outermost group and
    in each subquery's (a subquery sees no value from outside it), and where each block went:
    ``(offset in text, length)``. InputError for a parameter the query never mentions or
    gives a value itself (``BIND(... AS ?name)``, ``VALUES ?name``), at its line and column."""
    if not params:
        return text, ()
    mentioned = variables(text)
    for name in params:
        if name not in mentioned:
            raise InputError(f"--param {name}: the query has no ?{name} to bind")
    for name, at in assignments(text):
        if name in params:
            line, column = position(text, at)
            raise InputError(
                f"--param {name}: the query gives ?{name} a value itself (line {line}, column "
                f"{column}); rename that variable or drop the --param"
            )
    groups = where_groups(text)
    if not groups:
        raise InputError("cannot bind parameters: the query has no WHERE group")
    names = " ".join(f"?{name}" for name in params)
    values = " ".join(str(term) for term in params.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    parts, start = [], 0
    for at in groups:
        parts += [text[start : at + 1], block]
        start = at + 1
    parts.append(text[start:])
    return "".join(parts), tuple((at + 1, len(block)) for at in groups)


def syntax_message(
    error: str, bound: str = "", text: str = "", inserted: Sequence[tuple[int, int]] = ()
) -> str:
    """pyoxigraph's parse error as one line naming the position, in the user's ``text`` when
    the error was found in ``bound``: ``text`` with the blocks ``inserted`` (see ``bind``)."""
    match = _POSITION.match(error.strip())
    if not match:
        return f"SPARQL syntax error: {_shorten(error)}"
    line, column, rest = match.groups()
    if inserted:
        line, column = _user_position(bound, text, int(line), int(column), inserted)
    return f"SPARQL syntax error at line {line}, column {column}: {_shorten(rest)}"


def _user_position(
    bound: str, text: str, line: int, column: int, inserted: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """Line and column ``bound`` (``text`` with ``inserted`` blocks) has, as ``text``'s."""
    offset = sum(len(x) + 1 for x in bound.split("\n")[: line - 1]) + column - 1
    shift = 0
    for at, length in inserted:
        begin = at + shift
        if offset < begin:
            break
        shift += min(length, offset - begin)
    return position(text, max(0, offset - shift))


@dataclass(frozen=True)
class Prepared:
    """A request read and checked (``parsed``) and the text to run, parameters bound."""

    parsed: Parsed
    text: str
    inserted: tuple[tuple[int, int], ...] = ()

    @property
    def kind(self) -> str:
        return self.parsed.kind


def prepare(text: str, params: dict[str, Any] | None, allow_update: bool) -> Prepared:
    """``text`` read (never run) and checked: SPARQL kg can read, no network access, and an
    update only if ``allow_update``; with ``params`` bound."""
    parsed = parse(text, sparql_prefixes())
    if parsed.kind == "update" and not allow_update:
        raise InputError("this is a SPARQL update; kg query runs it only with --allow-update")
    return Prepared(parsed, *bind(parsed.text, params or {}))


def check_dataset(parsed: Parsed, held: Iterable[str], where: str) -> None:
    """Refuse a ``FROM``/``FROM NAMED``/``USING`` graph that is not one of the ``held`` graphs
    of the store at ``where``: kg never lets a query name a graph to fetch."""
    graphs = set(held)
    for iri in (*parsed.default, *parsed.named):
        if iri not in graphs:
            raise InputError(
                f"FROM <{iri}>: {where} holds no such graph; FROM and FROM NAMED may name only "
                "its report graphs and its entities graph (kg never fetches a graph)"
            )


def run_local(
    store: Store,
    text: str,
    params: dict[str, Any] | None = None,
    *,
    allow_update: bool = False,
    max_rows: int = DEFAULT_ROWS,
) -> Result:
    """Run ``text`` on an open store, in this process: over its default graph (the union of its
    report graphs, each triple once: kg.store.union), or over the graphs its ``FROM`` and
    ``FROM NAMED`` clauses name (graphs the store holds). To bound the time and memory a query
    may take, use ``query_store``."""
    return run_prepared(store, prepare(text, params, allow_update), max_rows=max_rows)


def run_prepared(store: Store, prepared: Prepared, *, max_rows: int = DEFAULT_ROWS) -> Result:
    """Run a request ``prepare`` checked on an open store (see ``run_local``)."""
    check_dataset(prepared.parsed, store.graph_names(), f"the store {store.location}")
    if prepared.kind == "update":
        return _update(store, prepared)
    union = not prepared.parsed.has_dataset and not store.holds_union()
    return _query(store, prepared, union, max_rows)


def query_store(
    location: str | None,
    text: str,
    params: dict[str, Any] | None = None,
    *,
    allow_update: bool = False,
    limits: Limits | None = None,
    saved: SavedQuery | None = None,
) -> Result:
    """Read, check and run ``text`` on the store at ``location`` within ``limits``: in a worker
    process (``kg.store.worker``) that reads the request, opens the store (shared with other
    readers; alone for an update) and is stopped at the deadline or its memory cap, so the
    time limit bounds the whole operation (a ``saved`` query's second run with the store's
    spelling of its names too: ``with_spelled_names``)."""
    limits = limits or Limits()
    where = store_location(location)
    if where != MEMORY:
        where = os.path.abspath(where)
    job = (where, text, params or {}, allow_update, limits.max_rows, saved)
    return run_bounded(_store_job, *job, limits=limits)


def _store_job(
    location: str,
    text: str,
    params: dict[str, Any],
    allow_update: bool,
    max_rows: int,
    saved: SavedQuery | None,
) -> Result:
    prepared = prepare(text, params, allow_update)
    with Store.open(location, read_only=prepared.kind == "query") as store:
        return run_saved(
            saved,
            prepared,
            params,
            allow_update,
            lambda p: run_prepared(store, p, max_rows=max_rows),
        )


def run_saved(
    saved: SavedQuery | None,
    prepared: Prepared,
    params: dict[str, Any],
    allow_update: bool,
    execute: Callable[[Prepared], Result],
) -> Result:
    """Run ``prepared`` with ``execute`` (for a ``saved`` query, after the query
    ``with_spelled_names`` resolves its names with, read and checked first)."""

    def run(query: str, bound: dict[str, Any] | None) -> Result:
        same = query == prepared.parsed.source and bound is params
        return execute(prepared if same else prepare(query, bound, allow_update))

    return with_spelled_names(saved, params, run, prepared.parsed.source)


def with_spelled_names(
    saved: SavedQuery | None,
    params: dict[str, Any],
    run: Callable[[str, dict[str, Any] | None], Result],
    sparql: str,
) -> Result:
    """Run ``sparql``; for a saved query, first resolve its name parameters to the things they
    name (kg.store.names: accents, case and punctuation aside, aliases and acronyms; an unknown
    name is an error with suggestions, never an empty answer)."""
    from kg.store.names import spell_names

    if saved is None:
        return run(sparql, params)
    return run(sparql, spell_names(params, lambda q: run(q, None)))


def _update(store: Store, prepared: Prepared) -> Result:
    try:
        store.oxigraph.update(prepared.text, prefixes=sparql_prefixes())
    except SyntaxError as exc:
        raise InputError(_syntax_error(exc, prepared)) from None
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"the update failed ({_shorten(str(exc))})") from None
    store.rederive()
    return Result("update")


def _query(store: Store, prepared: Prepared, union: bool, max_rows: int) -> Result:
    try:
        answer = store.oxigraph.query(
            prepared.text, prefixes=sparql_prefixes(), use_default_graph_as_union=union
        )
        return collect(answer, max_rows)
    except SyntaxError as exc:
        raise InputError(_syntax_error(exc, prepared)) from None
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"the query failed ({_shorten(str(exc))})") from None


def _syntax_error(exc: SyntaxError, prepared: Prepared) -> str:
    return syntax_message(str(exc), prepared.text, prepared.parsed.text, prepared.inserted)


def collect(answer: Any, max_rows: int = DEFAULT_ROWS) -> Result:
    """A pyoxigraph answer (solutions, boolean or triples) read into a Result; InputError when
    it holds more than ``max_rows`` rows or triples (the rest is never read)."""
    import pyoxigraph

    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [list(solution) for solution in _capped(answer, max_rows)]
        return Result("select", variables=variables, rows=rows)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    return Result("graph", triples=list(_capped(answer, max_rows)))


def _capped(items: Iterable[T], limit: int) -> Iterator[T]:
    for count, item in enumerate(items, start=1):
        if count > limit:
            raise InputError(
                f"the answer has more than {limit} rows (--max-rows); narrow the query or add LIMIT"
            )
        yield item


def render(result: Result, fmt: str = "table", *, compact: bool = False) -> bytes:
    """The result as bytes: rows in ``fmt``, ASK as true/false (or JSON), triples as Turtle.
    JSON is indented for reading unless ``compact`` (for machines: Python's C encoder writes
    it, about four times faster than the indenting one)."""
    if result.kind == "graph":
        return turtle(result.triples)
    if result.kind == "update":
        return b""
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}).encode() + b"\n"
        return b"true\n" if result.boolean else b"false\n"
    if fmt == "json":
        return _json(result, compact).encode("utf-8")
    writer = {"table": _table, "csv": _csv, "tsv": _tsv, "md": _markdown}.get(fmt)
    if writer is None:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writer(result).encode("utf-8")


def turtle(triples: list[Any]) -> bytes:
    """Triples as Turtle with kg's prefixes, in sorted order."""
    import pyoxigraph

    plain = {pyoxigraph.Triple(t.subject, t.predicate, t.object) for t in triples}
    ordered = sorted(plain, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return pyoxigraph.serialize(
        ordered, format=pyoxigraph.RdfFormat.TURTLE, prefixes=sparql_prefixes()
    )


def _table(result: Result) -> str:
    cells = [[_cell(term) for term in row] for row in result.rows]
    widths = [
        max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(result.variables)
    ]
    lines = ["  ".join(n.ljust(w) for n, w in zip(result.variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    footer = f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
    cut = sum(
        1
        for row, shown in zip(result.rows, cells, strict=True)
        for term, cell in zip(row, shown, strict=True)
        if cell != _one_line(term)
    )
    if cut:
        footer += (
            f"; {cut} value{'s' if cut != 1 else ''} cut at {_CELL} characters, marked …: "
            "--format csv, tsv, json or md gives them whole"
        )
    lines.append(footer + ")")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _markdown(result: Result) -> str:
    def cell(term: Any) -> str:
        text = " ".join(_display(term).split())
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(result.variables) + " |"]
    lines.append("|" + "|".join(" --- " for _ in result.variables) + "|")
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def _csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(term) for term in row])
    return out.getvalue()


def _tsv(result: Result) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json(result: Result, compact: bool = False) -> str:
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=None if compact else 1) + "\n"


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _csv_value(term: Any) -> str:
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


def _display(term: Any) -> str:
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        from kg.graph.vocab import compact

        return compact(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


def _one_line(term: Any) -> str:
    return " ".join(_display(term).split())


def _cell(term: Any) -> str:
    """A table cell: an IRI whole (a cut one could not be pasted back into a query), other
    terms cut to the cell width."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return _display(term)
    return _short(_display(term))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def _shorten(message: str, limit: int = 160) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
