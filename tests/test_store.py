"""The embedded store: a named graph per report, replaced whole, shared entities, locking."""

from __future__ import annotations

import pyoxigraph
import pytest

from kg.errors import InputError, NotFoundError, StoreError
from kg.graph.vocab import ENTITIES_GRAPH, ENTITY_CLASSES, entity_iri, graph_iri
from kg.store.entities import rebuild
from kg.store.local import DEFAULT_STORE, MEMORY, Store, store_location
from tests.conftest import store_held_elsewhere

BUNDLED, SMALL = "unwomen-mexico-2022", "small-report-2023"
INMUJERES = pyoxigraph.NamedNode(str(entity_iri("partner/inmujeres")))
ENTITIES = pyoxigraph.NamedNode(str(ENTITIES_GRAPH))
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def names(store: Store) -> set[str]:
    """The report graphs held (the entities graph is checked on its own)."""
    return {g.value for g in store.oxigraph.named_graphs()} - {str(ENTITIES_GRAPH)}


def entities_graph(store: Store) -> set[pyoxigraph.Triple]:
    return {q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, ENTITIES)}


def described(store: Store) -> set[pyoxigraph.Triple]:
    """What the report graphs say about partners, programmes, places and outcomes, computed
    here from the quads (not with kg.store.entities' SPARQL)."""
    classes = {pyoxigraph.NamedNode(str(c)) for c in ENTITY_CLASSES}
    reports = [
        q
        for q in store.oxigraph
        if isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name != ENTITIES
    ]
    typed = {
        (q.subject, q.graph_name)
        for q in reports
        if q.predicate == RDF_TYPE and q.object in classes
    }
    return {q.triple for q in reports if (q.subject, q.graph_name) in typed}


def test_each_report_is_its_own_named_graph(bundled_graph, small_graph):
    store = Store.open(MEMORY)
    assert store.replace_report(BUNDLED, bundled_graph) == len(bundled_graph)
    assert store.replace_report(SMALL, small_graph) == len(small_graph)
    assert names(store) == {str(graph_iri(BUNDLED)), str(graph_iri(SMALL))}
    entries = {e.slug: e for e in store.reports()}
    assert entries[BUNDLED].title == "Progress in Mexico country in 2022"
    assert (entries[BUNDLED].year, entries[BUNDLED].outcomes) == ("2022", 11)
    assert (entries[SMALL].year, entries[SMALL].outcomes, entries[SMALL].triples) == (
        "2023",
        1,
        len(small_graph),
    )


def test_reports_share_one_partner_iri(bundled_graph, small_graph):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    store.replace_report(SMALL, small_graph)
    graphs = {
        getattr(q.graph_name, "value", "(default)")
        for q in store.oxigraph.quads_for_pattern(INMUJERES, None, None)
    }
    assert graphs == {
        str(graph_iri(BUNDLED)),
        str(graph_iri(SMALL)),
        str(ENTITIES_GRAPH),
        "(default)",  # the union of the report graphs (kg.store.union)
    }


def test_rebuilding_a_report_replaces_its_graph_and_nothing_else(bundled_graph, small_graph):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    store.replace_report(SMALL, small_graph)
    before = set(
        store.oxigraph.quads_for_pattern(
            None, None, None, pyoxigraph.NamedNode(str(graph_iri(BUNDLED)))
        )
    )
    smaller = small_graph.__class__()
    for triple in list(small_graph)[:10]:
        smaller.add(triple)
    assert store.replace_report(SMALL, smaller) == 10
    assert (
        set(
            store.oxigraph.quads_for_pattern(
                None, None, None, pyoxigraph.NamedNode(str(graph_iri(BUNDLED)))
            )
        )
        == before
    )
    assert names(store) == {str(graph_iri(BUNDLED)), str(graph_iri(SMALL))}


def test_a_failed_load_keeps_the_old_graph_and_leaves_no_staging_graph(small_graph):
    store = Store.open(MEMORY)
    store.replace_report(SMALL, small_graph)
    with pytest.raises(StoreError, match="cannot load small-report-2023"):
        store.replace_report(SMALL, b"<http://a/s> <http://a/p> <http://a/o> .\nnot n-triples\n")
    assert store.count_triples(SMALL) == len(small_graph)
    assert names(store) == {str(graph_iri(SMALL))}


def test_remove_drops_one_report_and_keeps_shared_entities(bundled_graph, small_graph):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    store.replace_report(SMALL, small_graph)
    store.remove_report(SMALL)
    assert store.slugs() == [BUNDLED]
    assert any(store.oxigraph.quads_for_pattern(INMUJERES, None, None))
    with pytest.raises(NotFoundError, match=r"no report 'nope'.*reports held: unwomen-mexico-2022"):
        store.remove_report("nope")


