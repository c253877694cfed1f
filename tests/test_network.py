"""Partner overlap, centrality and communities on a hand-checked graph and the bundled report."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.analysis.network import (
    DEFAULT_GRAPH,
    TripleReader,
    overlap,
    programme_matrix,
    read_links,
    sample_size,
)
from kg.errors import InputError, NotFoundError
from kg.graph.vocab import KG
from kg.pipeline import build_report

TESTS = Path(__file__).resolve().parent
SMALL = TESTS / "data" / "overlap.ttl"
BUNDLED = TESTS.parent / "data" / "reports" / "unwomen-mexico-2022.txt"
ID = "https://w3id.org/kg/id/"


@pytest.fixture(scope="module")
def small():
    return read_links(Graph().parse(SMALL))


@pytest.fixture(scope="module")
def bundled_links():
    return read_links(build_report(BUNDLED).graph)


def test_read_links_gives_typed_labelled_nodes_and_evidence_counts(small):
    kinds = [n.type for n in small.nodes]
    assert kinds.count("partner") == 5
    assert kinds.count("programme") == 2
    assert kinds.count("outcome") == 2
    assert kinds.count("place") == 2
    alpha = next(n for n in small.nodes if n.id == f"{ID}partner/alpha")
    assert (alpha.label, alpha.aliases, alpha.wikidata) == ("Alpha Agency", ("AA",), ("Q1",))
    counts = {(e.source, e.predicate, e.target): e.evidence for e in small.edges}
    assert counts[(f"{ID}programme/p2", "hasPartner", f"{ID}partner/alpha")] == 3
    assert counts[(f"{ID}programme/p1", "hasPartner", f"{ID}partner/alpha")] == 1


def test_read_links_from_a_pyoxigraph_store_equals_rdflib(small):
    store = pyoxigraph.Store()
    store.load(path=str(SMALL), format=pyoxigraph.RdfFormat.TURTLE)
    assert read_links(store) == small
    dataset = pyoxigraph.Dataset(store)
    assert read_links(dataset) == small


def test_overlap_counts_and_jaccard_match_the_hand_computed_figures(small):
    result = overlap(small, top=None)
    got = [
        (p.a.label, p.b.label, p.shared, p.jaccard["overall"], p.jaccard["programmes"])
        for p in result.pairs
    ]
    assert got == [
        ("Alpha Agency", "Beta Bureau", _shared(2, 1, 0, 0), 0.75, 1.0),
        ("Beta Bureau", "Gamma Group", _shared(1, 1, 0, 1), 0.6, 0.5),
        ("Alpha Agency", "Gamma Group", _shared(1, 1, 1, 0), 0.4, 0.5),
        ("Epsilon Institute", "Gamma Group", _shared(0, 0, 1, 1), 0.25, 0.0),
    ]
    assert result.total_pairs == 4
    assert result.pairs[2].items == {
        "programmes": ("Programme Two",),
        "outcomes": ("O1",),
        "places": ("Xland",),
    }


def _shared(programmes: int, places: int, outcomes: int, together: int) -> dict[str, int]:
    """Shared counts of a pair; outcomes are counted but do not add to the overall count."""
    return {
        "programmes": programmes,
        "places": places,
        "outcomes": outcomes,
        "collaboration": together,
        "overall": programmes + places + together,
    }


def test_sharing_only_an_outcome_is_no_overlap(small):
    pairs = {(p.a.label, p.b.label) for p in overlap(small, top=None).pairs}
    assert ("Alpha Agency", "Epsilon Institute") not in pairs
    assert ("Epsilon Institute", "Alpha Agency") not in pairs


def test_top_limits_the_pairs_but_not_the_total(small):
    result = overlap(small, top=2)
    assert [(p.a.label, p.b.label) for p in result.pairs] == [
        ("Alpha Agency", "Beta Bureau"),
        ("Beta Bureau", "Gamma Group"),
    ]
    assert result.total_pairs == 4


def test_sparse_overlap_agrees_with_plain_sets_on_the_bundled_report(bundled_links):
    """Programmes, places and acting together (one item per pair that acts together) rank the
    pairs; shared outcomes do not, nor does the report's own country (Mexico)."""
    result = overlap(bundled_links, top=None)
    sets: dict[str, set] = {n.id: set() for n in bundled_links.of_type("partner")}
    for e in bundled_links.edges:
        if e.predicate == "hasPartner":
            sets[e.target].add(e.source)
        elif e.predicate == "activeIn" and e.target not in bundled_links.home:
            sets[e.source].add(e.target)
        elif e.predicate == "collaboratesWith":
            sets[e.source].add(frozenset((e.source, e.target)))
    expected = {
        frozenset((a, b)): (
            len(sets[a] & sets[b]),
            round(len(sets[a] & sets[b]) / len(sets[a] | sets[b]), 4),
        )
        for a, b in combinations(sorted(sets), 2)
        if sets[a] & sets[b]
    }
    got = {
        frozenset((p.a.id, p.b.id)): (p.shared["overall"], p.jaccard["overall"])
        for p in result.pairs
    }
    assert got == expected
    totals = [-p.shared["overall"] for p in result.pairs]
    assert totals == sorted(totals)
    assert bundled_links.home == {"https://w3id.org/kg/id/place/mx"}


