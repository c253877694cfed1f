"""Benchmark the store: load time, peak memory and the partner-overlap query at ~10k, 100k and 1M
triples, on the embedded on-disk store, the in-memory store and rdflib's in-memory engine.

Each engine runs in its own child process on the same synthetic corpus (benchmarks/corpus.py), so
each peak memory figure is that engine's alone. Run by hand (not in pytest):

    .venv/bin/python benchmarks/bench_store.py --sizes 10k,100k,1M --rdflib-limit 300

``--shape dense`` uses a corpus with ~10x the links per report of the bundled report (stress).
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


# partner-overlap as rdflib's engine runs it best: no subqueries (an rdflib Graph holds each
# triple once, so it needs no de-duplication), the same counts and rows as the saved query.
PLAIN_OVERLAP = """
SELECT ?partnerA ?labelA ?partnerB ?labelB ?programmes ?outcomes ?places
  ((?programmes + ?outcomes + ?places) AS ?total)
WHERE {
  {
    SELECT ?partnerA ?partnerB (COUNT(DISTINCT ?programme) AS ?programmes)
      (COUNT(DISTINCT ?outcome) AS ?outcomes) (COUNT(DISTINCT ?place) AS ?places)
    WHERE {
      { ?programme kg:hasPartner ?partnerA, ?partnerB . }
      UNION { ?outcome kg:involvesPartner ?partnerA, ?partnerB . }
      UNION { ?partnerA kg:activeIn ?place . ?partnerB kg:activeIn ?place . }
      FILTER(STR(?partnerA) < STR(?partnerB))
    }
    GROUP BY ?partnerA ?partnerB
  }
  ?partnerA skos:prefLabel ?labelA .
  ?partnerB skos:prefLabel ?labelB .
}
ORDER BY DESC(?total) ?labelA ?labelB
"""


def _timed_rdflib(graph: object, text: str, limit: float) -> tuple[int, float | None]:
    """Rows and seconds of ``text`` in rdflib's engine, or (-1, None) past ``limit`` seconds."""
    from kg.vocab import PREFIXES

    def expired(*_: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, expired)
    signal.alarm(int(limit))
    started = time.perf_counter()
    try:
        rows = len(list(graph.query(text, initNs=dict(PREFIXES))))  # type: ignore[attr-defined]
        return rows, time.perf_counter() - started
    except TimeoutError:
        return -1, None
    finally:
        signal.alarm(0)


def child(engine: str, corpus: Path, limit: float) -> dict[str, object]:
    """Load ``corpus`` into ``engine`` and run partner-overlap; return the figures."""
    from kg.query import saved_query

    files = sorted(corpus.glob("*.nt"))
    text = saved_query("partner-overlap").text
    started = time.perf_counter()
    if engine == "rdflib":
        from rdflib import Graph

        graph = Graph()
        for path in files:
            graph.parse(path, format="nt")
        load = time.perf_counter() - started
        triples = len(graph)
        rows, plain = _timed_rdflib(graph, PLAIN_OVERLAP, limit)
        saved_rows, saved = _timed_rdflib(graph, text, limit)
        rows = max(rows, saved_rows)
        queries = [plain, saved]
    else:
        from kg.query import run_local
        from kg.store import MEMORY, Store

        where = MEMORY if engine == "memory" else str(Path(tempfile.mkdtemp()) / "store")
        store = Store.open(where, create=True)
        for path in files:
            store.replace_report(path.stem, path.read_bytes())
        store.oxigraph.flush()
        load = time.perf_counter() - started
        triples = len(store.oxigraph)
        queries = []
        for _ in range(3):
            started = time.perf_counter()
            rows = len(run_local(store, text).rows)
            queries.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "engine": engine,
        "triples": triples,
        "load_s": load,
        "query_s": queries,
        "rows": rows,
        "peak_mb": peak,
    }


def run(sizes: list[str], limit: float, workdir: Path, shape: str) -> list[dict[str, object]]:
    """Generate each corpus (cached in ``workdir``) and measure every engine on it."""
    from corpus import SHAPES, SIZES, write_corpus

    results = []
    for size in sizes:
        corpus = workdir / f"corpus-{shape}-{size}"
        if not corpus.exists():
            started = time.perf_counter()
            reports, triples = write_corpus(SIZES[size], corpus, shape=SHAPES[shape])
            print(
                f"{size}: generated {reports} reports, {triples} triples through kg.build in "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )
        for engine in ("disk", "memory", "rdflib"):
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    engine,
                    str(corpus),
                    "--rdflib-limit",
                    str(limit),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(out.stdout.splitlines()[-1])
            figures["size"] = size
            results.append(figures)
            print(_line(figures), flush=True)
    return results


def _line(f: dict) -> str:
    runs = ", ".join("over the limit" if q is None else f"{q:.3f}" for q in f["query_s"])
    label = "plain form, saved query" if f["engine"] == "rdflib" else "3 runs"
    queries = [q for q in f["query_s"] if q is not None]
    best = f"{min(queries):.3f} s" if queries else "over the limit"
    return (
        f"{f['size']:>5} {f['engine']:>7}: {f['triples']:>8} statements, load {f['load_s']:.1f} s,"
        f" partner-overlap {best} ({label}: {runs}), {f['rows']} rows,"
        f" peak {f['peak_mb']:.0f} MB"
    )


def main() -> None:
    """Parse the arguments; run one engine (``--child``) or the whole benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--rdflib-limit", type=float, default=300.0)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench")
    parser.add_argument("--shape", default="bundled", choices=("bundled", "dense"))
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "CORPUS"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.rdflib_limit)))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = run(args.sizes.split(","), args.rdflib_limit, args.workdir, args.shape)
    by = {(r["size"], r["engine"]): r for r in results}
    for size in args.sizes.split(","):
        rdflib = [q for q in by[(size, "rdflib")]["query_s"] if q is not None]
        for engine in ("disk", "memory"):
            ox = min(by[(size, engine)]["query_s"])
            ratio = f"{min(rdflib) / ox:.0f}x" if rdflib else f"over {args.rdflib_limit / ox:.0f}x"
            print(f"{size} {engine}: partner-overlap vs rdflib {ratio}")
    (args.workdir / f"results-{args.shape}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
