"""Time kg's partner overlap and centrality against a naive networkx baseline, in one run.

Run by hand (never in pytest):

    .venv/bin/python benchmarks/bench_overlap.py --partners 2000

Two synthetic corpora of ~2,000 partners are generated with a fixed seed: "countries" (partners
spread over 100 countries, Zipf-popular programmes) and "one-country" (every partner active in
the same country, as in a corpus of one country's reports: the place overlap is complete). For
each, kg.analysis.network.overlap (sparse products, sampled betweenness beyond a size, Louvain)
is timed against networkx's bipartite projections per dimension plus exact betweenness on the
same partner network. The baseline's exact betweenness is bounded: it is timed on a sample of
sources and scaled up to all sources, and the figure is marked as an estimate.
"""

from __future__ import annotations

import argparse
import random
import time

import networkx as nx
from networkx.algorithms import bipartite

from kg.analysis.network import (
    DIMENSIONS,
    NETWORK_DIMENSIONS,
    Edge,
    LinkGraph,
    Node,
    overlap,
    read_links,
)

ID = "https://w3id.org/kg/id/"


def synthetic(partners: int, one_country: bool, seed: int = 7) -> LinkGraph:
    """A LinkGraph of the kg shape: partners in programmes, outcomes and places."""
    rng = random.Random(seed)
    countries = 1 if one_country else 100
    programmes = 300
    outcomes_per_country = 30 if not one_country else 600
    nodes = [Node(f"{ID}partner/p{i}", "partner", f"Partner {i}") for i in range(partners)]
    nodes += [Node(f"{ID}programme/g{j}", "programme", f"Programme {j}") for j in range(programmes)]
    nodes += [Node(f"{ID}place/c{c}", "place", f"Country {c}") for c in range(countries)]
    nodes += [
        Node(f"{ID}place/c{c}-r{r}", "place", f"Region {c}.{r}")
        for c in range(countries)
        for r in range(32)
    ]
    nodes += [
        Node(f"{ID}outcome/c{c}-o{o}", "outcome", f"O{c}.{o}")
        for c in range(countries)
        for o in range(outcomes_per_country)
    ]
    country_weights = [1 / (c + 1) for c in range(countries)]
    programme_weights = [1 / (g + 1) ** 0.8 for g in range(programmes)]
    edges = set()
    for i in range(partners):
        partner = f"{ID}partner/p{i}"
        c = rng.choices(range(countries), country_weights)[0]
        edges.add((partner, "activeIn", f"{ID}place/c{c}"))
        for r in rng.sample(range(32), rng.randint(0, 2)):
            edges.add((partner, "activeIn", f"{ID}place/c{c}-r{r}"))
        for g in set(rng.choices(range(programmes), programme_weights, k=rng.randint(1, 3))):
            edges.add((f"{ID}programme/g{g}", "hasPartner", partner))
        for o in rng.sample(range(outcomes_per_country), rng.randint(1, 4)):
            edges.add((f"{ID}outcome/c{c}-o{o}", "involvesPartner", partner))
    return LinkGraph(
        tuple(sorted(nodes, key=lambda n: n.id)),
        tuple(Edge(s, p, o, 1) for s, p, o in sorted(edges)),
    )


def to_rdf(links: LinkGraph):
    """The LinkGraph as an rdflib Graph of typed, labelled nodes and derived links."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from kg.graph.vocab import KG

    classes = {"partner": KG.Partner, "programme": KG.Programme, "place": KG.Place}
    classes["outcome"] = KG.Outcome
    graph = Graph()
    for node in links.nodes:
        graph.add((URIRef(node.id), RDF.type, classes[node.type]))
        graph.add((URIRef(node.id), SKOS.prefLabel, Literal(node.label)))
    for edge in links.edges:
        graph.add((URIRef(edge.source), KG[edge.predicate], URIRef(edge.target)))
    return graph


def naive(links: LinkGraph, sample: int, seed: int = 0) -> dict[str, float]:
    """networkx bipartite projections (counts and Jaccard) per dimension and overall, Louvain,
    and betweenness on the partner network (timed on ``sample`` sources, scaled to all)."""
    times: dict[str, float] = {}
    partners = [n.id for n in links.of_type("partner")]
    start = time.perf_counter()
    bipartites = {}
    for dimension, (predicate, partner_is_subject) in DIMENSIONS.items():
        graph = nx.Graph()
        graph.add_nodes_from(partners, bipartite=0)
        for e in links.edges:
            if e.predicate == predicate:
                item = e.target if partner_is_subject else e.source
                graph.add_node(item, bipartite=1)
                graph.add_edge(e.target if not partner_is_subject else e.source, item)
        bipartites[dimension] = graph
    bipartites["overall"] = nx.compose_all(list(bipartites.values()))
    projected = {}
    for dimension, graph in bipartites.items():
        projected[dimension] = bipartite.weighted_projected_graph(graph, partners)
        bipartite.overlap_weighted_projected_graph(graph, partners, jaccard=True)
    times["projection"] = time.perf_counter() - start

    network = nx.Graph()
    network.add_nodes_from(partners)
    for dimension in NETWORK_DIMENSIONS:
        for a, b, w in projected[dimension].edges(data="weight"):
            old = network.get_edge_data(a, b, {"weight": 0})["weight"]
            network.add_edge(a, b, weight=old + w)
    start = time.perf_counter()
    nx.community.louvain_communities(network, weight="weight", seed=seed)
    nx.degree_centrality(network)
    times["louvain+degree"] = time.perf_counter() - start
    k = min(sample, len(partners))
    start = time.perf_counter()
    nx.betweenness_centrality(network, k=k, seed=seed)
    times["betweenness (exact, estimated)"] = (time.perf_counter() - start) * len(partners) / k
    times["network links"] = network.number_of_edges()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--baseline-sample", type=int, default=50, help="betweenness sources")
    args = parser.parse_args()
    for one_country in (False, True):
        name = "one-country" if one_country else "countries"
        links = synthetic(args.partners, one_country)
        rdf = to_rdf(links)
        start = time.perf_counter()
        read_links(rdf)
        read = time.perf_counter() - start
        start = time.perf_counter()
        overlap(links, top=20, network=False)
        pairs_time = time.perf_counter() - start
        start = time.perf_counter()
        result = overlap(links, top=20)
        kg_time = time.perf_counter() - start
        base = naive(links, args.baseline_sample)
        base_total = sum(v for k, v in base.items() if k != "network links")
        print(f"== {name}: {args.partners} partners, {len(links.edges)} links, {len(rdf)} triples")
        links_count = int(base["network links"])
        print(f"   overlapping pairs: {result.total_pairs}; partner network links: {links_count}")
        print(f"   kg read_links (rdflib graph):      {read:8.2f} s")
        print(f"   kg overlap pairs only (sparse):    {pairs_time:8.2f} s")
        print(f"   kg overlap + centrality + Louvain: {kg_time:8.2f} s")
        for note in result.notes[1:]:
            print(f"     ({note})")
        for key, value in base.items():
            if key != "network links":
                print(f"   baseline {key + ':':<32}{value:8.2f} s")
        ratio = base_total / kg_time
        print(
            f"   baseline total:                    {base_total:8.2f} s  -> {ratio:.1f}x kg's time"
        )
        ratio = base["projection"] / pairs_time
        print(f"   baseline projection / kg pairs:    {ratio:8.1f}x")


if __name__ == "__main__":
    main()
