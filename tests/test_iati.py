"""IATI activity XML: every real and official file in tests/data/iati (copies of the project's
shared IATI folder, README there) read with the organisations, roles, places, results and money
flows written by hand from each file; publishers' quirks; evidence; identity with reports; the
saved questions; shapes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.cli import cli
from kg.errors import InputError
from kg.graph.validate import validate
from kg.graph.vocab import ID, KGIATI, OA
from kg.pipeline import build_report, extract_report, merge
from kg.readers.registry import read_document

DATA = Path(__file__).parent / "data" / "iati"


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# What each file declares, read by hand from the XML: (organisation key, role) of every
# reporting-org and participating-org; places; result values; one money flow (provider, receiver,
# flow type, year, currency, sum).
EXPECTED = {
    "afdb-guinea-2.01-activity.xml": {
        "activities": ["46002-P-GN-IBE-002"],
        # ref "FSF" is the publisher's own code, not an IATI organisation identifier: by name.
        "participations": {
            ("partner/african-development-bank-group", "reporting"),
            ("partner/fragile-states-facility", "iati-funding"),
        },
        "places": {"place/gn"},
        # 14 results; 13 numeric targets, 12 numeric actuals (one "null", one sentence).
        "figures": 25,
        "figure": ("40847", "count", "actual 2018"),
        "flow": ("partner/fragile-states-facility", None, "disbursement", 2015, "XDR", "10000000"),
    },
    "cerf-unicef-drc-2.03-activity.xml": {
        "activities": ["XM-OCHA-CERF-19-RR-CEF-093"],
        "participations": {
            ("partner/iati-xm-ocha-cerf", "reporting"),
            ("partner/iati-xm-ocha-cerf", "iati-funding"),
            ("partner/unicef", "iati-accountable"),
        },
        "places": {"place/cd"},
        # 12 results whose indicators are qualitative (measure 5) with no values: no figures.
        "figures": 0,
        "figure": None,
        # Five disbursements dated 2019 (983984 + 590391 + 354234 + 1416937 + 590391).
        "flow": (
            "partner/iati-xm-ocha-cerf",
            "partner/unicef",
            "disbursement",
            2019,
            "USD",
            "3935937",
        ),
    },
    "iati-standard-2.03-example-annotated.xml": {
        "activities": ["AA-AAA-123456789-ABC123"],
        # Fictional AA-AAA refs (no registered agency): by name; the reporting organisation's
        # ref names the extending organisation too.
        "participations": {
            ("partner/organisation-name", "reporting"),
            ("partner/name-of-agency-b", "iati-funding"),
            ("partner/name-of-agency-c", "iati-accountable"),
            ("partner/organisation-name", "iati-extending"),
        },
        "places": {
            "place/af",
            "place/ag",
            "place/iati-region-489",
            "place/geonames-1453782",
            "place/geonames-1821306",
        },
        "figures": 3,
        "figure": ("11", "count", "actual 2013"),
        "flow": (
            "partner/name-of-agency-b",
            "partner/organisation-name",
            "incoming funds",
            2012,
            "EUR",
            "1000",
        ),
    },
    "schemas-testdata-1.0x-worldbank.xml": {
        "activities": 16,
        "participations": {
            ("partner/world-bank", "reporting"),
            ("partner/world-bank", "iati-funding"),
            ("partner/multiple-governments", "beneficiary"),
            ("partner/multiple-agencies", "iati-implementing"),
            ("partner/ministry-of-agriculture-and-food-security", "iati-implementing"),
            ("partner/national-aids-commission", "iati-implementing"),
        },
        "places": {"place/mw", "place/africa"},
        "figures": 0,
        "figure": None,
        # P084404: disbursements of IDA43530 (0) and IDA43540 (1942087.5) on 2013-06-30, and
        # others of that year.
        "flow": ("partner/world-bank", None, "disbursement", 2013, "USD", "1942087.5"),
    },
    "unicef-sierraleone-2.02-activity.xml": {
        "activities": ["XM-DAC-41122-Sierra_Leone-3900/A0/06/001/013"],
        # Funders with empty refs, by name; UNICEF (empty ref) by name is the curated UNICEF
        # that the reporting-org's XM-DAC-41122 names too.
        "participations": {
            ("partner/unicef", "reporting"),
            ("partner/unicef", "iati-extending"),
            ("partner/unicef", "iati-implementing"),
            ("partner/sida-sweden", "iati-funding"),
            ("partner/sierra-leone", "iati-funding"),
            ("partner/consolidated-funds-from-natcoms", "iati-funding"),
            ("partner/usa-usaid-ofda", "iati-funding"),
        },
        # A region code (298, Africa regional) and two named locations without a code: the
        # country itself, and Freetown, the gazetteer's city (GeoNames 2409306) as in reports.
        "places": {"place/sl", "place/iati-region-298", "place/geonames-2409306"},
        # One result whose baseline year is 9999 and whose values are empty: no figures.
        "figures": 0,
        "figure": None,
        "flow": ("partner/sida-sweden", "partner/unicef", "incoming funds", 2014, "USD", "430064"),
    },
}


@pytest.fixture(scope="module")
def extracted():
    return {name: extract_report(DATA / name) for name in EXPECTED}


@pytest.fixture(scope="module")
def built():
    return {name: build_report(DATA / name) for name in EXPECTED}


def test_every_file_of_the_shared_folder_has_expectations():
    assert sorted(EXPECTED) == sorted(p.name for p in DATA.glob("*.xml"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_is_read_with_its_organisations_roles_places_results_and_flows(name, extracted):
    expected = EXPECTED[name]
    extraction = extracted[name]
    assert extraction.document.reader == "iati"
    ids = [o.id for o in extraction.document.outcomes]
    if isinstance(expected["activities"], int):
        assert len(ids) == expected["activities"]
    else:
        assert ids == expected["activities"]
    held = {(p.organisation, p.role) for p in extraction.participations}
    assert expected["participations"] <= held
    if not isinstance(expected["activities"], int):
        assert held == expected["participations"]
    places = {r.object for r in extraction.relations if r.predicate == "concernsPlace"}
    assert places == expected["places"]
    assert len(extraction.figures) == expected["figures"]
    if expected["figure"]:
        value, unit, text = expected["figure"]
        assert any(
            f.value == Decimal(value) and f.unit == unit and f.text.startswith(text)
            for f in extraction.figures
        )
    provider, receiver, kind, year, currency, total = expected["flow"]
    flows = [
        f
        for f in extraction.flows
        if (f.provider, f.receiver, f.flow_type, f.year, f.currency)
        == (provider, receiver, kind, year, currency)
    ]
    assert len(flows) == 1 and flows[0].value == Decimal(total)


def test_every_participating_org_of_every_file_is_in_the_graph_with_its_role(extracted):
    """Count per file: one participation per (organisation, role) and element; none lost."""
    from lxml import etree

    for name, extraction in extracted.items():
        tree = etree.parse(str(DATA / name))
        named = [
            e
            for e in tree.iter("participating-org")
            if (e.get("ref") or "").strip() or "".join(e.itertext()).strip()
        ]
        cited = {x.xpath for p in extraction.participations for x in p.evidence}
        assert {tree.getpath(e) for e in named} <= cited, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_graph_conforms_to_the_shapes(name, built):
    report = validate(built[name].graph)
    assert report.conforms, report.violations[:5]


def test_the_bundled_report_and_an_iati_file_together_conform(bundled, built):
    combined = merge(
        [build_report(bundled).graph, built["unicef-sierraleone-2.02-activity.xml"].graph]
    )
    report = validate(combined)
    assert report.conforms, report.violations[:5]


def test_evidence_is_the_element_its_xpath_and_its_span_in_the_file(built):
    graph = built["cerf-unicef-drc-2.03-activity.xml"].graph
    text = (DATA / "cerf-unicef-drc-2.03-activity.xml").read_text(encoding="utf-8")
    xpaths = set()
    for evidence in graph.subjects(RDF.type, OA.XPathSelector):
        start = int(graph.value(evidence, OA.start))
        end = int(graph.value(evidence, OA.end))
        assert text[start:end] == str(graph.value(evidence, OA.exact))
        xpaths.add(str(graph.value(evidence, RDF.value)))
    assert "/iati-activities/iati-activity/participating-org[2]" in xpaths
    assert "/iati-activities/iati-activity/transaction[1]" in xpaths


def test_titles_keep_their_language_and_dates_and_status_are_read(built):
    graph = built["iati-standard-2.03-example-annotated.xml"].graph
    activity = ID["outcome/AA-AAA-123456789-ABC123"]
    titles = set(graph.objects(activity, URIRef("http://purl.org/dc/terms/title")))
    assert Literal("Activity title", lang="en") in titles
    assert Literal("Titre de l'activité", lang="fr") in titles
    assert (activity, RDF.type, KGIATI.Activity) in graph
    assert graph.value(activity, KGIATI.actualStart) is not None


def test_the_gender_marker_is_named_from_the_codelist(built):
    graph = built["unicef-sierraleone-2.02-activity.xml"].graph
    marker = ID["iati/policy-marker/1/1-2"]
    assert (None, KGIATI.policyMarker, marker) in graph
    label = str(graph.value(marker, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    assert label.startswith("Gender Equality")


def test_an_organisation_identifier_is_one_iri_whatever_the_file(extracted):
    """XM-DAC-41122 (CERF's file, UNICEF's own) and an empty ref named UNICEF: one UNICEF."""
    cerf = extracted["cerf-unicef-drc-2.03-activity.xml"]
    unicef = extracted["unicef-sierraleone-2.02-activity.xml"]
    assert ("partner/unicef", "iati-accountable") in {
        (p.organisation, p.role) for p in cerf.participations
    }
    assert "XM-DAC-41122" in dict(unicef.entities["partner/unicef"].identifiers).values()
    assert unicef.entities["partner/unicef"].label == cerf.entities["partner/unicef"].label


def test_a_graph_is_the_same_on_every_build():
    first = build_report(DATA / "afdb-guinea-2.01-activity.xml").triples
    assert build_report(DATA / "afdb-guinea-2.01-activity.xml").triples == first


# Publishers' quirks, each in a small file.
QUIRKS = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities generated-datetime="2020-01-01T00:00:00" extra="yes">
 <iati-activity default-currency="usd" xml:lang="en" dataset="x" version="2.02">
  <iati-identifier>XM-DAC-41146-MEX_D_1.1</iati-identifier>
  <reporting-org ref="XM-DAC-41146" type="40"><narrative>UN Women</narrative></reporting-org>
  <title><narrative>Cuidados</narrative><narrative xml:lang="es">Cuidados</narrative></title>
  <participating-org ref="N/A" role="Funding" type="10">
   <narrative>Government of Sweden</narrative></participating-org>
  <participating-org ref="" role="4">
   <narrative>National Women's Institute</narrative></participating-org>
  <participating-org ref="XM-DAC-41114" role="donor" type="40" colour="red"/>
  <recipient-country code="489"/>
  <recipient-country code="mx"/>
  <result type="1">
   <title><narrative>Care</narrative></title>
   <indicator measure="1"><title><narrative>Women in care jobs</narrative></title>
    <baseline year="9999" value="17"/>
    <period><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/>
     <target value="1,500"/><actual value="N/A"/></period>
   </indicator>
  </result>
  <transaction><transaction-type code="11"/><transaction-date iso-date="2022-03-01"/>
   <value>250</value>
   <provider-org ref="N/A"><narrative>Government of Sweden</narrative></provider-org>
  </transaction>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def quirky(tmp_path: Path) -> Path:
    path = tmp_path / "quirks.xml"
    path.write_text(QUIRKS, encoding="utf-8")
    return path


def test_publishers_quirks_are_read_not_refused(quirky):
    extraction = extract_report(quirky)
    assert any("no IATI version" in w for w in extraction.document.warnings)
    held = {(p.organisation, p.role) for p in extraction.participations}
    assert ("partner/government-of-sweden", "iati-funding") in held  # ref="N/A", "Funding"
    assert ("partner/inmujeres", "iati-implementing") in held  # empty ref, curated name
    assert ("partner/undp", "iati-funding") in held  # "donor", an extra attribute
    places = {r.object for r in extraction.relations if r.predicate == "concernsPlace"}
    assert places == {"place/mx", "place/iati-region-489"}  # a region code as a country
    baseline = [f for f in extraction.figures if f.text.startswith("baseline")]
    assert [(f.value, f.text.split(":")[0]) for f in baseline] == [(17, "baseline")]
    assert [f.value for f in extraction.figures if f.text.startswith("target")] == [1500]
    # Incoming commitment (11): the receiver is the reporting organisation (XM-DAC-41146, kg's
    # curated UN Women, as in its reports); "usd" upper-cased.
    assert [(f.provider, f.receiver, f.currency, f.year, f.value) for f in extraction.flows] == [
        ("partner/government-of-sweden", "partner/unwomen", "USD", 2022, 250)
    ]
    assert validate(build_report(quirky).graph).conforms


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (b"<iati-activities>\n<iati-activity>\n<title>x</iati-activity>", 3),
        (b"<iati-activities>\n<iati-activity>\n", 3),
        (b'<iati-activities version="2.03">\n\n<iati-activity ref="a" ref="b"/>', 3),
    ],
)
def test_malformed_xml_is_a_one_line_error_naming_the_line(tmp_path, text, line):
    path = tmp_path / "bad.xml"
    path.write_bytes(text)
    with pytest.raises(InputError, match=rf"^{path}: not well-formed XML at line {line}: "):
        read_document(path)
    result = kg("build", str(path), "--store", ":memory:")
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    assert f"line {line}" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"<iati-activities version='2.03'/>", "no <iati-activity>"),
        (
            b'<!DOCTYPE iati-activities [<!ENTITY a "aaaa">]><iati-activities><iati-activity/>'
            b"</iati-activities>",
            "document type declaration",
        ),
    ],
)
def test_a_file_without_activities_or_with_a_dtd_is_refused(tmp_path, text, message):
    path = tmp_path / "empty.xml"
    path.write_bytes(text)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_kg_build_reads_iati_files_into_the_store_and_the_questions_answer(bundled, quirky):
    files = [str(DATA / name) for name in sorted(EXPECTED)]
    assert kg("build", *files, str(bundled), str(quirky)).exit_code == 0

    def rows(*args: str) -> list[dict]:
        result = kg("query", *args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["results"]["bindings"]

    flows = rows("-n", "money-flows", "-p", "provider=XM-OCHA-CERF", "-p", "receiver=unicef")
    assert [(r["year"]["value"], r["flowType"]["value"], r["total"]["value"]) for r in flows] == [
        ("2019", "disbursement", "3935937")
    ]
    several = rows("-n", "implementers-for-several-funders")
    unicef = [r for r in several if r["implementer"]["value"].endswith("/partner/unicef")]
    assert unicef and int(unicef[0]["funders"]["value"]) >= 4
    funders = rows("-n", "funders-of-activities", "-p", "organisation=XM-DAC-41122")
    labels = {r["funderLabel"]["value"] for r in funders}
    assert {"SIDA - Sweden", "XM-OCHA-CERF"} <= labels
    both = rows("-n", "declared-and-narrated-partners", "-p", "identifier=XM-DAC-41146-MEX_D_1.1")
    by_partner = {
        r["partner"]["value"].rsplit("/", 1)[1]: (
            r.get("declared", {}).get("value", ""),
            r.get("narrated", {}).get("value", ""),
        )
        for r in both
    }
    declared, narrated = by_partner["inmujeres"]
    assert "iatiimplementing" in declared and narrated
    assert "iatifunding" in by_partner["government-of-sweden"][0]


def test_a_file_in_an_encoding_expat_lacks_keeps_its_evidence_spans(tmp_path):
    text = (
        '<?xml version="1.0" encoding="windows-1252"?>\n<iati-activities version="2.03">\n'
        " <iati-activity><iati-identifier>XX-1</iati-identifier>\n"
        '  <participating-org role="1" ref=""><narrative>Caf\u00e9 Org</narrative>'
        "</participating-org></iati-activity></iati-activities>\n"
    )
    path = tmp_path / "cp1252.xml"
    path.write_bytes(text.encode("cp1252"))
    document = read_document(path)
    org = document.activities[0].organisations[0]
    assert org.name == "Caf\u00e9 Org"
    assert document.text[org.element.start : org.element.end] == org.element.text
    assert org.element.text == '<participating-org role="1" ref="">'


def test_every_kg_term_of_an_iati_graph_is_in_the_ontology(built):
    from kg.graph.validate import ontology

    onto = ontology()
    namespace = "https://w3id.org/kg/ns#"
    for name, result in built.items():
        used = {
            term
            for triple in result.graph
            for term in triple
            if isinstance(term, URIRef) and str(term).startswith(namespace)
        }
        assert used and all((term, RDF.type, None) in onto for term in used), name
