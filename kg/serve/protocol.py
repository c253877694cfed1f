"""The SPARQL 1.1 Protocol's query operation over a kg store, without the web framework: which
result format a request asks for (content negotiation), the bounded job that reads, checks and
runs the query, and the results written in the format chosen.

A request is read and run in a worker process (``kg.store.worker``): parsing too, since a query
text can be made to take rdflib's parser a long time. An update is never run: the worker reports
it as such and the server answers 403. Formats: SELECT and ASK as SPARQL JSON, XML, CSV or TSV
(W3C SPARQL 1.1 Query Results formats), CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or
RDF/XML (pyoxigraph's serializers).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kg.errors import InputError, KgError, StoreError
from kg.store.local import Store, sparql_prefixes
from kg.store.query import (
    Prepared,
    Result,
    SavedQuery,
    bind,
    check_dataset,
    render,
    run_prepared,
    run_saved,
)
from kg.store.sparql import parse
from kg.store.worker import Limits, run_bounded

# Media type -> format name, for SELECT/ASK and for CONSTRUCT/DESCRIBE, preferred first.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# The ``format`` parameter's values (as SPARQLWrapper sends them, and for download links), by
# the kind of result.
FORMAT_NAMES = {
    "select": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {
        "turtle": "turtle",
        "ttl": "turtle",
        "n3": "turtle",
        "ntriples": "ntriples",
        "nt": "ntriples",
        "json-ld": "jsonld",
        "jsonld": "jsonld",
        "json": "jsonld",
        "xml": "rdfxml",
        "rdf": "rdfxml",
        "rdf+xml": "rdfxml",
    },
}
WORKER_NICENESS = 10
_SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"


class NotAcceptable(KgError):
    """No result format the request accepts can hold this kind of result (HTTP 406)."""


@dataclass(frozen=True)
class Answer:
    """What the endpoint sends back: ``kind`` (``select``, ``ask``, ``graph``, or ``update``
    for an update kg refused to run), the body and its media type."""

    kind: str
    body: bytes = b""
    media_type: str = ""
    form: str = ""
    result: Result | None = None


def accepted(header: str | None) -> list[str]:
    """The media types of an ``Accept`` header, most wanted first (RFC 9110 quality values;
    ties keep their order; q=0 means not acceptable). No header accepts anything."""
    if not header:
        return ["*/*"]
    ranked = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, media))
    return [media for _, _, media in sorted(ranked)]


def choose(kind: str, accept: list[str], format_name: str | None) -> str:
    """The format name for a result of ``kind`` (``select``/``ask`` or ``graph``): the
    ``format`` parameter's when given, else the first accepted media type that kind has
    (``*/*`` and ``type/*`` match the preferred one). InputError for an unknown ``format``,
    NotAcceptable when nothing accepted fits."""
    family = "graph" if kind == "graph" else "select"
    if format_name:
        chosen = FORMAT_NAMES[family].get(format_name.lower())
        if chosen is None:
            known = ", ".join(sorted(FORMAT_NAMES[family]))
            raise InputError(f"format={format_name!r} does not fit this result; use one of {known}")
        return chosen
    types = GRAPH_TYPES if family == "graph" else RESULT_TYPES
    for media in accept:
        if media in types:
            return types[media]
        if media == "*/*":
            return next(iter(types.values()))
        if media.endswith("/*"):
            prefix = media[:-1]
            found = next((name for t, name in types.items() if t.startswith(prefix)), None)
            if found is not None:
                return found
    offered = ", ".join(dict.fromkeys(t for t in types))
    raise NotAcceptable(f"no acceptable format for this result; this endpoint offers {offered}")


def answer_query(
    location: str, text: str, accept: list[str], format_name: str | None, limits: Limits
) -> Answer:
    """Read, check and run ``text`` on the store at ``location`` in a bounded worker, and write
    its result in the format the request asks for. An update comes back as kind ``update``,
    not run. Raises the KgError the query met (InputError for bad SPARQL or too many rows,
    StoreError past the time limit or memory cap, NotAcceptable)."""
    job = (location, text, accept, format_name, limits.max_rows, {}, None)
    return run_bounded(_job, *job, limits=limits)


def saved_result(location: str, text: str, limits: Limits, what: str) -> Result:
    """The Result of kg's own ``text`` (a saved query that takes no parameters, never a
    user's: it needs none of the checks) on the store at ``location``, run in a bounded worker
    within the server's ``limits``, as ``what`` in messages: StoreError past the time limit or
    the memory cap, InputError over the row cap. The worker sends the answer back as SPARQL
    JSON (N-Triples for triples), which pyoxigraph reads back: pickled terms took 1.2-1.4
    times as long (benchmarks/bench_saved_answers.py)."""
    import pyoxigraph

    from kg.store.query import collect

    kind, body = run_bounded(_saved_job, location, text, limits=limits, what=what)
    if kind == "graph":
        answer = pyoxigraph.parse(body, pyoxigraph.RdfFormat.N_TRIPLES)
    else:
        answer = pyoxigraph.parse_query_results(body, pyoxigraph.QueryResultsFormat.JSON)
    return collect(answer, limits.max_rows)


def _saved_job(location: str, text: str) -> tuple[str, bytes]:
    """``text`` answered on the store at ``location`` (over the union of its report graphs,
    each triple once), written for ``saved_result``."""
    import pyoxigraph

    try:
        with Store.open(location, read_only=True) as store:
            answer = store.oxigraph.query(
                text, prefixes=sparql_prefixes(), use_default_graph_as_union=not store.holds_union()
            )
            if isinstance(answer, pyoxigraph.QueryTriples):
                return "graph", answer.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES)
            return "results", answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"the saved query failed ({exc})") from None


