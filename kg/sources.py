"""Reading graphs from report files (built through the pipeline), RDF files (parsed) and the store.

Every file is checked before anything uses it, the same way for every command and output format:
an IRI that is not an IRI (a space, a control character, ``<``...) is refused in one line naming
the file and the IRI; control characters in literals, which XML 1.0 and spreadsheets cannot hold,
become spaces (as the report reader does with the text it reads), with one warning; then the
file's graph must conform to the SHACL shapes (a ValidationError names the first violation's
focus node, path and value). Graphs read from the store were checked when ``kg build`` loaded them.

Named graphs are kept: a report file, or a report of the store, is in its report's graph
(``kgid:graph/<slug>``); an N-Quads or TriG file keeps the graphs it names (a store's entities
graph, which is derived, is dropped); the triples of a Turtle, N-Triples or JSON-LD file holding
one report go into that report's graph, and those of a file holding none or several into the
default graph, since nothing says which report stated what.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

# Suffix -> (pyoxigraph format name, the format's name in messages).
RDF_FORMATS = {
    ".ttl": ("TURTLE", "Turtle"),
    ".nt": ("N_TRIPLES", "N-Triples"),
    ".jsonld": ("JSON_LD", "JSON-LD"),
    ".nq": ("N_QUADS", "N-Quads"),
    ".trig": ("TRIG", "TriG"),
}

MAX_RDF_BYTES = 512 * 1024 * 1024

# RFC 3987: an IRI holds no space, no control character and none of <>"{}|\^` (and has a scheme).
_NOT_IN_IRIS = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class Loaded:
    """The quads read from every input (pyoxigraph Quads, named graphs kept) and the warnings
    building and checking them gave; ``graph`` is their triples as one rdflib Graph. ``texts``
    maps the slug of each report file read to its text as kg read and repaired it (what
    evidence offsets index); RDF files and the store hold no text."""

    quads: list[Any]
    warnings: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    @cached_property
    def graph(self) -> Graph:
        """Every triple once, whatever graph holds it, as an rdflib Graph with kg's prefixes."""
        from kg.graph.rdfterms import to_graph

        return to_graph({(q.subject, q.predicate, q.object) for q in self.quads})


@dataclass(frozen=True)
class ReportGraph:
    """One report's triples read from a file, for loading into a store: its slug, the triples
    (pyoxigraph terms) and where they came from."""

    slug: str
    triples: frozenset[Any]
    where: str


def load_graph(
    paths: Sequence[str | Path], store: str | None = None, report: str | None = None
) -> Loaded:
    """The quads of report files (any file that is not RDF by its suffix: a text report, portal
    page or PDF, built with kg.pipeline.build_report, whose reader its content picks) and RDF
    files (``.ttl``, ``.nt``, ``.jsonld``, ``.nq``, ``.trig``), each checked as the module says; a
    file kg cannot read raises InputError naming it. With no paths, the quads come from the store
    (every report, or the one named ``report``)."""
    if not paths:
        return Loaded(store_quads(store, report))
    if report is not None:
        raise InputError("--report picks a report from the store; name no files with it")
    loaded = Loaded([])
    unique = distinct_paths(paths)
    names = report_names([p for p in unique if p.suffix.lower() not in RDF_FORMATS])
    for index, path in enumerate(unique):
        _check_readable(path)
        if path.suffix.lower() in RDF_FORMATS:
            quads, warnings = _read_rdf(path, index)
        else:
            built = _build_report(path, names.get(path))
            quads, warnings = _report_quads(built), built.warnings
            loaded.texts[built.extraction.document.slug] = built.extraction.document.text
        loaded.quads.extend(quads)
        loaded.warnings.extend(warnings)
    return loaded


def report_names(paths: Sequence[Path]) -> dict[Path, str]:
    """A distinct name for each report file: its file name's slug, or, where two files in
    different folders share one (``a/x.txt``, ``b/x.txt``), the folder's and file's together
    (``a-x``, ``b-x``), numbered if that still clashes. Two reports are never one node."""
    from kg.readers.text import slug_for

    plain = {path: slug_for(path) for path in paths}
    clashing = {slug for slug in plain.values() if list(plain.values()).count(slug) > 1}
    names: dict[Path, str] = {}
    for path, slug in plain.items():
        name = slug
        if slug in clashing:
            name = slug_for(Path(f"{_resolved(path).parent.name}-{path.name}"))
        base, number = name, 2
        while name in names.values():
            name, number = f"{base}-{number}", number + 1
        names[path] = name
    return names


def distinct_paths(paths: Iterable[str | Path]) -> list[Path]:
    """``paths`` as Paths, each file once however it is spelled (``x.txt``, ``./x.txt``, an
    absolute path or a link to it), in the order first given; InputError for a symbolic link
    that leads back to itself."""
    return list({_resolved(path): path for path in map(Path, paths)}.values())