@pytest.mark.parametrize("name", ["aa", "Alpha Agency", "ALPHA", " alpha agency "])
def test_partner_matches_label_alias_or_key_case_insensitively(small, name):
    result = overlap(small, partner=name, top=None)
    assert result.focus.label == "Alpha Agency"
    assert [(p.a.label, p.b.label) for p in result.pairs] == [
        ("Alpha Agency", "Beta Bureau"),
        ("Alpha Agency", "Gamma Group"),
    ]


def test_focus_partner_is_always_first_with_its_direct_collaborators_first(small):
    result = overlap(small, partner="Gamma Group", top=None)
    assert [p.a.label for p in result.pairs] == ["Gamma Group"] * 3
    # Epsilon acts with Gamma and shares nothing else; Alpha shares more but never acts with it.
    assert [p.b.label for p in result.pairs] == ["Beta Bureau", "Epsilon Institute", "Alpha Agency"]


def test_inmujeres_direct_collaborators_come_first_on_the_bundled_report(bundled_links):
    result = overlap(bundled_links, partner="INMUJERES", top=None)
    together = [p.shared["collaboration"] for p in result.pairs]
    assert together == sorted(together, reverse=True)
    first = {p.b.label for p in result.pairs if p.shared["collaboration"]}
    assert {"El Colegio de México", "Global Centre of Excellence on Gender Statistics"} <= first
    labels = {p.b.label for p in result.pairs}
    assert "Committee on the Elimination of Discrimination against Women" not in labels


def test_unknown_partner_suggests_close_names(small):
    with pytest.raises(
        NotFoundError, match=r"no partner named 'Alpha Agncy'; did you mean 'Alpha Agency'"
    ):
        overlap(small, partner="Alpha Agncy")


def test_unknown_partner_with_no_close_name_says_so_plainly(small):
    with pytest.raises(NotFoundError) as caught:
        overlap(small, partner="zzzz")
    assert str(caught.value) == "no partner named 'zzzz'"


def test_betweenness_finds_the_broker_and_degree_counts_neighbours(small):
    stats = {s.partner.label: s for s in overlap(small).partners}
    assert stats["Gamma Group"].betweenness == pytest.approx(0.3333)
    assert stats["Alpha Agency"].betweenness == 0.0
    assert stats["Gamma Group"].degree == 3
    assert stats["Gamma Group"].degree_centrality == 0.75
    assert stats["Delta Department"].degree == 0
    assert next(iter(stats)) == "Gamma Group"


def test_communities_cover_every_partner_once_and_repeat(small):
    first, second = overlap(small), overlap(small)
    members = [n.label for c in first.communities for n in c]
    assert sorted(members) == sorted(n.label for n in small.of_type("partner"))
    assert ["Delta Department"] in [[n.label for n in c] for c in first.communities]
    assert first.communities == second.communities
    assert first.partners == second.partners


def test_big_networks_get_sampled_betweenness_and_say_so(bundled_links):
    exact = overlap(bundled_links)
    sampled = overlap(bundled_links, betweenness_work=10, min_sample=4)
    assert not any("sampled" in note for note in exact.notes)
    assert any("betweenness is sampled" in note for note in sampled.notes)
    partners = len(exact.partners)
    assert any(f"4 of {partners} source partners" in note for note in sampled.notes)
    assert sampled.partners == overlap(bundled_links, betweenness_work=10, min_sample=4).partners


def test_a_graph_without_partners_is_a_clear_error():
    with pytest.raises(InputError, match="no partners"):
        overlap(read_links(Graph()))


def test_programme_matrix_counts_shared_outcomes_and_direct_links(small):
    m = programme_matrix(small)
    row = [n.label for n in m.partners].index("Alpha Agency")
    col = [n.label for n in m.programmes].index("Programme Two")
    assert m.outcomes[row, col] == 1
    assert m.direct[row, col] == 3
    assert m.direct.sum() == 3 + 1 + 1 + 1 + 1


def test_sample_size_bounds_the_betweenness_work():
    assert sample_size(100, 10, 5_000, 32) is None
    assert sample_size(2_000, 100_000, 5_000_000, 32) == 50
    assert sample_size(2_000, 10_000_000, 5_000_000, 32) == 32
    assert sample_size(60, 100_000, 5_000_000, 32) is None


