"""`kg export --format iati`: a report's participations as IATI 2.03 activities, valid against the
IATI 2.03 schema (vendored in tests/xsd/iati-2.03), read back by kg's own IATI reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.cli import cli
from kg.graph.vocab import KG, ORG
from kg.pipeline import build_report, extract_report
from kg.publish.export import render
from kg.publish.iati import ROLE_CODES

XSD = Path(__file__).parent / "xsd" / "iati-2.03" / "iati-activities-schema.xsd"


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, bundled_graph) -> tuple[Path, bytes]:
    path = tmp_path_factory.mktemp("iati") / "mexico.xml"
    data = render(bundled_graph, "iati")[""]
    path.write_bytes(data)
    return path, data


def test_the_export_is_valid_against_the_iati_2_03_schema(exported):
    import xmlschema

    path, _ = exported
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    xmlschema.XMLSchema(str(XSD)).validate(str(path))


def test_one_activity_per_outcome_with_every_participation_iati_can_express(
    exported, bundled_graph
):
    _, data = exported
    root = etree.fromstring(data)
    written = {
        (a.findtext("iati-identifier"), o.get("role"), o.findtext("narrative"))
        for a in root.iter("iati-activity")
        for o in a.iter("participating-org")
    }
    graph = bundled_graph
    expected = set()
    for node in graph.subjects(RDF.type, KG.Participation):
        code = ROLE_CODES.get(str(graph.value(node, ORG.role)).rsplit("#", 1)[-1])
        activity = graph.value(node, KG.activity)
        if code is None or (activity, RDF.type, KG.Outcome) not in graph:
            continue
        member = graph.value(node, ORG.member)
        label = str(graph.value(member, SKOS.prefLabel))
        expected.add((str(graph.value(activity, DCTERMS.identifier)), code, label))
    assert written == expected
    identifiers = [a.findtext("iati-identifier") for a in root.iter("iati-activity")]
    assert identifiers == sorted(set(identifiers))
    assert "XM-DAC-41146-MEX_D_1.1" in identifiers


def URIRef_pref():
    from rdflib.namespace import SKOS

    return SKOS.prefLabel


def test_curated_partners_carry_their_iati_identifier(exported):
    _, data = exported
    refs = {
        o.findtext("narrative"): o.get("ref")
        for o in etree.fromstring(data).iter("participating-org")
    }
    assert refs["United Nations Development Programme"] == "XM-DAC-41114"
    reporting = etree.fromstring(data).find("iati-activity/reporting-org")
    assert reporting.get("ref") == "XM-DAC-41146"


def test_kg_reads_its_own_export_back_to_the_same_organisations(exported, bundled):
    path, _ = exported
    back = extract_report(path)
    report = build_report(bundled).extraction
    narrated = {p.organisation for p in report.participations if p.role != "cited"}
    declared = {p.organisation for p in back.participations if p.role != "reporting"}
    assert declared and declared <= narrated


def test_the_export_is_byte_identical_on_every_run(tmp_path, bundled):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    assert kg("export", str(bundled), "--format", "iati", "-o", str(first)).exit_code == 0
    assert kg("export", str(bundled), "--format", "iati", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_graph_without_participations_is_a_one_line_error(tmp_path):
    report = tmp_path / "tiny.txt"
    report.write_text("Nothing here names anyone.\n", encoding="utf-8")
    result = kg("export", str(report), "--format", "iati", "-o", str(tmp_path / "x.xml"))
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "x.xml").exists()