def _resolved(path: Path) -> Path:
    """``path`` made absolute with its symbolic links followed; InputError for a link that
    leads back to itself (Python 3.11's ``resolve`` raises RuntimeError there)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        raise InputError(f"{path}: cannot read ({os.strerror(errno.ELOOP)})") from None


def read_file(path: Path, index: int = 0, slug: str | None = None) -> tuple[list[Any], list[str]]:
    """The checked quads of one input file and its warnings; ``index`` keeps the blank nodes of
    different files apart, ``slug`` names a report (default: from its file name). A FIFO or a
    device is read too, within the size limits (kg.files.read_limited)."""
    _check_readable(path)
    if path.suffix.lower() in RDF_FORMATS:
        return _read_rdf(path, index)
    built = _build_report(path, slug)
    return _report_quads(built), built.warnings


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a report or a graph")


def report_graphs(path: Path) -> tuple[list[ReportGraph], list[str]]:
    """The report graphs of an RDF file kg wrote (or one like it), checked, for ``kg build``,
    and the warnings: each named graph, and the default graph if it holds anything, must hold
    exactly one ``kg:Report`` with an identifier (its slug), and conform to the shapes on its
    own; InputError or ValidationError naming the graph otherwise."""
    from kg.graph.rdfterms import to_graph
    from kg.graph.validate import ensure_valid

    quads, warnings = read_file(path)
    by_graph: dict[Any, set[Any]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, set()).add(quad.triple)
    found = []
    for name in sorted(by_graph, key=str):
        triples = frozenset((t.subject, t.predicate, t.object) for t in by_graph[name])
        where = f"{path}" if _is_default(name) else f"{path} graph {name}"
        slugs = _report_slugs(triples)
        if len(slugs) != 1:
            held = "no report" if not slugs else f"{len(slugs)} reports ({', '.join(slugs)})"
            raise InputError(f"{where}: holds {held}; kg loads one report per graph")
        if len(by_graph) > 1:
            ensure_valid(to_graph(triples), where)
        found.append(ReportGraph(slugs[0], triples, where))
    if not found:
        raise InputError(f"{path}: the graph is empty: nothing to load")
    return found, warnings


def store_quads(store: str | None = None, report: str | None = None) -> list[Any]:
    """The quads of the store's report graphs (or one report's), the entities graph left out;
    InputError when the store holds nothing to show."""
    from kg.store.local import Store, check_slug

    if report is not None:
        check_slug(report)
    with Store.open(store, read_only=True) as opened:
        quads = opened.report_quads(report) if report is not None else list(opened.quads())
        where = opened.location
    if not quads:
        raise empty_store(where)
    return quads


def empty_store(where: str) -> InputError:
    """The error for a store at ``where`` that holds no report, for a command that needs one."""
    return InputError(f"the store {where} holds no report (load one with 'kg build')")


def _build_report(path: Path, slug: str | None = None) -> Any:
    """The report at ``path`` built (kg.pipeline.build_report) and checked against the shapes."""
    from kg.graph.validate import ensure_valid
    from kg.pipeline import build_report

    built = build_report(path, slug=slug)
    ensure_valid(built.graph, str(path))
    return built


def _report_quads(built: Any) -> list[Any]:
    """The triples of a built report in its report's named graph."""
    import pyoxigraph

    from kg.graph.vocab import graph_iri

    graph = pyoxigraph.NamedNode(str(graph_iri(built.extraction.document.slug)))
    return [pyoxigraph.Quad(s, p, o, graph) for s, p, o in built.triples]


def _read_rdf(path: Path, index: int) -> tuple[list[Any], list[str]]:
    import pyoxigraph

    from kg.files import read_limited
    from kg.graph.rdfterms import to_graph
    from kg.graph.validate import ensure_valid
    from kg.graph.vocab import ENTITIES_GRAPH, MERGES_GRAPH

    format_name, label = RDF_FORMATS[path.suffix.lower()]
    data = read_limited(path, MAX_RDF_BYTES, f"{label} file")
    try:
        parsed = list(
            pyoxigraph.parse(data, format=getattr(pyoxigraph.RdfFormat, format_name), lenient=True)
        )
    except (SyntaxError, ValueError, OSError) as exc:
        first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
        detail = f" ({first[:200]})" if first else ""
        raise InputError(f"{path}: not valid {label}{detail}{_what_it_is(data)}") from None
    derived = {pyoxigraph.NamedNode(str(ENTITIES_GRAPH)), pyoxigraph.NamedNode(str(MERGES_GRAPH))}
    quads, cleaned = _checked(
        (q for q in parsed if q.graph_name not in derived), str(path), f"f{index}x"
    )
    warnings = []
    if cleaned:
        warnings.append(
            f"{path}: {cleaned} control character{'s' if cleaned != 1 else ''} in text replaced "
            "by spaces (XML and spreadsheets cannot hold them)"
        )
    ensure_valid(to_graph({(q.subject, q.predicate, q.object) for q in quads}), str(path))
    if all(_is_default(q.graph_name) for q in quads):
        quads = _in_report_graph(quads, str(path))
    return quads, warnings


