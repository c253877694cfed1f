"""Load on ``kg serve``: N concurrent clients for a fixed time against a store of generated
reports; throughput and p50/p95 latency per request kind, the saved partner-overlap query's time
through the SPARQL endpoint, and the server's peak memory (its process and every child: the
fork server and the query workers).

Run by hand (never in pytest):

    python benchmarks/bench_serve.py --reports 300 --clients 8 --seconds 60

The store is generated once into ``--workdir`` (``corpus.py``'s reports, one graph each). Each
client is its own process (so clients do not share a GIL with each other) cycling through a
partner page, a search and a saved query run from the SPARQL editor page
(programmes-of-partner, for one of 30 partners in turn); the partner-overlap query is timed
apart, before the clients start, through ``/sparql``: asked as soon as the server listens (the
server answers it once, on its own store, while it starts), then its kept answer. The machine's
load average is printed before and after (the clients and server share its cores).
Targets (issue 14): partner page and search p95 < 150 ms with 8 clients, the overlap query
< 2 s, memory < 1 GB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

# Each kind cycles through its paths: partners working everywhere (g000 is in nearly every
# report, with over a thousand links) and in one country; names typed in several ways. The
# server keeps a page once made, so each partner's first visit is what costs.
PARTNERS = [f"g{i:03d}" for i in range(30)] + [
    f"c000-{i:02d}" for i in (0, 1, 4, 7, 8, 9, 10, 11, 12, 13, 17, 18)
]
SEARCHES = ["g00", "partner c017", "PG-g003", "Place c050-1", "institute", "prgramme"]
# The server keeps answers (its store does not change while served): the saved query cycles
# through every partner working everywhere, so most of its runs in a minute are first runs.
SAVED_PARTNERS = [f"g{i:03d}" for i in range(30)]
REQUESTS = {
    "partner page": [f"/partner/{key}" for key in PARTNERS],
    "search": ["/search?" + urllib.parse.urlencode({"q": text}) for text in SEARCHES],
    "saved query": [
        "/query?"
        + urllib.parse.urlencode(
            {"name": "programmes-of-partner", "p.partner": f"Partner {key} Institute", "run": 1}
        )
        for key in SAVED_PARTNERS
    ],
}


def make_store(where: Path, reports: int) -> None:
    """A store of ``reports`` generated reports (bundled shape), one named graph each."""
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus import Pools, report

    from kg.graph.build import build_triples
    from kg.store.local import Store

    pools = Pools()
    with Store.open(str(where), create=True) as store:
        for index in range(reports):
            made = with_participations(report(index, pools))
            store.replace_report(f"synthetic-{index:05d}", build_triples(made))


def with_participations(extraction: Any) -> Any:
    """``extraction`` with a participation (role ``partner``) behind each programme-partner
    link: corpus.py's reports state the links only, and kg types an organisation kg:Partner
    (which the saved queries ask for) from its participations."""
    from kg.model import Participation

    extraction.participations = [
        Participation(r.object, r.subject, "partner", r.evidence)
        for r in extraction.relations
        if r.predicate == "hasPartner"
    ]
    return extraction


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(store: Path, port: int, timeout: float) -> subprocess.Popen:
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)]
    command += ["--timeout", str(timeout)]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/static/kg.css", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("kg serve did not start")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def client(
    base: str, seconds: float, kinds: list[str], start: int, out: multiprocessing.Queue
) -> None:
    """Cycle through the REQUESTS of ``kinds`` from the ``start``-th path of each until
    ``seconds`` pass; put (kind, seconds, status, path) records."""
    records = []
    stop = time.monotonic() + seconds
    kinds = [(kind, REQUESTS[kind]) for kind in kinds]
    turn = start * len(kinds)
    while time.monotonic() < stop:
        kind, paths = kinds[turn % len(kinds)]
        path = paths[(turn // len(kinds)) % len(paths)]
        turn += 1
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        records.append((kind, time.perf_counter() - started, status, path))
    out.put(records)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def overlap_times(base: str, runs: int) -> list[float]:
    """Seconds of each run of the saved partner-overlap query through /sparql (JSON)."""
    from kg.store.query import saved_query

    data = urllib.parse.urlencode({"query": saved_query("partner-overlap").text}).encode()
    times = []
    for _ in range(runs):
        request = urllib.request.Request(
            base + "/sparql", data=data, headers={"Accept": "application/sparql-results+json"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--kinds", default=",".join(REQUESTS), help="comma-separated request kinds to cycle"
    )
    parser.add_argument("--timeout", type=float, default=60, help="the server's --timeout")
    parser.add_argument(
        "--stagger", action="store_true", help="start each client at its own place in the paths"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench-serve"))
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    unknown = [kind for kind in kinds if kind not in REQUESTS]
    if unknown:
        raise SystemExit(f"unknown kinds {unknown}; known: {', '.join(REQUESTS)}")
    store = args.workdir / f"store-{args.reports}"
    if not store.exists():
        started = time.perf_counter()
        make_store(store, args.reports)
        took = time.perf_counter() - started
        print(f"generated {args.reports} reports into {store} in {took:.0f} s")
    port = free_port()
    server = start(store, port, args.timeout)
    base = f"http://127.0.0.1:{port}"
    peak = [tree_rss_mb(server.pid)]
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(0.25):
            peak.append(tree_rss_mb(server.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    load_before = os.getloadavg()
    try:
        overlap = overlap_times(base, 1)
        # Warm: the name index and labels are read once, at the first search, and every link
        # at the first page (a partner no client asks for), while the server starts.
        urllib.request.urlopen(base + REQUESTS["search"][0], timeout=120).read()
        urllib.request.urlopen(base + "/partner/c001-01", timeout=120).read()
        overlap += overlap_times(base, 2)
        queue: multiprocessing.Queue = multiprocessing.Queue()
        # With --stagger each client starts at its own place in the paths (people do not click
        # in step); without, all start at the first path, as the baseline runs did.
        workers = [
            multiprocessing.Process(
                target=client,
                args=(base, args.seconds, kinds, 4 * number if args.stagger else 0, queue),
            )
            for number in range(args.clients)
        ]
        for worker in workers:
            worker.start()
        records = [record for _ in workers for record in queue.get()]
        for worker in workers:
            worker.join()
    finally:
        sampling.set()
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    print(
        f"{args.reports} reports, {args.clients} clients, {args.seconds:g} s; "
        f"{len(records) / args.seconds:.1f} requests/s in all"
    )
    for kind in kinds:
        times = [t for k, t, _, _ in records if k == kind]
        bad = sum(1 for k, _, s, _ in records if k == kind and s != 200)
        slowest = max((t, p) for k, t, _, p in records if k == kind)
        print(
            f"  {kind:<13} n={len(times):<6} {len(times) / args.seconds:6.1f}/s  "
            f"p50 {1000 * statistics.median(times):7.1f} ms  "
            f"p95 {1000 * percentile(times, 0.95):7.1f} ms  non-200: {bad}  "
            f"slowest {1000 * slowest[0]:.0f} ms {slowest[1][:60]}"
        )
    print(
        f"  partner-overlap via /sparql: asked as the server starts {overlap[0]:.2f} s; "
        "again " + ", ".join(f"{t:.3f} s" for t in overlap[1:])
    )
    print(f"  server memory (process and children, peak RSS): {max(peak):.0f} MB")
    print(
        "  load average (1, 5, 15 min) before: "
        + " ".join(f"{x:.2f}" for x in load_before)
        + "; after: "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )


if __name__ == "__main__":
    main()
