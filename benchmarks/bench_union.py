"""Benchmark what the store's set default graph (kg.store.union) costs: load time, disk size and
query time on an on-disk store holding the bundled report and N generated reports, against the
same loads without it (the baseline, measured in the same run: Oxigraph's union of named graphs).

Run by hand (not in pytest):

    python benchmarks/bench_union.py --triples 200000

The baseline loads each report with the update kg ran before it kept the union (drop, insert,
entities graph) and queries with ``use_default_graph_as_union``; the union store loads with
``Store.replace_report``. Both run the ``kg query --help`` example, a partner count and
``programmes-of-partner`` best of three.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BUNDLED = HERE.parent / "data" / "reports" / "unwomen-mexico-2022.txt"
RUNS = 3
QUERIES = {
    "help example": "SELECT ?p ?label WHERE { ?p a kg:Partner ; skos:prefLabel ?label }",
    "COUNT(?p)": "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Partner }",
}


def _graphs(triples: int) -> list[tuple[str, bytes]]:
    from corpus import write_corpus

    from kg.pipeline import build_report
    from kg.store.local import Store

    memory = Store.open(":memory:")
    memory.replace_report("unwomen-mexico-2022", build_report(BUNDLED).triples)
    graphs = [("unwomen-mexico-2022", memory.report_ntriples("unwomen-mexico-2022"))]
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(triples, Path(folder))
        for path in sorted(Path(folder).glob("*.nt")):
            graphs.append((path.stem, path.read_bytes()))
    return graphs


def _load_baseline(store, slug: str, data: bytes) -> None:
    from kg.graph.vocab import graph_iri
    from kg.store import entities

    target = f"<{graph_iri(slug)}>"
    store.oxigraph.update(
        " ;\n".join(
            [
                entities.retract(str(graph_iri(slug))),
                f"DROP SILENT GRAPH {target}",
                f"INSERT DATA {{ GRAPH {target} {{\n{data.decode()}\n}} }}",
                entities.collect(str(graph_iri(slug))),
            ]
        )
    )


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _best(store, text: str, union: bool) -> tuple[float, int]:
    from kg.store.local import sparql_prefixes

    best, rows = float("inf"), 0
    for _ in range(RUNS):
        start = time.perf_counter()
        answer = store.oxigraph.query(
            text, prefixes=sparql_prefixes(), use_default_graph_as_union=union
        )
        rows = sum(1 for _ in answer)
        best = min(best, time.perf_counter() - start)
    return best, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=200_000, help="generated triples")
    args = parser.parse_args()

    from kg.store.local import Store
    from kg.store.query import saved_query

    graphs = _graphs(args.triples)
    total = sum(data.count(b"\n") for _, data in graphs)
    generated = len(graphs) - 1
    print(f"{len(graphs)} reports (the bundled one and {generated} generated), {total} triples")
    queries = dict(QUERIES)
    saved = saved_query("programmes-of-partner").text
    queries["programmes-of-partner"] = saved.replace(
        "WHERE {", 'WHERE { VALUES ?partner { "INMUJERES" }', 1
    )
    for name, union in (("baseline (no union kept)", False), ("set default graph", True)):
        folder = Path(tempfile.mkdtemp(prefix="kg-bench-union-"))
        try:
            store = Store.open(str(folder / "store"), create=True)
            start = time.perf_counter()
            first = None
            for slug, data in graphs:
                if union:
                    store.replace_report(slug, data)
                else:
                    _load_baseline(store, slug, data)
                if first is None:
                    first = time.perf_counter() - start
            load = time.perf_counter() - start
            store.oxigraph.flush()
            size = _size(folder) / 1e6
            print(f"\n{name}: load {load:.2f} s (bundled alone {first:.2f} s), disk {size:.1f} MB")
            for label, text in queries.items():
                seconds, rows = _best(store, text, union=not union)
                print(f"  {label:<22} {seconds * 1000:8.1f} ms  {rows} rows")
            if union:
                start = time.perf_counter()
                store.remove_report("unwomen-mexico-2022")
                print(f"  remove the bundled report: {time.perf_counter() - start:.2f} s")
            store.close()
        finally:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
