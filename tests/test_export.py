"""Every exporter, read back by readers other than kg's: rdflib and pyoxigraph for RDF (and the
named graphs of N-Quads and TriG), the GraphML 1.0 and GEXF 1.2 schemas (vendored in
tests/xsd/) with lxml and xmlschema, networkx, and pandas for CSV. Outputs are byte-identical
across runs; bad formats, paths and graphs give clear errors."""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph
import pytest
import xmlschema
from lxml import etree
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from kg.errors import InputError
from kg.graph.vocab import ENTITIES_GRAPH, KG, OA, entity_iri, graph_iri
from kg.publish.export import EXPORTERS, csv_paths, export, exporter, render
from kg.publish.networkdata import node_id
from kg.sources import load_graph
from kg.spreadsheet import split_values

TESTS = Path(__file__).resolve().parent
BUNDLED = TESTS.parent / "data" / "reports" / "unwomen-mexico-2022.txt"
SMALL = TESTS / "data" / "overlap.ttl"
GRAPHML_XSD = TESTS / "xsd" / "graphml-1.0" / "graphml.xsd"
GEXF_XSD = TESTS / "xsd" / "gexf-1.2draft" / "gexf.xsd"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"
RDF_SYNTAX = {
    "ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
    "nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS),
    "trig": ("trig", pyoxigraph.RdfFormat.TRIG),
}
NMTOKEN = re.compile(r"[\w.:-]+")


@pytest.fixture(scope="module")
def graph(bundled_graph) -> Graph:
    return bundled_graph


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory) -> pyoxigraph.Dataset:
    """The bundled report and the small one, each in its report's named graph."""
    from tests.conftest import SMALL_REPORT

    small = tmp_path_factory.mktemp("two") / "small-report-2023.txt"
    small.write_text(SMALL_REPORT, encoding="utf-8")
    return pyoxigraph.Dataset(load_graph([BUNDLED, small]).quads)


def _triples(data: bytes, name: str) -> tuple[set, set]:
    """The triples of ``data`` as read by rdflib and by pyoxigraph, as N-Triples term strings."""
    rdflib_format, oxigraph_format = RDF_SYNTAX[name]
    dataset = Dataset()
    dataset.parse(data=data, format=rdflib_format)
    from kg.graph.rdfterms import to_oxigraph

    # As pyoxigraph terms: rdflib's n3() writes a newline in a literal as a long string.
    by_rdflib = {tuple(str(to_oxigraph(t)) for t in (s, p, o)) for s, p, o, _ in dataset.quads()}
    by_oxigraph = {
        tuple(str(t) for t in (q.subject, q.predicate, q.object))
        for q in pyoxigraph.parse(data, format=oxigraph_format)
    }
    return by_rdflib, by_oxigraph


@pytest.mark.parametrize("name", sorted(RDF_SYNTAX))
def test_rdf_exports_read_the_same_in_rdflib_and_pyoxigraph(two_reports, name):
    expected = {tuple(str(t) for t in (q.subject, q.predicate, q.object)) for q in two_reports}
    by_rdflib, by_oxigraph = _triples(render(two_reports, name)[""], name)
    assert by_rdflib == by_oxigraph == expected


@pytest.mark.parametrize("name", ["nq", "trig"])
def test_quad_exports_keep_one_named_graph_per_report(two_reports, name):
    data = render(two_reports, name)[""]
    rdflib_format, oxigraph_format = RDF_SYNTAX[name]
    dataset = Dataset()
    dataset.parse(data=data, format=rdflib_format)
    named = {str(g.identifier) for g in dataset.graphs() if len(g)}
    expected = {str(graph_iri("unwomen-mexico-2022")), str(graph_iri("small-report-2023"))}
    assert named == expected
    read = pyoxigraph.Dataset(pyoxigraph.parse(data, format=oxigraph_format))
    assert {q.graph_name.value for q in read} == expected
    for iri in expected:
        ours = set(two_reports.quads_for_graph_name(pyoxigraph.NamedNode(iri)))
        assert set(read.quads_for_graph_name(pyoxigraph.NamedNode(iri))) == ours
        assert len(dataset.graph(URIRef(iri))) == len(ours)
    partner = pyoxigraph.NamedNode(str(entity_iri("partner/inmujeres")))
    in_both = {q.graph_name for q in read.quads_for_subject(partner)}
    assert len(in_both) == 2  # which report said what survives