def _checked(quads: Iterable[Any], where: str, blank_prefix: str) -> tuple[list[Any], int]:
    """``quads`` with every IRI checked (InputError for one that is not an IRI), control
    characters in literals replaced by spaces and blank nodes given a per-file prefix; and how
    many characters were replaced."""
    import pyoxigraph

    from kg.readers.text import drop_controls

    checked, cleaned = [], 0
    seen: set[str] = set()

    def term(value: Any) -> Any:
        nonlocal cleaned
        if isinstance(value, pyoxigraph.NamedNode):
            if value.value not in seen:
                _check_iri(value.value, where)
                seen.add(value.value)
            return value
        if isinstance(value, pyoxigraph.BlankNode):
            return pyoxigraph.BlankNode(blank_prefix + value.value)
        if isinstance(value, pyoxigraph.Literal):
            text = drop_controls(value.value)
            if text == value.value:
                return value
            cleaned += sum(1 for a, b in zip(text, value.value, strict=True) if a != b)
            if value.language:
                return pyoxigraph.Literal(text, language=value.language)
            return pyoxigraph.Literal(text, datatype=value.datatype)
        return value

    for quad in quads:
        graph = quad.graph_name if _is_default(quad.graph_name) else term(quad.graph_name)
        checked.append(
            pyoxigraph.Quad(term(quad.subject), term(quad.predicate), term(quad.object), graph)
        )
    return checked, cleaned


def _check_iri(iri: str, where: str) -> None:
    """InputError naming ``where`` and ``iri`` unless ``iri`` is an IRI (see ``iri_problem``)."""
    problem = iri_problem(iri)
    if problem is not None:
        raise InputError(f"{where}: <{_escaped(iri)}> is not a valid IRI ({problem})")


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` is not an absolute IRI by RFC 3987 (no space, no control character, none of
    ``<>"{}|\\^`` and a scheme), or None when it is one."""
    bad = _NOT_IN_IRIS.search(iri)
    if bad is None:
        return None if _SCHEME.match(iri) else "it has no scheme, such as https:"
    char = bad.group()
    if char == " ":
        return "it holds a space"
    if char in '<>"{}|\\^`':
        return f"it holds the character {char!r}"
    return f"it holds the control character U+{ord(char):04X}"


def _escaped(text: str) -> str:
    """``text`` with spaces and control characters written ``\\uXXXX``, for one-line messages."""
    return "".join(f"\\u{ord(c):04X}" if c <= " " or "\x7f" <= c <= "\x9f" else c for c in text)


def _in_report_graph(quads: list[Any], where: str) -> list[Any]:
    """Triples in the default graph, moved into their report's graph when they hold one report."""
    import pyoxigraph

    from kg.graph.vocab import graph_iri

    slugs = _report_slugs((q.subject, q.predicate, q.object) for q in quads)
    if len(slugs) != 1:
        return quads
    iri = str(graph_iri(slugs[0]))
    problem = iri_problem(iri)
    if problem is not None:
        raise InputError(
            f"{where}: the report identifier {slugs[0]!r} cannot name a graph "
            f"(<{_escaped(iri)}>: {problem})"
        )
    graph = pyoxigraph.NamedNode(iri)
    return [pyoxigraph.Quad(q.subject, q.predicate, q.object, graph) for q in quads]


def _report_slugs(triples: Iterable[tuple[Any, Any, Any]]) -> list[str]:
    """The identifiers of the ``kg:Report`` nodes among ``triples`` (pyoxigraph terms), sorted."""
    from rdflib.namespace import DCTERMS, RDF

    from kg.graph.vocab import KG

    rdf_type, report, identifier = str(RDF.type), str(KG.Report), str(DCTERMS.identifier)
    reports, identifiers = set(), []
    for s, p, o in triples:
        if p.value == rdf_type and getattr(o, "value", None) == report:
            reports.add(s)
        elif p.value == identifier:
            identifiers.append((s, o.value))
    return sorted({value for s, value in identifiers if s in reports})


def _is_default(graph: Any) -> bool:
    import pyoxigraph

    return isinstance(graph, pyoxigraph.DefaultGraph)


def _what_it_is(data: bytes) -> str:
    """For an RDF file that does not parse: what it is instead, when kg can tell (another
    kind of file, or a report with outcome headers or portal headers: a reader more sure of it
    than of any prose), as the end of the error message."""
    from kg.readers.kinds import describe
    from kg.readers.registry import Source, readers

    source = Source(data, "", "report")
    kind = describe(data, source.text)
    if kind is not None:
        return f"; it is {kind}"
    if max(reader.detect(source) for reader in readers()) > 10:  # more than prose alone
        return "; it reads as a report: give it a name that does not end in an RDF suffix"
    return ""
