"""The main job: every export and view from the bundled report, deterministic, in one folder."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.pipeline import build_report
from kg.publish.make import core_programmes, publish


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from tests.conftest import BUNDLED

    out = tmp_path_factory.mktemp("exports")
    return out, publish([BUNDLED], out)


def test_the_main_job_writes_every_export_and_view(published):
    out, result = published
    names = sorted(p.name for p in result.paths)
    for expected in (
        "unwomen-mexico-2022.ttl",
        "unwomen-mexico-2022.jsonld",
        "unwomen-mexico-2022.graphml",
        "unwomen-mexico-2022-overlap.csv",
        "unwomen-mexico-2022-heatmap.svg",
        "unwomen-mexico-2022.html",
        "unwomen-mexico-2022-overlap.html",
    ):
        assert expected in names
    assert any(n.startswith("unwomen-mexico-2022-programme-") for n in names)
    assert {"kg.ttl", "shapes.ttl"} <= set(names)
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == names


def test_the_exports_carry_the_ontology_and_standard_types(published):
    """A researcher's SPARQL over the exported Turtle finds W3C ORG, PROV, schema.org and Web
    Annotation types without a reasoner, and the ontology the report conforms to is beside it."""
    out, _ = published
    data = Graph().parse(out / "unwomen-mexico-2022.ttl", format="turtle")
    onto = Graph().parse(out / "ontology" / "kg.ttl", format="turtle")
    prefixes = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX schema: <https://schema.org/> PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX kg: <https://w3id.org/kg/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>"""

    def count(graph, pattern):
        query = f"{prefixes} SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}"
        return int(next(iter(graph.query(query)))[0])

    for kg_class, standard in (
        ("kg:Organisation", "org:Organization"),
        ("kg:Programme", "schema:Project"),
        ("kg:Place", "schema:Place"),
        ("kg:Participation", "org:Membership"),
        ("kg:Evidence", "oa:TextQuoteSelector"),
    ):
        found = count(data, f"?x a {kg_class}")
        assert found > 0 and count(data, f"?x a {kg_class}, {standard}") == found, kg_class
    entities = sum(count(data, f"?x a {c}") for c in ("kg:Evidence", "kg:Link", "kg:Outcome"))
    assert count(data, "?x a prov:Entity") >= entities > 0
    assert count(data, "?x a org:Organization") > 0
    ontology = next(
        iter(data.query(f"{prefixes} SELECT ?o WHERE {{ ?r a kg:Report ; dcterms:conformsTo ?o }}"))
    )[0]
    assert onto.query(f"{prefixes} ASK {{ <{ontology}> a owl:Ontology }}").askAnswer


def test_the_turtle_is_the_validated_graph(published, bundled):
    out, _ = published
    parsed = Graph().parse(out / "unwomen-mexico-2022.ttl", format="turtle")
    assert isomorphic(parsed, build_report(bundled).graph)


def test_views_load_nothing_from_the_network(published):
    _, result = published
    for path in result.paths:
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            for marker in ('src="http', "src='http", 'href="http', "@import", "url(http"):
                assert marker not in text, (path.name, marker)


def test_core_programmes_are_the_busiest(bundled):
    graph = build_report(bundled).graph
    keys = core_programmes(graph)
    assert keys and len(keys) <= 8
    assert "global-alliance-for-care" in keys


def test_the_main_job_is_byte_identical_across_processes(bundled, tmp_path):
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        out.mkdir()
        done = subprocess.run(
            [sys.executable, "-m", "kg", "make", str(bundled), "-o", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        files = sorted(p for p in out.rglob("*") if p.is_file())
        assert sorted(done.stdout.splitlines()) == [str(p) for p in files]
        outs.append(out)
    first, second = outs
    for path in sorted(p for p in first.rglob("*") if p.is_file()):
        relative = path.relative_to(first)
        assert path.read_bytes() == (second / relative).read_bytes(), relative


def test_a_file_where_the_folder_goes_and_no_reports(tmp_path, small_report):
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(InputError, match="not a directory"):
        publish([small_report], tmp_path / "taken")
    with pytest.raises(InputError, match="at least one report"):
        publish([], tmp_path)


def test_every_evidence_quote_is_found_in_the_published_text_by_its_offsets(published):
    """kg make publishes the text the offsets index; each quote, with its prefix and suffix,
    stands there, and oa:hasSource names that text."""
    from rdflib.namespace import DCTERMS, RDF

    from kg.graph.vocab import KG, OA, report_iri, text_iri

    out, _ = published
    data = Graph().parse(out / "unwomen-mexico-2022.ttl", format="turtle")
    text = (out / "unwomen-mexico-2022.txt").read_text(encoding="utf-8")
    source = text_iri("unwomen-mexico-2022")
    assert (source, DCTERMS.isFormatOf, report_iri("unwomen-mexico-2022")) in data
    evidence = set(data.subjects(RDF.type, KG.Evidence))
    assert len(evidence) > 100
    for node in evidence:
        start, end = int(data.value(node, OA.start)), int(data.value(node, OA.end))
        exact = str(data.value(node, OA.exact))
        prefix, suffix = str(data.value(node, OA.prefix)), str(data.value(node, OA.suffix))
        assert text[start:end] == exact, node
        assert text[:start].endswith(prefix) and text[end:].startswith(suffix), node
        assert data.value(node, OA.hasSource) == source
