"""Every exporter on the bundled report: re-parses to the same graph, opens as XML or CSV, and is
byte-identical across runs; bad formats, paths and graphs give clear errors."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from kg.errors import InputError
from kg.graph.vocab import KG, entity_iri
from kg.pipeline import build_report
from kg.publish.export import EXPORTERS, csv_paths, export, exporter, render

TESTS = Path(__file__).resolve().parent
BUNDLED = TESTS.parent / "data" / "reports" / "unwomen-mexico-2022.txt"
SMALL = TESTS / "data" / "overlap.ttl"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_report(BUNDLED).graph


@pytest.mark.parametrize(
    "name,rdflib_format", [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")]
)
def test_rdf_exports_reparse_to_the_same_graph(graph, name, rdflib_format):
    data = render(graph, name)[""]
    assert isomorphic(Graph().parse(data=data, format=rdflib_format), graph)


@pytest.mark.parametrize("name,rdflib_format", [("nq", "nquads"), ("trig", "trig")])
def test_quad_exports_reparse_to_the_same_triples(graph, name, rdflib_format):
    dataset = Dataset()
    dataset.parse(data=render(graph, name)[""], format=rdflib_format)
    assert isomorphic(Graph() + dataset.default_graph, graph)


def test_quad_exports_keep_named_graphs():
    store = pyoxigraph.Store()
    named = pyoxigraph.NamedNode("https://w3id.org/kg/id/report/small")
    store.load(path=str(SMALL), format=pyoxigraph.RdfFormat.TURTLE, to_graph=named)
    trig = render(store, "trig")[""]
    assert trig.startswith(b"<https://w3id.org/kg/id/report/small> {\n  <")
    dataset = Dataset()
    dataset.parse(data=trig, format="trig")
    assert isomorphic(Graph() + dataset.graph(URIRef(named.value)), Graph().parse(SMALL))
    nquads = render(store, "nq")[""].decode().splitlines()
    assert all(line.endswith("<https://w3id.org/kg/id/report/small> .") for line in nquads)
    assert nquads == sorted(nquads)


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_every_export_is_byte_identical_across_runs(graph, tmp_path, name):
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    suffix = EXPORTERS[name].suffix
    a = export(graph, name, first / ("out" if name == "csv" else f"out{suffix}"))
    b = export(
        Graph().parse(data=graph.serialize(format="nt"), format="nt"),
        name,
        second / ("out" if name == "csv" else f"out{suffix}"),
    )
    assert [p.name for p in a] == [p.name for p in b]
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes()


def test_a_pyoxigraph_dataset_exports_the_same_bytes_as_rdflib(graph):
    dataset = pyoxigraph.Dataset(
        pyoxigraph.parse(
            graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES
        )
    )
    for name in ("nt", "ttl", "graphml", "csv"):
        assert render(dataset, name) == render(graph, name)


def _with_control_character(graph: Graph) -> Graph:
    dirty = Graph() + graph
    node = entity_iri("partner/inmujeres")
    dirty.remove((node, SKOS.prefLabel, None))
    dirty.add((node, SKOS.prefLabel, Literal("Inmujeres\x01 \x1finstitute")))
    return dirty


def test_graphml_is_valid_xml_with_types_labels_and_evidence(graph):
    data = render(_with_control_character(graph), "graphml")[""]
    ET.fromstring(data)
    loaded = nx.read_graphml(io.BytesIO(data))
    node = loaded.nodes[str(entity_iri("partner/inmujeres"))]
    assert node["label"] == "Inmujeres institute"
    assert node["type"] == "partner"
    assert node["wikidata"] == "Q6041396"
    edge = loaded.edges[
        str(entity_iri("programme/global-alliance-for-care")), str(entity_iri("partner/inmujeres"))
    ]
    assert edge["predicate"] == "hasPartner"
    assert edge["evidence_count"] >= 1
    types = {d["type"] for _, d in loaded.nodes(data=True)}
    assert types == {"outcome", "partner", "programme", "place"}
    derived = {p for _, _, p in graph.triples((None, KG.linkPredicate, None))}
    assert loaded.number_of_edges() == sum(len(set(graph.subject_objects(p))) for p in derived)


def test_gexf_is_valid_xml_without_a_date(graph):
    data = render(_with_control_character(graph), "gexf")[""]
    root = ET.fromstring(data)
    ns = {"g": "http://www.gexf.net/1.2draft"}
    assert b"lastmodifieddate" not in data
    labels = {n.get("label") for n in root.iterfind(".//g:node", ns)}
    assert "Inmujeres institute" in labels
    loaded = nx.read_gexf(io.BytesIO(data))
    assert loaded.number_of_nodes() == len(list(root.iterfind(".//g:node", ns)))


def test_csv_writes_nodes_and_edges_into_a_directory(graph, tmp_path):
    written = export(graph, "csv", tmp_path)
    assert written == [tmp_path / "edges.csv", tmp_path / "nodes.csv"]
    nodes = list(csv.DictReader((tmp_path / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "edges.csv").open(encoding="utf-8")))
    inmujeres = next(n for n in nodes if n["id"] == str(entity_iri("partner/inmujeres")))
    assert inmujeres["type"] == "partner"
    assert "INMUJERES" in inmujeres["aliases"].split(" | ")
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    assert {e["predicate"] for e in edges} >= {"hasPartner", "involvesPartner", "activeIn"}


def test_csv_takes_a_prefix_when_the_output_is_not_a_directory(graph, tmp_path):
    assert csv_paths(tmp_path / "mexico.csv") == (
        tmp_path / "mexico-nodes.csv",
        tmp_path / "mexico-edges.csv",
    )
    written = export(graph, "csv", tmp_path / "mexico")
    assert sorted(p.name for p in written) == ["mexico-edges.csv", "mexico-nodes.csv"]


def test_the_format_is_guessed_from_the_suffix(graph, tmp_path):
    assert exporter(None, "x.GEXF").name == "gexf"
    (path,) = export(graph, None, tmp_path / "out.jsonld")
    assert isomorphic(Graph().parse(path, format="json-ld"), graph)


def test_an_unknown_format_lists_the_known_ones(graph, tmp_path):
    with pytest.raises(InputError, match="unknown export format 'xml'; known formats: csv, gexf"):
        export(graph, "xml", tmp_path / "out.xml")
    with pytest.raises(InputError, match="cannot tell the format"):
        exporter(None, "out.xml")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_leaves_no_file(graph, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(InputError, match="does not exist"):
        export(graph, "ttl", blocker / "out.ttl")
    with pytest.raises(InputError, match="is a directory"):
        export(graph, "ttl", tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_an_empty_graph_is_a_clear_error():
    with pytest.raises(InputError, match="the graph is empty"):
        render(Graph(), "ttl")
    with pytest.raises(InputError, match="no outcomes, partners, programmes or places"):
        render(Graph().add((URIRef("urn:x"), RDF.type, URIRef("urn:y"))), "graphml")


def test_every_exporter_is_described():
    for name, entry in EXPORTERS.items():
        assert entry.name == name
        assert entry.description and entry.suffix.startswith(".")