def test_trig_has_prefixes_and_one_block_per_graph(two_reports):
    text = render(two_reports, "trig")[""].decode()
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert "@prefix kgid: <https://w3id.org/kg/id/> ." in prefixes
    assert prefixes == sorted(prefixes)
    blocks = re.findall(r"^(\S+) \{$", text, flags=re.MULTILINE)
    assert blocks == ["kggraph:small-report-2023", "kggraph:unwomen-mexico-2022"]
    types = "a org:Organization , schema:Organization , kg:Organisation , kg:Partner ;"
    assert f"\n\tkgpartner:inmujeres {types}" in text  # Turtle terms
    assert text != render(two_reports, "nt")[""].decode()


def test_store_exports_leave_the_entities_graph_out(filled_store):
    from kg.store.local import Store

    with Store.open(str(filled_store)) as store:
        assert store.oxigraph.contains_named_graph(pyoxigraph.NamedNode(str(ENTITIES_GRAPH)))
        quads = render(store.oxigraph, "nq")[""]
    graphs = {q.graph_name for q in pyoxigraph.parse(quads, format=pyoxigraph.RdfFormat.N_QUADS)}
    assert str(ENTITIES_GRAPH) not in {g.value for g in graphs}
    assert len(graphs) == 2


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
    for name in ("nt", "ttl", "graphml", "gexf", "csv"):
        assert render(dataset, name) == render(graph, name)


def _xsd_errors(schema_path: Path, data: bytes) -> list[str]:
    """Errors from two validators: lxml (libxml2) and xmlschema."""
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    schema.validate(etree.fromstring(data))
    by_lxml = [str(e) for e in schema.error_log]
    by_xmlschema = [e.reason for e in xmlschema.XMLSchema(str(schema_path)).iter_errors(data)]
    return by_lxml + [str(r) for r in by_xmlschema]


def test_graphml_is_valid_against_the_graphml_schema(graph):
    data = render(graph, "graphml")[""]
    assert _xsd_errors(GRAPHML_XSD, data) == []
    root = etree.fromstring(data)
    ids = [n.get("id") for n in root.iter("{http://graphml.graphdrawing.org/xmlns}node")]
    assert ids and all(NMTOKEN.fullmatch(i) for i in ids)


def test_the_schemas_catch_what_kg_used_to_write(graph):
    """The checks can fail: an IRI as a node id, and GEXF's empty graph name, are errors."""
    data = render(graph, "graphml")[""].decode()
    iri_ids = data.replace(
        'id="partner:inmujeres"', 'id="https://w3id.org/kg/id/partner/inmujeres"'
    )
    assert _xsd_errors(GRAPHML_XSD, iri_ids.encode())
    gexf = render(graph, "gexf")[""].decode().replace("<graph ", '<graph name="" ', 1)
    assert _xsd_errors(GEXF_XSD, _without_viz(gexf.encode()))


