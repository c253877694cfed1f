"""kg.corpus's N-Quads, written from one N-Triples serialization, hold the graphs the store
takes: the report graph as rdflib builds it, the same triples in the default graph, and what
kg.store.entities' SPARQL puts in the entities graph; literals with line ends, quotes and the
N-Quads line end itself survive."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.corpus import nquads, write_nquads
from kg.graph.vocab import ENTITIES_GRAPH, KG, graph_iri
from kg.pipeline import build_report
from kg.store import entities

BUNDLED = Path(__file__).resolve().parent.parent / "data/reports/unwomen-mexico-2022.txt"
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = pyoxigraph.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
PARTNER = pyoxigraph.NamedNode("https://w3id.org/kg/id/partner/x")
AWKWARD = [
    "two\nlines",
    "carriage\rreturn and tab\t",
    'a "quote" and a backslash \\',
    "the N-Quads line end .\n inside",
    'ends like a line " .',
    "line separator \u2028 and NEL \x85 and NUL \x00",
    "Oaxaca, Yucatán, 🙂",
    "",
]


def _graphs(data: bytes) -> dict[str, set]:
    """The triples of each graph the N-Quads hold, by graph IRI ('' for the default graph)."""
    found: dict[str, set] = {}
    for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS):
        name = getattr(quad.graph_name, "value", "")
        found.setdefault(name, set()).add((quad.subject, quad.predicate, quad.object))
    return found


def _entities_by_sparql(slug: str, triples: set) -> set:
    """What kg.store.entities.collect puts in the entities graph from the report's graph."""
    store = pyoxigraph.Store()
    graph = pyoxigraph.NamedNode(str(graph_iri(slug)))
    store.extend(pyoxigraph.Quad(s, p, o, graph) for s, p, o in triples)
    store.update(entities.collect(graph.value))
    found = store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(ENTITIES_GRAPH)))
    return {(q.subject, q.predicate, q.object) for q in found}


def _check(slug: str, triples: set) -> dict[str, set]:
    data, count = nquads(slug, triples)
    assert count == len(triples)
    graphs = _graphs(data)
    assert graphs.get(str(graph_iri(slug)), set()) == triples
    assert graphs.get("", set()) == triples
    assert graphs.get(str(ENTITIES_GRAPH), set()) == _entities_by_sparql(slug, triples)
    assert set(graphs) <= {str(graph_iri(slug)), "", str(ENTITIES_GRAPH)}
    return graphs


def test_a_built_reports_nquads_hold_the_graph_rdflib_builds(tmp_path):
    built = build_report(BUNDLED)
    target = tmp_path / "report.nq"
    assert write_nquads("unwomen-mexico-2022", built.triples, target) == len(built.triples)
    graphs = _check("unwomen-mexico-2022", set(built.triples))
    assert graphs[str(ENTITIES_GRAPH)]
    dataset = Dataset()
    dataset.parse(data=target.read_bytes(), format="nquads")
    read = Graph()
    for triple in dataset.graph(str(graph_iri("unwomen-mexico-2022"))):
        read.add(triple)
    assert isomorphic(read, built.graph)


def test_awkward_literals_and_blank_nodes_keep_their_graphs():
    blank = pyoxigraph.BlankNode("b1")
    triples = {(PARTNER, RDF_TYPE, pyoxigraph.NamedNode(str(KG.Partner)))}
    triples |= {(PARTNER, LABEL, pyoxigraph.Literal(text)) for text in AWKWARD}
    triples |= {(blank, LABEL, pyoxigraph.Literal(text, language="es")) for text in AWKWARD}
    triples.add((PARTNER, pyoxigraph.NamedNode(str(KG.hasPartner)), blank))
    graphs = _check("awkward", triples)
    assert len(graphs[str(ENTITIES_GRAPH)]) == len(AWKWARD) + 2


def test_no_triples_make_no_quads():
    assert nquads("empty", []) == (b"", 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=5))
def test_any_text_survives(texts):
    triples = {(PARTNER, LABEL, pyoxigraph.Literal(text)) for text in texts}
    triples.add((PARTNER, RDF_TYPE, pyoxigraph.NamedNode(str(KG.Partner))))
    _check("any", triples)
