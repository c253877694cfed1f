"""What each CLI command does, as plain functions over the library (no click here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def overlap_report(
    inputs: Sequence[Path],
    *,
    top: int = 20,
    partner: str | None = None,
    fmt: str = "table",
    plot: Path | None = None,
) -> tuple[str, list[str]]:
    """Partner overlap of the graph from ``inputs`` (reports or RDF files) as text in ``fmt``;
    draw the heatmap into ``plot`` if given. Returns the text and the build warnings."""
    from kg.network import format_overlap, overlap, read_links
    from kg.plot import check_plot_path, write_heatmap
    from kg.sources import load_graph

    if plot is not None:
        check_plot_path(plot)
    loaded = load_graph(inputs)
    if len(loaded.graph) == 0:
        raise InputError(f"{_names(inputs)}: the graph is empty: nothing to compare")
    links = read_links(loaded.graph)
    result = overlap(links, top=top or None, partner=partner)
    text = format_overlap(result, fmt)
    if plot is not None:
        write_heatmap(links, plot)
    return text, loaded.warnings


def export_graph(
    inputs: Sequence[Path], fmt: str | None, output: Path
) -> tuple[list[Path], list[str]]:
    """Export the graph from ``inputs`` in ``fmt`` (or the one ``output``'s suffix names) to
    ``output``; return the paths written and the build warnings."""
    from kg.export import export, exporter
    from kg.sources import load_graph

    chosen = exporter(fmt, output)
    loaded = load_graph(inputs)
    if len(loaded.graph) == 0:
        raise InputError(f"{_names(inputs)}: the graph is empty: nothing to export")
    return export(loaded.graph, chosen.name, output), loaded.warnings


def _names(paths: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def write_view_file(paths: Sequence[Path], output: Path, **focus: Any) -> list[str]:
    """Write the HTML view of the graph in ``paths`` chosen by ``focus``; return the warnings."""
    from kg.sources import load_graph
    from kg.views import check_focus, write_view

    check_focus(**focus)
    loaded = load_graph(paths)
    write_view(loaded.graph, output, **focus)
    return loaded.warnings
