"""`kg push` of a store built from a generated corpus to a real Oxigraph server and a real
Virtuoso (started here on free 127.0.0.1 ports, throwaway databases): seconds and triples per
second for each, then the incremental case: a re-push of a few reports into the full remote
store (``--again``), and the largest resident memory of the processes run (kg push and its
worker; with ``--reports``, kg build too).

    python benchmarks/bench_push.py --reports 100
    python benchmarks/bench_push.py --store /tmp/kg-1000/store   # a store built already

Needs the ``oxigraph`` server (a test dependency) and Debian's virtuoso-opensource (as
scripts/test.sh installs it).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def push_seconds(
    store: Path, endpoint: str, env: dict[str, str], slugs: list[str] = ()
) -> tuple[float, int]:
    """Seconds ``kg push`` of the reports ``slugs`` (all) of ``store`` to ``endpoint`` took,
    and the triples it says it pushed."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kg", "push", "--endpoint", endpoint, "--store", str(store), *slugs],
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kg push failed: {done.stderr.strip()}")
    lines = (done.stdout + done.stderr).splitlines()
    triples = sum(int(line.split("(")[1].split()[0]) for line in lines if "pushed" in line)
    return seconds, triples


def main() -> None:
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT)]
    from bench_extract import generate

    from tests.test_remote import free_port, wait_for_server
    from tests.test_virtuoso import INI, PASSWORD, USER, VIRTUOSO

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--store", type=Path, help="Push this store instead of building one.")
    parser.add_argument(
        "--again", type=int, default=5, help="Reports re-pushed into the full remote store."
    )
    parser.add_argument("--servers", default="oxigraph,virtuoso", help="Comma-separated.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            folder, store = Path(tmp) / "corpus", Path(tmp) / "store"
            folder.mkdir()
            generate(folder, args.reports, 3)
            subprocess.run(
                [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store)],
                check=True,
                capture_output=True,
            )
        print(f"store: {store}; cores: {os.cpu_count()}; load {os.getloadavg()}")
        port = free_port()
        servers: list[subprocess.Popen] = []
        try:
            oxigraph = subprocess.Popen(
                ["oxigraph", "serve", "--location", f"{tmp}/ox", "--bind", f"127.0.0.1:{port}"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append(oxigraph)
            db = Path(tmp) / "virtuoso"
            db.mkdir()
            http = free_port()
            (db / "virtuoso.ini").write_text(INI.format(db=db, sql=free_port(), http=http))
            virtuoso = subprocess.Popen(
                [VIRTUOSO, "+foreground", "+configfile", str(db / "virtuoso.ini")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=db,
            )
            servers.append(virtuoso)
            wait_for_server(
                f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", oxigraph, 60, "oxigraph"
            )
            wait_for_server(
                f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", virtuoso, 120, "Virtuoso"
            )
            env = {**os.environ, "KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD}
            again = _some_slugs(store, args.again)
            for name, url in (
                ("oxigraph", f"http://127.0.0.1:{port}"),
                ("virtuoso", f"http://127.0.0.1:{http}/sparql-auth"),
            ):
                if name not in args.servers.split(","):
                    continue
                seconds, triples = push_seconds(store, url, env)
                print(
                    f"{name}: {triples:,} triples in {seconds:.1f} s "
                    f"({triples / seconds:,.0f} triples/s); load {os.getloadavg()}",
                    flush=True,
                )
                if again:
                    seconds, triples = push_seconds(store, url, env, again)
                    print(
                        f"{name}, {len(again)} reports again into the full store: {triples:,} "
                        f"triples in {seconds:.1f} s ({triples / seconds:,.0f} triples/s)",
                        flush=True,
                    )
            # Before the servers are waited for, whose memory would count too.
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"largest resident memory of a process kg ran: {peak:,.0f} MB")
        finally:
            for process in servers:
                process.terminate()
                process.wait(timeout=60)
        print(f"load {os.getloadavg()}")


def _some_slugs(store: Path, count: int) -> list[str]:
    """``count`` reports of ``store``, spread over its list."""
    from kg.store.local import Store

    if count < 1:
        return []
    with Store.open(str(store), read_only=True) as opened:
        slugs = opened.slugs()
    return slugs[:: max(1, len(slugs) // count)][:count]


if __name__ == "__main__":
    main()