def test_graphml_holds_what_gephi_and_cytoscape_users_look_for(graph):
    data = render(graph, "graphml")[""]
    loaded = nx.read_graphml(io.BytesIO(data))
    inmujeres = loaded.nodes["partner:inmujeres"]
    assert inmujeres["label"] == "National Women's Institute"
    assert inmujeres["type"] == "partner" and inmujeres["kind"] == "government"
    assert inmujeres["iri"] == str(entity_iri("partner/inmujeres"))
    assert inmujeres["wikidata"] == "Q6041396"
    assert "INMUJERES" in split_values(inmujeres["aliases"])
    assert "notation" not in inmujeres  # its only code is the Wikidata id, given once
    assert isinstance(inmujeres["x"], float) and isinstance(inmujeres["y"], float)
    assert len({(d["x"], d["y"]) for _, d in loaded.nodes(data=True)}) > 1
    # An outcome's id holds its identifier and its statement's digest (kg.graph.vocab).
    (outcome,) = [
        d for n, d in loaded.nodes(data=True) if n.startswith("outcome:XM-DAC-41146-MEX_D_1.1:")
    ]
    assert outcome["label"].startswith("MEX_D_1.1: By 2025, the Mexican State plans")
    assert outcome["identifier"] == "XM-DAC-41146-MEX_D_1.1"
    assert outcome["description"].startswith("By 2025, the Mexican State plans")
    assert all(d.get("label") for _, d in loaded.nodes(data=True))
    assert {d["type"] for _, d in loaded.nodes(data=True)} == {
        "outcome",
        "partner",
        "programme",
        "place",
    }
    edge = loaded.edges["programme:global-alliance-for-care", "partner:inmujeres"]
    assert (edge["label"], edge["predicate"]) == ("has partner", "hasPartner")
    sentences = split_values(edge["sentences"])
    assert edge["weight"] == len(sentences) >= 1
    assert set(sentences) <= {str(o) for o in graph.objects(None, OA.exact)}
    derived = {p for _, _, p in graph.triples((None, KG.linkPredicate, None))}
    assert loaded.number_of_edges() == sum(len(set(graph.subject_objects(p))) for p in derived)


def _without_viz(data: bytes) -> bytes:
    """The GEXF document without its viz: elements. The published 1.2draft XSD (and RNG), made by
    trang from the RNC, declares color, position and size in the GEXF namespace, not the viz
    namespace the GEXF primer, Gephi and networkx use, so it rejects every file with positions;
    ``test_gexf_positions_and_colours_follow_the_viz_schema`` checks those elements instead."""
    root = etree.fromstring(data)
    for element in list(root.iter()):
        if isinstance(element.tag, str) and element.tag.startswith(VIZ):
            element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def test_gexf_is_valid_against_the_gexf_schema(graph):
    data = render(graph, "gexf")[""]
    assert _xsd_errors(GEXF_XSD, _without_viz(data)) == []
    root = etree.fromstring(data)
    assert root.find(f"{GEXF}graph").get("name") is None  # the schema has no graph/@name
    assert root.findtext(f"{GEXF}meta/{GEXF}description") == (
        "kg: Progress in Mexico country in 2022"
    )
    assert root.findtext(f"{GEXF}meta/{GEXF}creator") == "kg"
    assert b"lastmodifieddate" not in data


def test_gexf_positions_and_colours_follow_the_viz_schema(graph):
    root = etree.fromstring(render(graph, "gexf")[""])
    nodes = list(root.iter(f"{GEXF}node"))
    for node in nodes:
        position = node.find(f"{VIZ}position")
        assert {k: float(v) for k, v in position.attrib.items()}.keys() == {"x", "y", "z"}
        colour = node.find(f"{VIZ}color")
        assert all(0 <= int(colour.get(c)) <= 255 for c in "rgb")
        assert 0.0 <= float(colour.get("a")) <= 1.0
    loaded = nx.read_gexf(io.BytesIO(render(graph, "gexf")[""]))
    assert loaded.number_of_nodes() == len(nodes)
    inmujeres = loaded.nodes["partner:inmujeres"]
    assert inmujeres["label"] == "National Women's Institute"
    assert inmujeres["viz"]["position"]["x"] != 0 or inmujeres["viz"]["position"]["y"] != 0
    edge = loaded.edges["programme:global-alliance-for-care", "partner:inmujeres"]
    assert edge["weight"] == len(split_values(edge["sentences"])) >= 1


def test_graphml_and_gexf_give_each_node_the_same_id_and_position(graph):
    graphml = nx.read_graphml(io.BytesIO(render(graph, "graphml")[""]))
    gexf = nx.read_gexf(io.BytesIO(render(graph, "gexf")[""]))
    assert set(graphml.nodes) == set(gexf.nodes)
    for node, data in graphml.nodes(data=True):
        position = gexf.nodes[node]["viz"]["position"]
        assert (data["x"], data["y"]) == (position["x"], position["y"])


