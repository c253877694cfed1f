"""Time kg's saved queries on a store and write their full result rows, to compare two versions.

Run by hand (never in pytest), on a store built from a synthetic corpus (``corpus.py``):

    python benchmarks/bench_queries.py /tmp/kg-store-1M --runs 3 --dump /tmp/rows-new.json
    python benchmarks/bench_queries.py /tmp/kg-store-1M --query outcome-summary=old.rq --runs 1

Each saved query runs with parameters that exist in the synthetic corpus; ``--query NAME=FILE``
runs FILE instead of the saved text (an older version, say). The best of ``--runs`` is printed;
``--dump`` writes every query's variables and rows (N-Triples form of each term) as JSON, so two
dumps can be compared row for row.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.store.local import Store
from kg.store.query import run_local, saved_query

PARAMS = {
    "evidence-for": {"from": "Partner g000 Institute", "to": "Programme g000"},
    "figures": {},
    "outcome-summary": {},
    "partners-in-place": {"place": "Place c020-07"},
    "partners-of-programme": {"programme": "Programme g000"},
    "programmes-of-partner": {"partner": "Partner g000 Institute"},
}


def main() -> None:
    """Parse the arguments, time the queries and print one line each."""
    import pyoxigraph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated query names")
    parser.add_argument("--query", action="append", default=[], help="NAME=FILE override")
    parser.add_argument("--param", action="append", default=[], help="QUERY:NAME=VALUE")
    parser.add_argument("--dump", default="")
    args = parser.parse_args()
    params = {name: dict(values) for name, values in PARAMS.items()}
    for item in args.param:
        query, _, pair = item.partition(":")
        key, _, value = pair.partition("=")
        params.setdefault(query, {})[key] = value
    overrides = dict(item.split("=", 1) for item in args.query)
    names = args.only.split(",") if args.only else list(PARAMS)
    dump: dict[str, dict[str, list]] = {}
    store = Store.open(args.store)
    try:
        for name in names:
            text = (
                Path(overrides[name]).read_text(encoding="utf-8")
                if name in overrides
                else saved_query(name).text
            )
            bound = {k: pyoxigraph.Literal(v) for k, v in params.get(name, {}).items()}
            best = float("inf")
            for _ in range(args.runs):
                start = time.perf_counter()
                result = run_local(store, text, bound)
                best = min(best, time.perf_counter() - start)
            rows = [[None if t is None else str(t) for t in row] for row in result.rows]
            dump[name] = {"variables": result.variables, "rows": rows}
            print(f"{name:24} best of {args.runs}: {best:8.3f} s  {len(rows)} rows", flush=True)
    finally:
        store.close()
    if args.dump:
        Path(args.dump).write_text(json.dumps(dump, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
