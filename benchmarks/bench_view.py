"""How fast a large network view draws in Chromium: laid out in Python with physics off, against
vis-network's physics placing the same nodes (the baseline), measured in the same run.

Run by hand (not in pytest):

    .venv/bin/python benchmarks/bench_view.py --nodes 2000

A synthetic graph in kg's shape (programmes, partners, places, outcomes, the derived links with
their evidence sentences) is written as two HTML views. Each is opened from file:// in headless
Chromium with the network blocked; the figure is the time from navigation start to the network's
first 'afterDrawing' event (vis-network draws nothing before its physics stabilises), then the
mean time of one redraw, which is what every pan, zoom and hover costs.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.graph.vocab import (
    KG,
    OA,
    bind_prefixes,
    entity_iri,
    link_iri,
    outcome_iri,
    predicate,
    report_iri,
    sentence_iri,
)
from kg.publish.views import render_html, view_for

SLUG = "bench"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def synthetic_graph(nodes: int, seed: int = 1) -> Graph:
    """A kg-shaped graph of about ``nodes`` nodes: 2% programmes, 35% partners, 18% places, and
    outcomes for the rest, each involving a programme, 2-4 partners and 1-2 places."""
    rng = random.Random(seed)
    graph = bind_prefixes(Graph())
    counts = {"programme": max(2, nodes // 50), "partner": nodes * 35 // 100}
    counts["place"] = nodes * 18 // 100
    outcomes = nodes - sum(counts.values())
    keys = {t: [f"{t}/{t}-{i}" for i in range(n)] for t, n in counts.items()}
    classes = {"programme": KG.Programme, "partner": KG.Partner, "place": KG.Place}
    for type_, names in keys.items():
        for key in names:
            graph.add((entity_iri(key), RDF.type, classes[type_]))
            graph.add((entity_iri(key), SKOS.prefLabel, Literal(key.split("/")[1].title())))
    report = report_iri(SLUG)
    graph.add((report, RDF.type, KG.Report))
    offset = 0
    for i in range(outcomes):
        identifier = f"XM-BENCH-O_{i}"
        outcome = outcome_iri(identifier)
        graph.add((report, KG.hasOutcome, outcome))
        graph.add((outcome, RDF.type, KG.Outcome))
        graph.add((outcome, DCTERMS.identifier, Literal(identifier)))
        graph.add((outcome, SKOS.prefLabel, Literal(identifier)))
        graph.add((outcome, KG.statement, Literal(f"Outcome {i} statement.")))
        programme = rng.choice(keys["programme"][: 1 + i % len(keys["programme"])])
        partners = rng.sample(keys["partner"], rng.randint(2, 4))
        places = rng.sample(keys["place"], rng.randint(1, 2))
        text = f"In outcome {i}, {', '.join(partners)} worked in {', '.join(places)}."
        sentence = sentence_iri(SLUG, offset, offset + len(text))
        offset += len(text) + 1
        graph.add((sentence, RDF.type, KG.Evidence))
        graph.add((sentence, OA.exact, Literal(text)))
        graph.add((sentence, OA.start, Literal(offset, datatype=XSD.nonNegativeInteger)))
        graph.add((sentence, KG.inOutcome, outcome))
        graph.add((sentence, PROV.hadPrimarySource, report))
        for key in [programme, *partners, *places]:
            graph.add((sentence, KG.mentions, entity_iri(key)))
        links = [(identifier, "involvesProgramme", programme)]
        links += [(identifier, "involvesPartner", p) for p in partners]
        links += [(identifier, "concernsPlace", p) for p in places]
        links += [(programme, "hasPartner", p) for p in partners]
        links += [(p, "activeIn", q) for p in partners for q in places]
        links += [(a, "collaboratesWith", b) for a, b in pairwise(partners) if a < b]
        for subject, name, obj in links:
            s = outcome_iri(subject) if subject == identifier else entity_iri(subject)
            _link(graph, s, name, entity_iri(obj), sentence)
    return graph


def _link(graph: Graph, subject, name: str, obj, sentence) -> None:
    graph.add((subject, predicate(name), obj))
    link = link_iri(SLUG, name, str(subject), str(obj))
    graph.add((link, RDF.type, KG.Link))
    graph.add((link, KG.linkSubject, subject))
    graph.add((link, KG.linkPredicate, predicate(name)))
    graph.add((link, KG.linkObject, obj))
    graph.add((link, KG.evidence, sentence))


def measure(browser, path: Path, timeout_s: float) -> tuple[float | None, float | None]:
    """Milliseconds from navigation to the first drawing, and of one redraw after it."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    try:
        page.wait_for_selector("body[data-drawn]", timeout=timeout_s * 1000, state="attached")
    except Exception:
        page.close()
        return None, None
    drawn = page.evaluate("() => kgView.drawnAt")
    redraw = page.evaluate(
        """() => { const t = performance.now();
                   for (let i = 0; i < 10; i++) kgView.network.redraw();
                   return (performance.now() - t) / 10; }"""
    )
    outside = [u for u in requests if not u.startswith("file:")]
    assert not outside, outside
    page.close()
    return drawn, redraw


def main() -> None:
    """Build the views, open both in Chromium, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--baseline-timeout", type=float, default=300.0, help="seconds")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    graph = synthetic_graph(args.nodes)
    start = time.perf_counter()
    view = view_for(graph)
    view_s = time.perf_counter() - start
    start = time.perf_counter()
    laid_out = render_html(view, layout=True)
    render_s = time.perf_counter() - start
    baseline = render_html(view, layout=False)
    print(f"graph: {len(graph)} triples; view: {len(view.nodes)} nodes, {len(view.edges)} edges")
    print(f"python: view {view_s:.2f} s, layout + HTML {render_s:.2f} s, {len(laid_out)} bytes")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = {}
        for name, page in (("layout, physics off", laid_out), ("physics on (baseline)", baseline)):
            path = Path(tmp) / f"{name.split()[0]}.html"
            path.write_bytes(page)
            results[name] = measure(browser, path, args.baseline_timeout)
        browser.close()
    for name, (drawn, redraw) in results.items():
        if drawn is None:
            print(f"{name:24} not drawn within {args.baseline_timeout:.0f} s")
        else:
            print(f"{name:24} first drawn {drawn / 1000:7.2f} s   one redraw {redraw:6.1f} ms")
    ours, base = results["layout, physics off"][0], results["physics on (baseline)"][0]
    if ours and base:
        print(f"ratio: the baseline takes {base / ours:.1f}x as long to draw")


if __name__ == "__main__":
    main()