def test_report_ntriples_is_sorted_and_complete(small_graph):
    store = Store.open(MEMORY)
    store.replace_report(SMALL, small_graph)
    data = store.report_ntriples(SMALL)
    lines = data.splitlines()
    assert lines == sorted(lines) and len(lines) == len(small_graph)


def test_the_store_persists_on_disk(tmp_path, small_graph):
    where = str(tmp_path / "store")
    with Store.open(where, create=True) as store:
        store.replace_report(SMALL, small_graph)
    with Store.open(where) as store:
        assert store.slugs() == [SMALL]


def test_opening_a_missing_store_without_create_fails(tmp_path):
    with pytest.raises(StoreError, match=r"no store at .*kg build"):
        Store.open(str(tmp_path / "absent"))
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="not a store directory"):
        Store.open(str(tmp_path / "file"), create=True)


def test_a_store_held_by_another_process_gives_a_clear_error(tmp_path):
    where = str(tmp_path / "store")
    Store.open(where, create=True).close()
    busy = pytest.raises(StoreError, match="in use by another kg process")
    with store_held_elsewhere(where), busy:
        Store.open(where)
    Store.open(where).close()


def test_store_location_prefers_option_then_environment(monkeypatch):
    monkeypatch.setenv("KG_STORE", "/env/store")
    assert store_location("/opt/store") == "/opt/store"
    assert store_location(None) == "/env/store"
    monkeypatch.delenv("KG_STORE")
    assert store_location(None) == str(DEFAULT_STORE)


def test_the_entities_graph_holds_each_entity_triple_once(bundled_graph, small_graph):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    store.replace_report(SMALL, small_graph)
    held = entities_graph(store)
    assert held == described(store)
    label = pyoxigraph.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    assert len([t for t in held if t.subject == INMUJERES and t.predicate == label]) == 1
    sentences = [t for t in held if "oa#exact" in t.predicate.value or "/link/" in t.subject.value]
    assert sentences == []


def test_replacing_or_removing_a_report_keeps_the_entities_graph_in_step(
    bundled_graph, small_graph
):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    store.replace_report(SMALL, small_graph)
    smaller = small_graph.__class__()
    for triple in sorted(small_graph)[::2]:
        smaller.add(triple)
    store.replace_report(SMALL, smaller)
    assert entities_graph(store) == described(store)
    store.remove_report(BUNDLED)
    assert entities_graph(store) == described(store)
    assert any(store.oxigraph.quads_for_pattern(None, None, None, ENTITIES))
    store.remove_report(SMALL)
    assert entities_graph(store) == set()


def test_a_store_without_an_entities_graph_gets_one_when_opened(tmp_path, small_graph):
    where = str(tmp_path / "store")
    with Store.open(where, create=True) as store:
        store.replace_report(SMALL, small_graph)
        expected = entities_graph(store)
        store.oxigraph.remove_graph(ENTITIES)
    with Store.open(where) as store:
        assert entities_graph(store) == expected != set()


def test_rebuilding_the_entities_graph_gives_the_same_graph(bundled_graph, small_graph):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    store.replace_report(SMALL, small_graph)
    before = entities_graph(store)
    store.oxigraph.update(rebuild([str(graph_iri(BUNDLED)), str(graph_iri(SMALL))]))
    assert entities_graph(store) == before


def test_exports_of_the_store_leave_out_the_entities_graph(small_graph):
    store = Store.open(MEMORY)
    store.replace_report(SMALL, small_graph)
    assert {q.graph_name.value for q in store.quads()} == {str(graph_iri(SMALL))}


def test_reports_count_each_graph_in_one_aggregate_kept_in_step(
    bundled_graph, small_graph, monkeypatch
):
    store = Store.open(MEMORY)
    store.replace_report(BUNDLED, bundled_graph)
    store.replace_report(SMALL, small_graph)
    sizes = {slug: store.count_triples(slug) for slug in (BUNDLED, SMALL)}
    assert sizes == {BUNDLED: len(bundled_graph), SMALL: len(small_graph)}

    def one_by_one(*args: object) -> int:
        raise AssertionError("kg list counted the reports one by one")

    monkeypatch.setattr(Store, "count_triples", one_by_one)
    listed = {entry.slug: (entry.outcomes, entry.triples) for entry in store.reports()}
    assert listed == {BUNDLED: (11, sizes[BUNDLED]), SMALL: (1, sizes[SMALL])}
    store.remove_report(SMALL)
    assert [(e.slug, e.triples) for e in store.reports()] == [(BUNDLED, sizes[BUNDLED])]
