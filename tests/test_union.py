"""The store's default graph: the union of its report graphs, each triple once (kg.store.union),
kept in step as reports are loaded, replaced and removed, and read by queries without FROM."""

from __future__ import annotations

import pyoxigraph
from click.testing import CliRunner

from kg.cli import cli
from kg.graph.vocab import ENTITIES_GRAPH, KG, graph_iri
from kg.store.local import MEMORY, Store
from kg.store.query import run_local

BUNDLED, SMALL = "unwomen-mexico-2022", "small-report-2023"
DEFAULT = pyoxigraph.DefaultGraph()
PARTNER = pyoxigraph.NamedNode(str(KG.Partner))
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def report_triples(store: Store) -> set[pyoxigraph.Triple]:
    """Every triple of the report graphs, computed here from the quads."""
    return {
        q.triple
        for q in store.oxigraph
        if isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value != ENTITIES_GRAPH
    }


def default_graph(store: Store) -> list[pyoxigraph.Triple]:
    return [q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, DEFAULT)]


def test_the_default_graph_is_the_union_of_the_reports_as_they_change(bundled_graph, small_graph):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    assert set(default_graph(store)) == report_triples(store)
    store.replace_report(SMALL, small_graph)
    assert set(default_graph(store)) == report_triples(store)
    smaller = small_graph.__class__()
    for triple in sorted(small_graph)[:40]:
        smaller.add(triple)
    store.replace_report(SMALL, smaller)
    assert set(default_graph(store)) == report_triples(store)
    store.remove_report(BUNDLED)
    assert set(default_graph(store)) == report_triples(store)
    store.remove_report(SMALL)
    assert default_graph(store) == []


def test_a_partner_two_reports_name_is_counted_once(bundled_graph, small_graph):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    store.replace_report(SMALL, small_graph)
    partners = {
        t.subject for t in report_triples(store) if (t.predicate, t.object) == (RDF_TYPE, PARTNER)
    }
    counted = run_local(store, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Partner }")
    assert int(counted.rows[0][0].value) == len(partners)
    one = run_local(
        store,
        f"SELECT (COUNT(?p) AS ?n) FROM <{graph_iri(SMALL)}> WHERE {{ ?p a kg:Partner }}",
    )
    in_small = {
        q.subject
        for q in store.oxigraph.quads_for_pattern(
            None, RDF_TYPE, PARTNER, pyoxigraph.NamedNode(str(graph_iri(SMALL)))
        )
    }
    assert int(one.rows[0][0].value) == len(in_small) < len(partners)


def test_a_store_written_before_the_union_gets_one_when_opened_for_writing(
    isolated_store, bundled_graph
):
    with Store.open(str(isolated_store), create=True) as store:
        store.replace_report(BUNDLED, bundled_graph)
        store.oxigraph.update("DROP DEFAULT")
    with Store.open(str(isolated_store), read_only=True) as store:
        assert default_graph(store) == [] and not store.holds_union()
        # Until then queries read Oxigraph's union of the named graphs.
        rows = run_local(store, "SELECT ?r WHERE { ?r a kg:Report }").rows
        assert len(rows) == 1
    with Store.open(str(isolated_store)) as store:
        assert set(default_graph(store)) == report_triples(store)


def test_the_help_example_gives_each_partner_once_and_from_asks_one_report(filled_store):
    def kg(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    example = "SELECT ?p ?label WHERE { ?p a kg:Partner ; skos:prefLabel ?label }"
    rows = kg("query", example, "--format", "csv", "--max-rows", "100000").stdout.splitlines()[1:]
    assert rows and len(rows) == len(set(rows))
    with Store.open(str(filled_store), read_only=True) as store:
        partners = {q.subject for q in store.oxigraph.quads_for_pattern(None, RDF_TYPE, PARTNER)}
    assert len({row.split(",")[0] for row in rows}) == len(partners)
    one = kg(
        "query",
        f"SELECT (COUNT(?p) AS ?n) FROM <{graph_iri(SMALL)}> WHERE {{ ?p a kg:Partner }}",
        "--format",
        "csv",
    )
    assert one.exit_code == 0 and 0 < int(one.stdout.split()[1]) < len(partners)
