"""What each CLI command does, as plain functions over the library (no click here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.gazetteer import PARTNER, PLACE, PROGRAMME
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


def extract_summary(reports: Sequence[Path]) -> tuple[dict, list[str]]:
    """What kg recognizes in ``reports``, as the stable ``kg extract --format json`` structure.

    ``entities`` lists every partner, programme and place named in a narrative: ``id`` is its
    key, ``aliases`` every other name or acronym the reports spell it with, ``outcomes`` the outcome
    ids it is named under and ``mentions`` how many times it is named. Sorted, so the same input
    gives the same output.
    """
    from kg.pipeline import extract_report

    extractions = [extract_report(path) for path in reports]
    outcomes = [
        {"id": o.id, "statement": o.statement, "inferred_id": o.inferred_id}
        for x in extractions
        for o in x.document.outcomes
    ]
    entities: dict[str, dict] = {}
    for extraction in extractions:
        for mention in extraction.mentions:
            entity = extraction.entities[mention.entity]
            row = entities.setdefault(
                entity.key,
                {
                    "id": entity.key,
                    "type": entity.type,
                    "label": entity.label,
                    "aliases": set(),
                    "outcomes": set(),
                    "mentions": 0,
                },
            )
            seen = extraction.spellings.get(entity.key, ())
            row["aliases"].update(a for a in seen if a != entity.label)
            row["outcomes"].add(mention.outcome)
            row["mentions"] += 1
    rows = [
        {**row, "aliases": sorted(row["aliases"]), "outcomes": sorted(row["outcomes"])}
        for _, row in sorted(entities.items(), key=lambda kv: (kv[1]["type"], kv[0]))
    ]
    warnings = [w for x in extractions for w in (*x.document.warnings, *x.warnings)]
    return {"outcomes": outcomes, "entities": rows}, warnings


def format_extract_table(summary: dict) -> str:
    """The ``kg extract`` table: one line per entity, then a count per type."""
    lines = [f"{'type':<10} {'id':<48} {'outcomes':>8} {'mentions':>8}  label"]
    for row in summary["entities"]:
        lines.append(
            f"{row['type']:<10} {row['id'][:48]:<48} {len(row['outcomes']):>8} "
            f"{row['mentions']:>8}  {row['label']}"
        )
    types = (PARTNER, PROGRAMME, PLACE)
    counts = {t: sum(1 for r in summary["entities"] if r["type"] == t) for t in types}
    lines.append(
        f"{len(summary['outcomes'])} outcomes; " + ", ".join(f"{n} {t}s" for t, n in counts.items())
    )
    return "\n".join(lines) + "\n"


def evaluate_report(report: Path, gold: Path, verbose: bool = False) -> str:
    """Precision and recall of kg's recognition in ``report`` against the ``gold`` file."""
    from kg.evaluate import evaluate, format_scores, load_gold
    from kg.pipeline import extract_report

    expected = load_gold(gold)
    return format_scores(evaluate(extract_report(report), expected), verbose)
