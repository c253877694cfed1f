"""Loading one graph from report files (built through the pipeline) and RDF files (parsed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError

RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "json-ld": "JSON-LD"}
MAX_RDF_BYTES = 512 * 1024 * 1024


@dataclass
class Loaded:
    """A graph loaded from several inputs, and the warnings building the reports gave."""

    graph: Graph
    warnings: list[str] = field(default_factory=list)


def load_graph(
    paths: Sequence[str | Path], store: str | None = None, report: str | None = None
) -> Loaded:
    """One graph from report files (``.txt``, built with kg.pipeline.build_report) and Turtle,
    N-Triples or JSON-LD files (parsed); a file kg cannot read raises InputError naming it.
    With no paths, the graph comes from the store (every report, or the one named ``report``)."""
    from kg.pipeline import build_report, merge

    if not paths:
        return Loaded(store_graph(store, report))
    if report is not None:
        raise InputError("--report picks a report from the store; name no files with it")

    graphs, warnings = [], []
    unique = list({path.resolve(): path for path in map(Path, paths)}.values())
    names = report_names([p for p in unique if p.suffix.lower() == ".txt"])
    for path in unique:
        if not path.exists():
            raise InputError(f"{path}: no such file")
        suffix = path.suffix.lower()
        if suffix == ".txt":
            built = build_report(path, slug=names[path])
            graphs.append(built.graph)
            warnings.extend(built.warnings)
        elif suffix in RDF_FORMATS:
            graphs.append(_parse(path, RDF_FORMATS[suffix]))
        else:
            known = ", ".join([".txt", *RDF_FORMATS])
            raise InputError(f"{path}: cannot read a {suffix or 'suffix-less'} file (use {known})")
    return Loaded(merge(graphs), warnings)


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
            name = slug_for(Path(f"{path.resolve().parent.name}-{path.name}"))
        base, number = name, 2
        while name in names.values():
            name, number = f"{base}-{number}", number + 1
        names[path] = name
    return names


def _parse(path: Path, rdf_format: str) -> Graph:
    from kg.files import read_limited

    data = read_limited(path, MAX_RDF_BYTES, f"{FORMAT_NAMES[rdf_format]} file")
    try:
        return Graph().parse(data=data, format=rdf_format)
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
        detail = f" ({first[:200]})" if first else ""
        raise InputError(f"{path}: not valid {FORMAT_NAMES[rdf_format]}{detail}") from None


def store_graph(store: str | None = None, report: str | None = None) -> Graph:
    """The union of the store's report graphs (or one report's graph) as one rdflib Graph;
    InputError when the store holds nothing to show."""
    from kg.graph.rdfterms import to_graph
    from kg.store.local import Store, check_slug

    if report is not None:
        check_slug(report)
    with Store.open(store, read_only=True) as opened:
        quads = opened.report_quads(report) if report is not None else list(opened.quads())
        where = opened.location
    if not quads:
        raise InputError(f"the store {where} holds no report (load one with 'kg build')")
    return to_graph((q.subject, q.predicate, q.object) for q in quads)
