"""Benchmark the store: load time, peak memory and the partner-overlap query at ~10k, 100k and 1M
triples, on the embedded on-disk store, the in-memory store and rdflib's in-memory engine.

Each engine runs in its own child process on the same synthetic corpus (benchmarks/corpus.py), so
each peak memory figure is that engine's alone. Run by hand (not in pytest):

    .venv/bin/python benchmarks/bench_store.py --sizes 10k,100k,1M --rdflib-limit 300

On Oxigraph it runs the saved query (which reads the store's entities graph); rdflib, which has
no named graphs here, runs the same question in the form its engine runs best (PLAIN_OVERLAP).
The rows of each engine are digested and compared.

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
RUNS = 5
sys.path.insert(0, str(HERE))


# partner-overlap as rdflib's engine runs it best: one plain graph (rdflib holds each triple
# once, and has no entities graph), one grouping (its GROUP_CONCAT skips unbound values, but not
# with DISTINCT, which it does not need: each (pair, thing) row comes once). The
# same rows as the saved query; only the order of names within a list may differ.
PLAIN_OVERLAP = """
SELECT ?partnerA ?labelA ?partnerB ?labelB ?programmes ?outcomes ?places
  ((?programmes + ?outcomes + ?places) AS ?total) ?sharedProgrammes ?sharedOutcomes ?sharedPlaces
WHERE {
  {
    SELECT ?partnerA ?partnerB (COUNT(DISTINCT ?programme) AS ?programmes)
      (COUNT(DISTINCT ?outcome) AS ?outcomes) (COUNT(DISTINCT ?place) AS ?places)
      (GROUP_CONCAT(?programmeLabel; separator=" | ") AS ?sharedProgrammes)
      (GROUP_CONCAT(?outcomeLabel; separator=" | ") AS ?sharedOutcomes)
      (GROUP_CONCAT(?placeLabel; separator=" | ") AS ?sharedPlaces)
    WHERE {
      { ?programme kg:hasPartner ?partnerA, ?partnerB ; skos:prefLabel ?programmeLabel . }
      UNION { ?outcome kg:involvesPartner ?partnerA, ?partnerB ; skos:prefLabel ?outcomeLabel . }
      UNION {
        ?partnerA kg:activeIn ?place . ?partnerB kg:activeIn ?place .
        ?place skos:prefLabel ?placeLabel .
      }
      FILTER(!sameTerm(?partnerA, ?partnerB))
    }
    GROUP BY ?partnerA ?partnerB
  }
  ?partnerA skos:prefLabel ?labelA .
  ?partnerB skos:prefLabel ?labelB .
  FILTER(?labelA < ?labelB || (?labelA = ?labelB && STR(?partnerA) < STR(?partnerB)))
}
ORDER BY DESC(?total) ?labelA ?labelB
"""


def _digest(variables: list[str], rows: list[list[object]]) -> str:
    """A digest of result rows that ignores the order of names within a list (SPARQL leaves it
    open), so that the engines can be checked to give the same answer."""
    import hashlib

    lists = [variables.index(name) for name in variables if name.startswith("shared")]
    cells = []
    for row in rows:
        # rdflib terms give their lexical form with str(), pyoxigraph terms with .value
        text = ["" if t is None else str(t) if hasattr(t, "n3") else t.value for t in row]
        for index in lists:
            text[index] = " | ".join(sorted(text[index].split(" | ")))
        cells.append(tuple(text))
    return hashlib.sha256(repr(cells).encode()).hexdigest()[:16]


def _timed_rdflib(graph: object, text: str, limit: float) -> tuple[str | None, int, float | None]:
    """The digest, row count and seconds of ``text`` in rdflib's engine (None past ``limit``)."""
    from kg.graph.vocab import PREFIXES

    def expired(*_: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, expired)
    signal.alarm(int(limit))
    started = time.perf_counter()
    try:
        answer = graph.query(text, initNs=dict(PREFIXES))  # type: ignore[attr-defined]
        rows = [list(row) for row in answer]
        seconds = time.perf_counter() - started
    except TimeoutError:
        return None, -1, None
    finally:
        signal.alarm(0)
    variables = [str(v) for v in answer.vars]
    return _digest(variables, rows), len(rows), seconds


def child(engine: str, corpus: Path, limit: float) -> dict[str, object]:
    """Load ``corpus`` into ``engine`` and run partner-overlap; return the figures."""
    from kg.store.query import saved_query

    files = sorted(corpus.glob("*.nt"))
    started = time.perf_counter()
    if engine == "rdflib":
        from rdflib import Graph

        graph = Graph()
        for path in files:
            graph.parse(path, format="nt")
        load = time.perf_counter() - started
        triples, entities = len(graph), 0
        digest, rows, seconds = _timed_rdflib(graph, PLAIN_OVERLAP, limit)
        queries = [seconds]
    else:
        from kg.store.local import MEMORY, Store
        from kg.store.query import run_local

        where = MEMORY if engine == "memory" else str(Path(tempfile.mkdtemp()) / "store")
        store = Store.open(where, create=True)
        for path in files:
            store.replace_report(path.stem, path.read_bytes())
        store.oxigraph.flush()
        load = time.perf_counter() - started
        if engine == "disk":
            # queried as `kg query` would: by a process that opens the store kg build wrote
            store.close()
            store = Store.open(where)
        triples = sum(1 for _ in store.quads())
        entities = len(store.oxigraph) - triples
        text = saved_query("partner-overlap").text
        queries = []
        for _ in range(RUNS):
            started = time.perf_counter()
            result = run_local(store, text)
            queries.append(time.perf_counter() - started)
        digest, rows = _digest(result.variables, result.rows), len(result.rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "engine": engine,
        "triples": triples,
        "entities_graph": entities,
        "load_s": load,
        "query_s": queries,
        "rows": rows,
        "digest": digest,
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
                f"{size}: generated {reports} reports, {triples} triples through kg.graph.build in "
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
    label = "plain form" if f["engine"] == "rdflib" else f"saved query, {RUNS} runs"
    queries = [q for q in f["query_s"] if q is not None]
    best = f"{min(queries):.3f} s" if queries else "over the limit"
    return (
        f"{f['size']:>5} {f['engine']:>7}: {f['triples']:>8} statements"
        f" (+{f['entities_graph']} in the entities graph), load {f['load_s']:.1f} s,"
        f" partner-overlap {best} ({label}: {runs}), {f['rows']} rows,"
        f" answer {f['digest']}, peak {f['peak_mb']:.0f} MB"
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
            ratio = f"{min(rdflib) / ox:.1f}x" if rdflib else f"over {args.rdflib_limit / ox:.0f}x"
            print(f"{size} {engine}: partner-overlap vs rdflib {ratio}")
        digests = {by[(size, engine)]["digest"] for engine in ("disk", "memory", "rdflib")}
        same = "the same rows" if len(digests) == 1 else "DIFFERENT rows"
        print(f"{size}: the three engines give {same}")
    (args.workdir / f"results-{args.shape}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