def test_network_false_gives_the_same_pairs_without_centrality(small):
    full, pairs_only = overlap(small, top=None), overlap(small, top=None, network=False)
    assert pairs_only.pairs == full.pairs
    assert (pairs_only.partners, pairs_only.communities) == ([], [])


def test_read_links_from_a_stores_entities_graph_equals_reading_every_report(filled_store):
    # kg overlap reads a store's nodes and links from its entities graph (each held once), not
    # from every report graph: the same nodes, links, counts and report countries.
    from kg.graph.vocab import ENTITIES_GRAPH
    from kg.store.local import Store

    with Store.open(str(filled_store), read_only=True) as store:
        whole = read_links(pyoxigraph.Dataset(store.quads()))
        entities = read_links(store.oxigraph, graph=str(ENTITIES_GRAPH))
        uncounted = read_links(store.oxigraph, graph=str(ENTITIES_GRAPH), counts=False)
    assert len(whole.nodes) > 100 and whole.home
    assert entities == whole
    assert (uncounted.nodes, uncounted.home) == (whole.nodes, whole.home)
    assert [(e.source, e.predicate, e.target) for e in uncounted.edges] == [
        (e.source, e.predicate, e.target) for e in whole.edges
    ]
    assert {e.evidence for e in uncounted.edges} == {0}
    assert any(e.evidence > 1 for e in whole.edges)


def test_folding_a_merged_organisation_makes_one_partner_of_its_iris(small):
    """Beta Bureau merged into Alpha Agency (as the store's merges graph says): one node with
    both names, the links of both (evidence summed), no pair with itself and no link to
    itself."""
    from kg.analysis.network import fold_same

    alpha, beta = f"{ID}partner/alpha", f"{ID}partner/beta"
    folded = fold_same(small, {alpha: alpha, beta: alpha})
    partners = {node.id: node for node in folded.of_type("partner")}
    assert beta not in partners
    assert partners[alpha].label == "Alpha Agency"
    assert {"AA", "BB", "Beta Bureau"} <= set(partners[alpha].aliases)
    assert not [e for e in folded.edges if e.source == e.target]
    assert not [e for e in folded.edges if beta in (e.source, e.target)]
    before = sum(e.evidence for e in small.edges if {e.source, e.target} & {alpha, beta})
    after = sum(e.evidence for e in folded.edges if alpha in (e.source, e.target))
    between = sum(e.evidence for e in small.edges if {e.source, e.target} == {alpha, beta})
    assert after == before - between
    pairs = overlap(folded, top=None).pairs
    assert pairs and not [p for p in pairs if p.a.id == p.b.id]
    assert not [p for p in pairs if beta in (p.a.id, p.b.id)]
    assert fold_same(small, {}) is small


def test_triple_reader_lookups_agree_on_rdflib_a_store_and_a_dataset():
    graph = Graph().parse(SMALL)
    store = pyoxigraph.Store()
    store.load(path=str(SMALL), format=pyoxigraph.RdfFormat.TURTLE)
    readers = [TripleReader(graph), TripleReader(store), TripleReader(pyoxigraph.Dataset(store))]
    partner_type = str(RDF.type), str(KG.Partner)
    alpha = f"{ID}partner/alpha"
    subjects = [reader.subjects(*partner_type) for reader in readers]
    described = [reader.description(alpha) for reader in readers]
    assert subjects[0] == subjects[1] == subjects[2]
    assert len(subjects[0]) == 5 and alpha in subjects[0]
    assert described[0] == described[1] == described[2]
    assert described[0][str(SKOS.prefLabel)] == ["Alpha Agency"]
    assert described[0][str(SKOS.altLabel)] == ["AA"]
    labels = [reader.objects(alpha, str(SKOS.prefLabel)) for reader in readers]
    assert labels == [["Alpha Agency"]] * 3


def test_triple_reader_reads_one_graph_or_the_default_graph_alone():
    s, p = pyoxigraph.NamedNode(f"{ID}s"), pyoxigraph.NamedNode(f"{ID}p")
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(s, p, pyoxigraph.Literal("in g"), pyoxigraph.NamedNode(f"{ID}g")))
    store.add(pyoxigraph.Quad(s, p, pyoxigraph.Literal("in default")))
    everything = TripleReader(store).description(s.value)
    assert everything == {p.value: ["in default", "in g"]}
    assert TripleReader(store, f"{ID}g").description(s.value) == {p.value: ["in g"]}
    assert TripleReader(store, DEFAULT_GRAPH).description(s.value) == {p.value: ["in default"]}
