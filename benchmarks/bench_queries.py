"""Time kg's saved queries on a store and write their full result rows, to compare two versions.

Run by hand (never in pytest), on a store built from the benchmark corpus (bench_corpus.py's:
bench_extract.py's generated reports, seed 3), e.g. 1,000 reports:

    python -c "import sys; sys.path.insert(0, 'benchmarks'); from pathlib import Path; \
        from bench_extract import generate; generate(Path('/tmp/corpus'), 1000, 3)"
    kg build /tmp/corpus --store /tmp/kg-store-1000
    python benchmarks/bench_queries.py /tmp/kg-store-1000 --runs 3 --dump /tmp/rows-new.json
    python benchmarks/bench_queries.py /tmp/kg-store-1000 --query outcome-summary=old.rq --runs 1
    python benchmarks/bench_queries.py /tmp/kg-store-1000 --only none --overlap

Every saved query runs (one without parameters here is an error), with parameters that exist in
that corpus (``--param QUERY:NAME=VALUE`` for another store); the IATI queries find nothing in
it but still read the store. ``--query NAME=FILE`` runs FILE instead of the saved text (an older
version, say). The best of ``--runs`` is printed: the time of ``kg.store.query.run_local`` (kg's
check of the request, then the query). ``--dump`` writes every query's variables and rows
(N-Triples form of each term) as JSON, so two dumps can be compared row for row. ``--overlap``
also times ``kg overlap``'s questions across years end to end (a new ``kg`` process each run:
start-up, name resolution, the query in its worker process, output).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from kg.store.local import Store
from kg.store.query import run_local, saved_queries

# Names and values that exist in the benchmark corpus, among the most named (the slowest to
# answer): a partner of 334 reports and 31 programmes, a programme of 945 reports, the link
# between them with the most sentences (407), two years of six reports each, the outcome of a
# sixth of the reports. The corpus has no IATI file: those queries find nothing but still read.
PARTNER = "Inter-American Development Bank"
OTHER = "World Health Organization"
PROGRAMME = "Women's Empowerment Principles"
FROM, TO = PROGRAMME, "Rural Foods"
PLACE = "Quiché"
PARAMS = {
    "activities-of-outcome": {"identifier": "XM-DAC-41146-MX_D_1.1"},
    "declared-and-narrated-partners": {"identifier": "XM-DAC-41146-MX_D_1.1"},
    "evidence-for": {"from": FROM, "to": TO},
    "funders-of-activities": {"organisation": PARTNER},
    "money-flows": {"provider": PARTNER, "receiver": OTHER},
    "outcome-progress": {"outcome": "XM-DAC-41146-MX_D_1.1"},
    "partner-history": {"partner": PARTNER},
    "partners-in-place": {"place": PLACE},
    "partners-new-or-gone": {"earlier": "2000", "later": "2001"},
    "partners-of-programme": {"programme": PROGRAMME},
    "programmes-of-partner": {"partner": PARTNER},
}
# kg overlap's questions across years, with the same parameters.
OVERLAP = {
    "--changes": ["--changes", "2000", "2001"],
    "--history": ["--history", PARTNER],
    "--across-countries": ["--across-countries"],
    "--progress": ["--progress", "XM-DAC-41146-MX_D_1.1"],
}


def main() -> None:
    """Parse the arguments, time the queries and print one line each."""
    import pyoxigraph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated query names ('none': none)")
    parser.add_argument("--query", action="append", default=[], help="NAME=FILE override")
    parser.add_argument("--param", action="append", default=[], help="QUERY:NAME=VALUE")
    parser.add_argument("--dump", default="")
    parser.add_argument("--overlap", action="store_true", help="also time kg overlap's questions")
    args = parser.parse_args()
    params = {name: dict(values) for name, values in PARAMS.items()}
    for item in args.param:
        query, _, pair = item.partition(":")
        key, _, value = pair.partition("=")
        params.setdefault(query, {})[key] = value
    overrides = dict(item.split("=", 1) for item in args.query)
    saved = saved_queries()
    names = [n for n in args.only.split(",") if n != "none"] if args.only else list(saved)
    for name in names:
        missing = set(saved[name].params) - set(params.get(name, {}))
        if missing:
            raise SystemExit(f"{name}: no value for {', '.join(sorted(missing))} (--param)")
    dump: dict[str, dict[str, list]] = {}
    store = Store.open(args.store, read_only=True)
    try:
        triples = len(store.oxigraph)
        print(f"store {args.store}: {triples:,} quads", flush=True)
        for name in names:
            text = (
                Path(overrides[name]).read_text(encoding="utf-8")
                if name in overrides
                else saved[name].text
            )
            bound = {k: pyoxigraph.Literal(v) for k, v in params.get(name, {}).items()}
            best = float("inf")
            for _ in range(args.runs):
                start = time.perf_counter()
                result = run_local(store, text, bound)
                best = min(best, time.perf_counter() - start)
            rows = [[None if t is None else str(t) for t in row] for row in result.rows]
            dump[name] = {"variables": result.variables, "rows": rows}
            print(f"{name:32} best of {args.runs}: {best:8.3f} s  {len(rows)} rows", flush=True)
    finally:
        store.close()
    if args.dump:
        Path(args.dump).write_text(json.dumps(dump, indent=1), encoding="utf-8")
    if args.overlap:
        for option, words in OVERLAP.items():
            command = [sys.executable, "-m", "kg", "overlap", *words, "--store", args.store]
            best = float("inf")
            for _ in range(args.runs):
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True)
                best = min(best, time.perf_counter() - start)
                if done.returncode != 0:
                    raise SystemExit(f"kg overlap {option} failed: {done.stderr.strip()}")
            lines = len(done.stdout.splitlines())
            print(f"kg overlap {option:21} best of {args.runs}: {best:8.3f} s  {lines} lines")


if __name__ == "__main__":
    main()