def test_node_ids_are_nmtokens_for_any_iri():
    assert node_id(str(entity_iri("partner/inmujeres"))) == "partner:inmujeres"
    assert node_id("https://w3id.org/kg/id/outcome/XM-1_2.3") == "outcome:XM-1_2.3"
    odd = node_id("http://example.org/a b?c=d#e")
    assert NMTOKEN.fullmatch(odd) and odd.startswith("iri:")
    assert node_id("http://example.org/a b?c=d#e") == odd
    assert node_id("http://example.org/x") != odd


def _hostile_labels(graph: Graph) -> Graph:
    """A copy of ``graph`` whose names start like spreadsheet formulas and hold the separator."""
    dirty = Graph() + graph
    names = {
        "partner/inmujeres": '=HYPERLINK("http://evil.example","click")',
        "partner/colmex": "+52 College",
        "partner/undp": "-UNDP-",
        "programme/global-alliance-for-care": "@SUM(A1:A9)",
        "place/mx-oax": "\tOaxaca",
    }
    for key, label in names.items():
        node = entity_iri(key)
        dirty.remove((node, SKOS.prefLabel, None))
        dirty.add((node, SKOS.prefLabel, Literal(label)))
    dirty.add((entity_iri("partner/inmujeres"), SKOS.altLabel, Literal("Women | Mujeres")))
    return dirty


def test_csv_opens_in_pandas_with_kumu_columns_and_no_formulas(graph, tmp_path):
    written = export(_hostile_labels(graph), "csv", tmp_path)
    assert written == [tmp_path / "edges.csv", tmp_path / "nodes.csv"]
    nodes = pd.read_csv(tmp_path / "nodes.csv", dtype=str, keep_default_na=False)
    edges = pd.read_csv(tmp_path / "edges.csv", keep_default_na=False)
    assert list(nodes.columns[:3]) == ["ID", "Label", "Type"]
    assert list(edges.columns[:3]) == ["From", "To", "Type"]
    labels = dict(zip(nodes["ID"], nodes["Label"], strict=True))
    assert labels["partner:inmujeres"] == '\'=HYPERLINK("http://evil.example","click")'
    assert labels["partner:colmex"] == "'+52 College"
    assert labels["partner:undp"] == "'-UNDP-"
    assert labels["programme:global-alliance-for-care"] == "'@SUM(A1:A9)"
    assert labels["place:mx-oax"] == "'\tOaxaca"
    for column in nodes.columns:
        assert not nodes[column].str.match(r"[=+\-@\t\r]").any(), column
    inmujeres = nodes.set_index("ID").loc["partner:inmujeres"]
    assert "Women | Mujeres" in split_values(inmujeres["Aliases"])
    assert "Women \\| Mujeres" in inmujeres["Aliases"]
    assert inmujeres["Wikidata"] == "Q6041396" and inmujeres["Notation"] == ""
    assert set(edges["From"]) | set(edges["To"]) <= set(nodes["ID"])
    assert edges["Weight"].dtype.kind == "i" and (edges["Weight"] >= 1).all()
    assert {"hasPartner", "involvesPartner", "activeIn"} <= set(edges["Predicate"])


def test_csv_with_a_byte_order_mark_reads_the_same(graph, tmp_path):
    plain, marked = tmp_path / "plain", tmp_path / "marked"
    export(graph, "csv", plain)
    export(graph, "csv", marked, bom=True)
    raw = (tmp_path / "marked-nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfID,Label,Type")
    assert raw[3:] == (tmp_path / "plain-nodes.csv").read_bytes()
    assert pd.read_csv(tmp_path / "marked-nodes.csv", encoding="utf-8-sig").columns[0] == "ID"
    with pytest.raises(InputError, match="byte-order mark applies to csv, not ttl"):
        render(graph, "ttl", bom=True)


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
