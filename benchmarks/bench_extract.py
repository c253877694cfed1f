"""Throughput of read + extract + build on one core, over a generated corpus of reports.

Generates N reports (default 600) in the bundled report's format from templates, with partners,
programmes and places drawn from the gazetteers of several countries and organisation names
invented per report (so recognition, not only lookup, does work), then times each stage on one
core. The bundled report, timed in the same run, is the baseline.

Run by hand (not part of the test suite):

    .venv/bin/python benchmarks/bench_extract.py --reports 600
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

COUNTRIES = ["Mexico", "Colombia", "Guatemala", "Peru", "Ecuador", "Bolivia"]
CODES = {
    "Mexico": "MX",
    "Colombia": "CO",
    "Guatemala": "GT",
    "Peru": "PE",
    "Ecuador": "EC",
    "Bolivia": "BO",
}
SENTENCES = [
    "{org} and UN Women trained {n} women leaders in {city} and {state}.",
    "In collaboration with {acr}, {partner} and the {org2}, the office reached {n} people.",
    "The {prog} supported {n} women entrepreneurs in {state}; {pct}% of them increased sales.",
    "The {org} ({acr2}) adopted a protocol with support from {partner}.",
    "Companies like {co1}, {co2} and {co3} signed the Women's Empowerment Principles.",
    "The #{tag} campaign reached {n} people in {city}, according to {acr2}.",
    "{n} officials from the Ministries of Labour and Health in {state} completed the course.",
    "Women from {city} took part in the {prog2} with {partner}.",
]
HEADS = ["Institute", "Secretariat", "Commission", "Foundation", "Network", "Council"]
WORDS = ["Women", "Equality", "Rural", "Indigenous", "Youth", "Justice", "Care", "Peace"]
PROGRAMMES = ["Programme", "Initiative", "Strategy", "Alliance"]


def report_year(index: int) -> int:
    """The year of the generated report ``index``: one report per country and year (kg refuses
    two reports of one title, country and year, and reads a year only from 1900 to 2099), 2000
    onwards for the first hundred reports of a country, then back from 1999."""
    step = index // len(COUNTRIES)
    if step >= 200:
        raise SystemExit(f"at most {200 * len(COUNTRIES)} generated reports (years 1900-2099)")
    return 2000 + step if step < 100 else 1999 - (step - 100)


def generate(directory: Path, count: int, seed: int) -> list[Path]:
    """Write ``count`` reports into ``directory``; the same seed gives the same corpus."""
    from kg.extract import gazetteer

    rng = random.Random(seed)
    partners = list(gazetteer.curated("partner"))
    acronyms = [a for e in partners for a in e.aliases if a.isupper()]
    places = {
        c: (gazetteer.subdivisions(code), gazetteer.cities(code)) for c, code in CODES.items()
    }
    paths = []
    for index in range(count):
        country = COUNTRIES[index % len(COUNTRIES)]
        states, cities = places[country]
        year = report_year(index)
        lines = [f"Data as of: 1 March 2024\n\n# Progress in {country} country in {year}\n"]
        for number in range(1, rng.randint(3, 5) + 1):
            lines.append(f"OUTCOME XM-DAC-41146-{CODES[country]}_D_{number}.1\n")
            lines.append(f"By 2026, women in {country} enjoy outcome {number}.\n")
            body = []
            for _ in range(rng.randint(4, 8)):
                org_words = rng.sample(WORDS, 2)
                org = f"National {org_words[0]} {rng.choice(HEADS)} of {org_words[1]}"
                acr2 = "".join(w[0] for w in org.split() if w[0].isupper()) + str(index % 7)
                values = {
                    "org": org,
                    "org2": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(HEADS)}",
                    "acr": rng.choice(acronyms),
                    "acr2": acr2,
                    "partner": rng.choice(partners).label,
                    "prog": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(PROGRAMMES)}",
                    "prog2": f"{rng.choice(WORDS)} Leaders {rng.choice(PROGRAMMES)}",
                    "city": rng.choice(cities).label if cities else country,
                    "state": rng.choice(states).label if states else country,
                    "n": f"{rng.randint(10, 9999):,}",
                    "pct": rng.randint(1, 99),
                    "co1": f"Grupo {rng.choice(WORDS)}",
                    "co2": f"{rng.choice(WORDS)}Corp",
                    "co3": f"{rng.choice(WORDS)} Foods",
                    "tag": f"{rng.choice(WORDS)}{rng.choice(WORDS)}Now",
                }
                body.append(rng.choice(SENTENCES).format(**values))
            lines.append(" ".join(body) + "\n")
        path = directory / f"report-{index:04d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def measure(paths: list[Path]) -> dict[str, float]:
    """Seconds spent reading, extracting and building ``paths``, one after another."""
    from kg.extract.mentions import extract
    from kg.graph.build import build_triples
    from kg.readers.text import read_report

    spent = {"read": 0.0, "extract": 0.0, "build": 0.0}
    for path in paths:
        t0 = time.perf_counter()
        document = read_report(path)
        t1 = time.perf_counter()
        extraction = extract(document)
        t2 = time.perf_counter()
        build_triples(extraction)
        t3 = time.perf_counter()
        spent["read"] += t1 - t0
        spent["extract"] += t2 - t1
        spent["build"] += t3 - t2
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    bundled = Path(__file__).resolve().parent.parent / "data/reports/unwomen-mexico-2022.txt"
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp), args.reports, args.seed)
        size = sum(p.stat().st_size for p in paths)
        start = time.perf_counter()
        spent = measure(paths)
        total = time.perf_counter() - start
    baseline_runs = 10
    base = measure([bundled] * baseline_runs)
    base_total = sum(base.values())
    kib = size / 1024
    print(f"corpus: {len(paths)} reports, {kib:.0f} KiB ({kib / len(paths):.1f} KiB each)")
    print(f"corpus: {len(paths) / total:.1f} reports/s, {kib / total:.0f} KiB/s on one core")
    print(f"  {_stages(spent)}")
    without_build = spent["read"] + spent["extract"]
    print(f"corpus, read + extract only: {len(paths) / without_build:.1f} reports/s")
    bundled_kib = bundled.stat().st_size / 1024
    print(
        f"baseline, bundled report ({bundled_kib:.0f} KiB) x{baseline_runs}: "
        f"{baseline_runs / base_total:.1f} reports/s, "
        f"{bundled_kib * baseline_runs / base_total:.0f} KiB/s"
    )
    print(f"  {_stages(base)}")


def _stages(spent: dict[str, float]) -> str:
    return ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in spent.items())


if __name__ == "__main__":
    main()
