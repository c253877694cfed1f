"""`kg build` of a generated corpus into an on-disk store: wall time, reports per second, the CPU
time and peak memory of the whole process tree, against the one-report-at-a-time path (build,
pySHACL, SPARQL update into the store) timed in the same run on a sample of the corpus.

    python benchmarks/bench_corpus.py --reports 1000 --sample 20

The corpus is bench_extract.py's (reports in the bundled report's format, invented names, six
countries). Prints the load average before and after: the figures depend on what else the
machine runs.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import generate


def old_path(paths: list[Path], store: Path) -> float:
    """Seconds per report of the path kg build took before corpus builds: build the report,
    validate it with pySHACL, replace its graph in the store by one SPARQL update."""
    from kg.graph.validate import ensure_valid
    from kg.pipeline import build_report
    from kg.store.local import Store

    start = time.perf_counter()
    with Store.open(str(store), create=True) as opened:
        for path in paths:
            built = build_report(path)
            ensure_valid(built.graph, str(path))
            opened.replace_report(built.extraction.document.slug, built.triples)
    return (time.perf_counter() - start) / len(paths)


def tree_rss(root: int) -> int:
    """Resident bytes of process ``root`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1]) * 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def new_path(folder: Path, store: Path, jobs: int | None) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (user and system, the process tree: what the build costs
    whatever else the machine runs), peak memory (bytes, the process tree) and summary line of
    ``kg build``."""
    command = [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store)]
    if jobs:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
        errors.seek(0)
        lines = errors.read().splitlines()
    if process.returncode != 0:
        raise SystemExit("kg build failed:\n" + "\n".join(lines[-5:]))
    return seconds, cpu, peak, lines[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20, help="reports timed on the old path")
    parser.add_argument("--jobs", type=int, help="kg build --jobs (default: one per core)")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = generate(folder, args.reports, args.seed)
        print(f"corpus: {len(paths)} reports; cores: {os.cpu_count()}; load {os.getloadavg()}")
        per_report = old_path(paths[: args.sample], Path(tmp) / "old-store")
        print(
            f"old path (build, pySHACL, SPARQL update), {args.sample} reports: "
            f"{per_report:.2f} s a report, so {per_report * len(paths):.0f} s for the corpus"
        )
        seconds, cpu, peak, summary = new_path(folder, Path(tmp) / "store", args.jobs)
        print(f"kg build: {summary}")
        speedup = per_report * len(paths) / seconds
        print(
            f"kg build: {seconds:.1f} s wall ({len(paths) / seconds:.1f} reports/s), {cpu:.1f} s "
            f"CPU (process tree; {cpu / (os.cpu_count() or 1):.1f} s a core), peak "
            f"memory {peak / 2**20:.0f} MiB (process tree); x{speedup:.1f} faster than the old "
            f"path; load {os.getloadavg()}"
        )


if __name__ == "__main__":
    main()
