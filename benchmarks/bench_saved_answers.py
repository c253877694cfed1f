"""What bounding the saved answers ``kg serve`` makes at start-up costs: each saved query that
takes no parameters (the partner overlap first), best of N, run three ways on one on-disk store in
the same run: in the server's process (how kg serve ran them, with no time limit), in a bounded
worker sending back pickled terms, and in a bounded worker sending back SPARQL JSON
(``kg.serve.protocol.saved_result``, what kg serve does now). Rows are compared too.

Run by hand (never in pytest):

    python benchmarks/bench_saved_answers.py --reports 300 --runs 3

The store is generated once into ``--workdir`` (bench_serve.py's store of corpus.py's reports).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.serve.explore import Explorer
from kg.serve.protocol import saved_result
from kg.store.local import Store, sparql_prefixes
from kg.store.query import Result, collect, saved_queries
from kg.store.worker import Limits, run_bounded

LIMITS = Limits(timeout=600.0, max_rows=1_000_000)


def in_process(location: str, text: str) -> Result:
    """The former way: on the server's open store, in its process, unbounded."""
    with Store.open(location, read_only=True) as store:
        return collect(Explorer(store).answer(text), LIMITS.max_rows)


def _pickled_job(location: str, text: str) -> Result:
    with Store.open(location, read_only=True) as store:
        union = not store.holds_union()
        answer = store.oxigraph.query(
            text, prefixes=sparql_prefixes(), use_default_graph_as_union=union
        )
        return collect(answer, LIMITS.max_rows)


def pickled(location: str, text: str) -> Result:
    """A bounded worker whose Result (pyoxigraph terms) comes back pickled."""
    return run_bounded(_pickled_job, location, text, limits=LIMITS)


def as_json(location: str, text: str) -> Result:
    """kg serve's way now: a bounded worker sending SPARQL JSON back."""
    return saved_result(location, text, LIMITS, "the saved query")


def best(run: Callable[[str, str], Result], location: str, text: str, runs: int) -> tuple:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run(location, text)
        times.append(time.perf_counter() - start)
    return min(times), result


def rows(result: Any) -> list[list[str]]:
    return [[str(term) for term in row] for row in result.rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default="/tmp/kg-bench-saved")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_serve import make_store

    where = Path(args.workdir) / f"store-{args.reports}"
    if not where.exists():
        make_store(where, args.reports)
    location = str(where)
    whole = sorted(
        (q for q in saved_queries().values() if not q.params),
        key=lambda q: (q.name != "partner-overlap", q.name),
    )
    print(f"{args.reports} reports, best of {args.runs}")
    print(
        f"{'query':<34} {'rows':>6} {'process':>8} {'pickled':>8} {'json':>8} {'json/process':>12}"
    )
    for query in whole:
        before, baseline = best(in_process, location, query.text, args.runs)
        worker, kept = best(pickled, location, query.text, args.runs)
        now, answered = best(as_json, location, query.text, args.runs)
        assert rows(answered) == rows(baseline) == rows(kept), query.name
        print(
            f"{query.name:<34} {len(answered.rows):>6} {before:>8.2f} {worker:>8.2f} "
            f"{now:>8.2f} {now / before:>12.2f}"
        )


if __name__ == "__main__":
    main()
