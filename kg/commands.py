"""What each CLI command does, as plain functions over the library (no click here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import InputError
from kg.pipeline import build_report, merge, to_turtle
from kg.validate import ensure_valid


def build_turtle(
    reports: Sequence[Path], corrections: Path | None = None
) -> tuple[bytes, list[str]]:
    """Build ``reports`` into one validated graph; return its Turtle and the warnings."""
    if corrections is not None and len(reports) > 1:
        raise InputError(
            "--corrections applies to one report; name one report or use files beside each report"
        )
    built = [build_report(path, corrections) for path in reports]
    graph = merge([b.graph for b in built])
    ensure_valid(graph, ", ".join(str(p) for p in reports))
    return to_turtle(graph), [w for b in built for w in b.warnings]


def load_graph(paths: Sequence[Path]) -> tuple[Graph, list[str]]:
    """One graph from report files (built) and RDF files (parsed, e.g. Turtle kg exported)."""
    from rdflib.util import guess_format

    graphs, warnings = [], []
    for path in paths:
        if path.suffix.lower() == ".txt":
            built = build_report(path)
            graphs.append(built.graph)
            warnings.extend(built.warnings)
            continue
        rdf_format = guess_format(str(path))
        if rdf_format is None:
            raise InputError(f"{path}: not a report (.txt) or an RDF file (.ttl, .nt, ...)")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            graphs.append(Graph().parse(path, format=rdf_format))
        except Exception as exc:
            raise InputError(f"{path}: cannot parse as {rdf_format}: {exc}") from None
    return merge(graphs), warnings


def write_view_file(paths: Sequence[Path], output: Path, **focus: Any) -> list[str]:
    """Write the HTML view of the graph in ``paths`` chosen by ``focus``; return the warnings."""
    from kg.views import check_focus, write_view

    check_focus(**focus)
    graph, warnings = load_graph(paths)
    write_view(graph, output, **focus)
    return warnings
