"""What each CLI command does, as plain functions over the library (no click here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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
