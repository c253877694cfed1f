"""Build time of reports of many one-sentence outcomes, stage by stage (read and extract, build
triples, validate against the shapes, Turtle), to check that it grows linearly with the report.

    python benchmarks/bench_build.py --outcomes 1000,10000

Prints, for each size, the seconds of each stage and their ratio to the smallest size's: a stage
whose time grows with the square of the outcomes shows a ratio near the square of the size ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.graph.validate import ensure_valid
from kg.pipeline import build_report, to_turtle

PARTNERS = ("INMUJERES", "UNDP", "the National Institute of Statistics", "UNICEF", "ILO")


def report_text(outcomes: int) -> str:
    """A report of ``outcomes`` outcomes, each with a statement and one narrative sentence
    naming a partner, a place and a figure."""
    parts = ["# Progress in Mexico country in 2023\n"]
    for i in range(outcomes):
        partner = PARTNERS[i % len(PARTNERS)]
        parts.append(
            f"OUTCOME XM-DAC-41146-MEX_D_{i // 100 + 1}.{i % 100 + 1}\n\n"
            f"By 2025, women in Oaxaca lead {i} local decisions.\n\n"
            f"{partner} trained {i + 10} officials in Guerrero.\n"
        )
    return "\n".join(parts)


def measure(outcomes: int, folder: Path) -> dict[str, float]:
    """Seconds of each stage of building a report of ``outcomes`` outcomes."""
    path = folder / f"bench-{outcomes}.txt"
    path.write_text(report_text(outcomes), encoding="utf-8")
    times: dict[str, float] = {}
    start = time.perf_counter()
    built = build_report(path)
    times["read+extract+triples"] = time.perf_counter() - start
    start = time.perf_counter()
    graph = built.graph
    times["rdflib graph"] = time.perf_counter() - start
    start = time.perf_counter()
    ensure_valid(graph, str(path))
    times["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    to_turtle(graph)
    times["turtle"] = time.perf_counter() - start
    times["total"] = sum(times.values())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outcomes", default="1000,10000", help="comma-separated sizes")
    sizes = [int(n) for n in parser.parse_args().outcomes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        results = {n: measure(n, Path(folder)) for n in sizes}
    base = results[sizes[0]]
    for n, times in results.items():
        cells = ", ".join(
            f"{stage} {seconds:.2f} s (x{seconds / max(base[stage], 1e-9):.1f})"
            for stage, seconds in times.items()
        )
        print(f"{n} outcomes: {cells}")


if __name__ == "__main__":
    main()