def run_result(
    location: str,
    text: str,
    params: dict[str, Any] | None = None,
    saved: SavedQuery | None = None,
    *,
    limits: Limits,
) -> Answer:
    """Like ``answer_query``, but the Answer holds the Result itself (for the editor's table),
    with ``params`` bound and a ``saved`` query's names spelt as the store spells them."""
    job = (location, text, None, None, limits.max_rows, params or {}, saved)
    return run_bounded(_job, *job, limits=limits)


def _job(
    location: str,
    text: str,
    accept: list[str] | None,
    format_name: str | None,
    rows: int,
    params: dict[str, Any],
    saved: SavedQuery | None,
) -> Answer:
    # A user's query yields the processors to the pages the server answers itself.
    os.nice(WORKER_NICENESS)
    parsed = parse(text, sparql_prefixes())
    if parsed.kind == "update":
        return Answer("update", form=parsed.form)
    kind = "graph" if parsed.form in ("CONSTRUCT", "DESCRIBE") else "select"
    chosen = None if accept is None else choose(kind, accept, format_name)
    prepared = Prepared(parsed, *bind(parsed.text, params))
    with Store.open(location, read_only=True) as store:

        def execute(request: Prepared) -> Result:
            check_dataset(request.parsed, store.graph_names(), "this endpoint's store")
            return run_prepared(store, request, max_rows=rows)

        result = run_saved(saved, prepared, params, False, execute)
    if chosen is None:
        return Answer(result.kind, form=parsed.form, result=result)
    return Answer(result.kind, write(result, chosen), CONTENT_TYPES[chosen], parsed.form)


def write(result: Result, chosen: str) -> bytes:
    """``result`` written as the format ``chosen`` (a name from CONTENT_TYPES)."""
    import pyoxigraph

    if result.kind == "graph":
        formats = {
            "turtle": pyoxigraph.RdfFormat.TURTLE,
            "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
            "jsonld": pyoxigraph.RdfFormat.JSON_LD,
            "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
        }
        triples = [pyoxigraph.Triple(t.subject, t.predicate, t.object) for t in result.triples]
        prefixes = None if chosen == "ntriples" else sparql_prefixes()
        return pyoxigraph.serialize(triples, format=formats[chosen], prefixes=prefixes) or b""
    if chosen == "xml":
        return _xml(result)
    if result.kind == "ask" and chosen in ("csv", "tsv"):
        raise NotAcceptable("an ASK answer has no CSV or TSV form; ask for JSON or XML")
    return render(result, chosen, compact=True)


def _xml(result: Result) -> bytes:
    """SPARQL Query Results XML Format (W3C Recommendation, 2013)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{_SPARQL_RESULTS}">']
    if result.kind == "ask":
        lines += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        lines.append("<head>")
        lines += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
        lines += ["</head>", "<results>"]
        for row in result.rows:
            lines.append("<result>")
            for name, term in zip(result.variables, row, strict=True):
                if term is not None:
                    lines.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            lines.append("</result>")
        lines.append("</results>")
    lines.append("</sparql>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xml_term(term: object) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal>{escape(term.value)}</literal>"
        return f"<literal datatype={quoteattr(datatype)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"
