"""The main job: build reports and write every export and view a team needs into one folder.

One call gives researchers the Turtle, JSON-LD and GraphML with the ontology and shapes that
define their terms (``ontology/kg.ttl``, ``ontology/shapes.ttl``) and each report's text as kg
read it (``<slug>.txt``, the text evidence offsets index), strategists the
partner-overlap CSV and heatmap, and staff the HTML views (whole graph, overlap, one per core
programme). Every file is rendered from the same validated graph and written atomically; the same
reports give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph

from kg.errors import InputError
from kg.graph.validate import ensure_valid
from kg.graph.vocab import KG
from kg.pipeline import build_report, merge

CORE_PROGRAMMES = 8


@dataclass
class Published:
    """The files the main job wrote, in the order it wrote them, and the build warnings."""

    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def publish(reports: Sequence[str | Path], out_dir: str | Path = "exports") -> Published:
    """Build ``reports`` and write exports, the overlap analysis and views into ``out_dir``."""
    from kg.analysis.network import format_overlap, overlap, read_links
    from kg.analysis.plot import write_heatmap
    from kg.publish.export import export
    from kg.publish.views import write_view

    out = Path(out_dir)
    if not out.is_dir():
        raise InputError(f"{out}: no such directory")
    if not reports:
        raise InputError("name at least one report")
    built = [build_report(path) for path in reports]
    graph = merge([b.graph for b in built])
    ensure_valid(graph, ", ".join(str(p) for p in reports))
    stem = built[0].extraction.document.slug if len(built) == 1 else "kg"
    result = Published(warnings=[w for b in built for w in b.warnings])

    for fmt, suffix in (("ttl", "ttl"), ("jsonld", "jsonld"), ("graphml", "graphml")):
        result.paths += export(graph, fmt, out / f"{stem}.{suffix}")
    links = read_links(graph)
    table = format_overlap(overlap(links, top=None, network=False), "csv")
    result.paths.append(_write_text(out / f"{stem}-overlap.csv", table))
    result.paths.append(write_heatmap(links, out / f"{stem}-heatmap.svg"))

    result.paths += write_ontology(out / "ontology")
    for report in built:
        document = report.extraction.document
        result.paths.append(_write_text(out / f"{document.slug}.txt", document.text))

    result.paths.append(write_view(graph, out / f"{stem}.html"))
    result.paths.append(write_view(graph, out / f"{stem}-overlap.html", overlap=True))
    for key in core_programmes(graph):
        view = out / f"{stem}-programme-{key}.html"
        result.paths.append(write_view(graph, view, programme=key))
    return result


def core_programmes(graph: Graph, limit: int = CORE_PROGRAMMES) -> list[str]:
    """The keys of the programmes with the most partners and outcomes (at least two links),
    at most ``limit``, busiest first, ties by key."""
    degree: dict[str, int] = {}
    for programme in set(graph.subjects(RDF.type, KG.Programme)):
        links = len(set(graph.objects(programme, KG.hasPartner)))
        links += len(set(graph.subjects(KG.involvesProgramme, programme)))
        if links >= 2:
            degree[str(programme).rstrip("/").rsplit("/", 1)[-1]] = links
    return sorted(degree, key=lambda key: (-degree[key], key))[:limit]


def write_ontology(folder: Path) -> list[Path]:
    """Write the ontology (``kg.ttl``, which every report node names with dcterms:conformsTo)
    and the SHACL shapes (``shapes.ttl``) kg ships into ``folder``, creating it: the exports'
    ``kg:`` terms are defined there."""
    from importlib import resources

    folder.mkdir(exist_ok=True)
    files = resources.files("kg.ontology")
    return [
        _write_text(folder / name, files.joinpath(name).read_text(encoding="utf-8"))
        for name in ("kg.ttl", "shapes.ttl")
    ]


def _write_text(path: Path, text: str) -> Path:
    from kg.files import write_atomic

    return write_atomic(path, text.encode("utf-8"))
