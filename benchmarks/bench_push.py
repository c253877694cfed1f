"""`kg push` of a store built from a generated corpus to a real Oxigraph server and a real
Virtuoso (started here on free 127.0.0.1 ports, throwaway databases): seconds and triples per
second for each.

    python benchmarks/bench_push.py --reports 100
    python benchmarks/bench_push.py --store /tmp/kg-1000/store   # a store built already

Needs the ``oxigraph`` server (a test dependency) and Debian's virtuoso-opensource (as
scripts/test.sh installs it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def push_seconds(store: Path, endpoint: str, env: dict[str, str]) -> tuple[float, int]:
    """Seconds ``kg push`` of every report of ``store`` to ``endpoint`` took, and the triples
    it says it pushed."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kg", "push", "--endpoint", endpoint, "--store", str(store)],
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
        oxigraph = subprocess.Popen(
            ["oxigraph", "serve", "--location", f"{tmp}/ox", "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
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
        try:
            wait_for_server(
                f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", oxigraph, 60, "oxigraph"
            )
            wait_for_server(
                f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", virtuoso, 120, "Virtuoso"
            )
            env = {**os.environ, "KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD}
            for name, url in (
                ("oxigraph", f"http://127.0.0.1:{port}"),
                ("virtuoso", f"http://127.0.0.1:{http}/sparql-auth"),
            ):
                seconds, triples = push_seconds(store, url, env)
                print(
                    f"{name}: {triples:,} triples in {seconds:.1f} s "
                    f"({triples / seconds:,.0f} triples/s)"
                )
        finally:
            for process in (oxigraph, virtuoso):
                process.terminate()
                process.wait(timeout=60)
        print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
