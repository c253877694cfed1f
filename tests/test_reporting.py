"""Whose report a document is (kg.extract.reporting): its own name and offices are never its
partners, and another organisation's report names UN Women as a partner like any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import evaluate, load_gold
from kg.extract.gazetteer import PARTNER, curated
from kg.extract.reporting import (
    current,
    is_own,
    organisation_identifier,
    reporting_as,
    reporting_organisation,
)
from kg.pipeline import build_report, extract_report
from kg.readers.registry import read_document
from kg.readers.text import parse_report

from .helpers_reports import report_text

DATA = Path(__file__).parent / "data"
CHILE = DATA / "reporting" / "unfpa-chile-2024.txt"
BUNDLED = Path(__file__).parent.parent / "data" / "reports" / "unwomen-mexico-2022.txt"


def _partner(key: str):
    return next(e for e in curated(PARTNER) if e.key == f"partner/{key}")


@pytest.mark.parametrize(
    ("result_id", "expected"),
    [
        ("XM-DAC-41146-MEX_D_1.1", "XM-DAC-41146"),
        ("xm-dac-41119-CHL_D_2.1", "XM-DAC-41119"),
        ("GB-GOV-1-300123-101", "GB-GOV-1"),
        ("XM-DAC-41146", None),  # an organisation, no result of it
        ("Output-1", None),
        ("general", None),
        ("MEX_D_1.1", None),
    ],
)
def test_organisation_identifier_is_the_agency_prefix_and_code(result_id, expected):
    assert organisation_identifier(result_id) == expected


def test_the_bundled_report_is_un_womens_and_never_names_it_a_partner():
    document = read_document(BUNDLED, None, None)
    organisation, warning = reporting_organisation(document)
    assert (organisation.key, warning) == ("partner/unwomen", None)
    extraction = extract_report(BUNDLED)
    assert "partner/unwomen" not in extraction.entities
    assert not any("reporting organisation" in w for w in extraction.warnings)


def test_a_report_by_result_identifiers_of_unicef(tmp_path):
    body = (
        "UNICEF and UN Women supported the Ministry of Education with the Spotlight "
        "Initiative. The UNICEF Country Office trained 300 teachers."
    )
    path = tmp_path / "unicef-bolivia-2023.txt"
    path.write_text(report_text(body, "Bolivia", "XM-DAC-41122-BOL_D_1.1"), encoding="utf-8")
    extraction = extract_report(path)
    partners = {k for k in extraction.entities if k.startswith("partner/")}
    assert "partner/unwomen" in partners
    assert "partner/unicef" not in partners
    assert not any("country-office" in k for k in partners)
    assert not any("reporting organisation" in w for w in extraction.warnings)


def test_a_report_by_its_title_reads_as_unfpas_and_scores_its_gold():
    document = read_document(CHILE, None, None)
    assert reporting_organisation(document) == (_partner("unfpa"), None)
    extraction = extract_report(CHILE)
    assert "partner/unfpa" not in extraction.entities
    assert "partner/unwomen" in extraction.entities
    scores = evaluate(extraction, load_gold(CHILE.with_suffix(".gold.toml")))
    assert (scores["partner"].precision, scores["partner"].recall) == (1.0, 1.0)


def test_a_report_that_names_no_organisation_is_read_as_un_womens_with_a_warning(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Women Who Lead: notes of 2024\n\nThe Ministry of Health and UNDP trained nurses.\n",
        encoding="utf-8",
    )
    document = read_document(path, None, None)
    organisation, warning = reporting_organisation(document)
    assert organisation.key == "partner/unwomen"  # not WHO: "Who" is a word, not the acronym
    assert warning is not None and "no reporting organisation found" in warning
    extraction = extract_report(path)
    assert any("read as UN Women's report" in w for w in extraction.warnings)


def test_is_own_answers_for_the_organisation_read_as():
    assert current().key == "partner/unwomen"
    assert is_own("ONU Mujeres") and is_own("UN-Women Mexico") and is_own("UNIFEM")
    with reporting_as(_partner("unfpa")):
        assert is_own("UNFPA Country Office") and is_own("United Nations Population Fund")
        assert is_own("Fondo de Población de las Naciones Unidas")
        assert not is_own("UN Women") and not is_own("UNICEF")
    assert is_own("UN Women") and not is_own("UNFPA")


@pytest.mark.parametrize(
    "sentence",
    [
        "The evaluation had the support of the Regional Office for the Americas and the "
        "Caribbean and of UNDP.",
        "La evaluación contó con el apoyo de la Oficina Regional para las Américas y el Caribe "
        "y del PNUD.",
        # The organisation named between the office and its remit, its own or another's.
        "La evaluación contó con el apoyo de la Oficina Regional de ONU Mujeres para las "
        "Américas y el Caribe y del PNUD.",
        "The evaluation had the support of the Regional Office of UNICEF for the Americas and the "
        "Caribbean and of UNDP.",
    ],
)
def test_places_in_an_offices_name_are_no_places(tmp_path, sentence):
    path = tmp_path / "office.txt"
    path.write_text(report_text(sentence, "Ecuador", "XM-DAC-41146-ECU_D_1.1"), encoding="utf-8")
    entities = set(extract_report(path).entities)
    assert "partner/undp" in entities
    assert not {"place/region-americas", "place/region-caribbean"} & entities


def test_a_place_an_office_works_in_is_a_place(tmp_path):
    sentence = "The country office in Peru and UNDP trained 20 judges in the Americas."
    path = tmp_path / "office.txt"
    path.write_text(report_text(sentence, "Peru", "XM-DAC-41146-PER_D_1.1"), encoding="utf-8")
    extraction = extract_report(path)
    places = {m.entity for m in extraction.mentions if m.entity.startswith("place/")}
    assert {"place/pe", "place/region-americas"} <= places


def test_paho_is_not_who(tmp_path):
    sentence = "The Pan American Health Organization (PAHO) and WHO trained 40 midwives."
    path = tmp_path / "health.txt"
    path.write_text(report_text(sentence, "Peru", "XM-DAC-41146-PER_D_1.1"), encoding="utf-8")
    entities = extract_report(path).entities
    assert {"partner/paho", "partner/who"} <= set(entities)
    assert "PAHO" not in entities["partner/who"].aliases


@pytest.mark.parametrize(("path", "key"), [(BUNDLED, "unwomen"), (CHILE, "unfpa")])
def test_the_report_node_names_its_publisher_an_organisation_not_a_partner(path, key):
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF, SKOS

    from kg.graph.validate import validate
    from kg.graph.vocab import KG, entity_iri, report_iri

    graph = build_report(path).graph
    publisher = URIRef(str(entity_iri(f"partner/{key}")))
    report = URIRef(str(report_iri(path.stem)))
    assert list(graph.objects(report, DCTERMS.publisher)) == [publisher]
    assert (publisher, RDF.type, KG.Organisation) in graph
    assert (publisher, RDF.type, KG.Partner) not in graph
    assert graph.value(publisher, SKOS.prefLabel) is not None
    assert validate(graph).conforms


def _untitled(path: Path, result_id: str, statement: str, body: str) -> Path:
    """``path``, written as a report with no title: one outcome ``result_id``, its statement
    and a narrative paragraph ``body``."""
    path.write_text(f"OUTCOME {result_id}\n\n{statement}\n\n{body}\n", encoding="utf-8")
    return path


def test_the_country_of_an_untitled_report_is_its_result_identifiers(tmp_path):
    """An untitled report of another organisation whose text names a donor more often than
    its own country: the identifiers' country unit (BOL) is the report's country, so its
    places are found and its ministries are Bolivia's, not the donor's."""
    path = _untitled(
        tmp_path / "unicef-untitled.txt",
        "XM-DAC-41122-BOL_D_2.1",
        "Children are protected from violence.",
        "UNICEF worked with the Ministry of Justice in Oruro and, in collaboration with the "
        "Government of Sweden, trained 400 teachers in Cochabamba.",
    )
    document = read_document(path, None, None)
    assert (document.country, document.country_code) == ("Bolivia", "BO")
    extraction = extract_report(path)
    assert {"place/bo-o", "place/bo-c"} <= set(extraction.entities)
    assert not any("the report's country" in w for w in extraction.warnings)


def test_a_curated_organisation_the_channel_codelist_names_is_its_own_reporter(tmp_path):
    """ECLAC's IATI identifier (XM-DAC-41104) has no row in data/iati/organisations.csv, but the
    DAC channel codelist names it as kg's gazetteer does: its report is read as the curated
    ECLAC's, so "ECLAC" and "CEPAL" in it are its own names, not a partner."""
    path = _untitled(
        tmp_path / "eclac-chile.txt",
        "XM-DAC-41104-CHL_D_1.1",
        "Governments use gender statistics in policy.",
        "ECLAC worked with the Ministry of Women and Gender Equity in Santiago. In collaboration "
        "with UN Women and the Government of Spain, CEPAL trained 80 statisticians.",
    )
    organisation, warning = reporting_organisation(read_document(path, None, None))
    assert (organisation.key, warning) == ("partner/eclac", None)
    assert ("iati", "XM-DAC-41104") in organisation.identifiers
    partners = {k for k in extract_report(path).entities if k.startswith("partner/")}
    assert "partner/unwomen" in partners
    assert not {"partner/eclac", "partner/iati-xm-dac-41104"} & partners


def test_a_reporter_known_only_by_its_identifier_is_warned_about(tmp_path):
    """GB-GOV-1 (the UK's FCDO) is in no curated file: kg cannot tell its names in the text from
    partners' and says so, naming the identifier."""
    path = _untitled(
        tmp_path / "fcdo-kenya.txt",
        "GB-GOV-1-300123-101",
        "Girls complete secondary education.",
        "The Foreign, Commonwealth and Development Office worked with the Ministry of Education "
        "and, in collaboration with UN Women and UNICEF, supported 100 schools in Kisumu.",
    )
    organisation, warning = reporting_organisation(read_document(path, None, None))
    assert organisation.label == "GB-GOV-1"
    assert warning is not None and "GB-GOV-1" in warning and "no name" in warning
    assert sum("GB-GOV-1" in w for w in extract_report(path).warnings) == 1


@pytest.mark.parametrize(
    ("title", "author"),
    [
        ("Results of the partnership with the European Union in Honduras 2023", "unwomen"),
        ("Programme funded by the European Union: Honduras 2023", "unwomen"),
        ("Resultados del trabajo con la Unión Europea en Honduras 2023", "unwomen"),
        ("UNDP Honduras: results with the European Union 2023", "undp"),
    ],
)
def test_an_organisation_the_title_names_as_a_partner_is_not_the_author(tmp_path, title, author):
    """A title names its donor or partner after "with", "con", "funded by": that organisation
    is the report's partner, not its author (the European Union's funding vanished, and UN
    Women became a partner of its own report)."""
    path = tmp_path / "honduras.txt"
    path.write_text(
        f"{title}\n\nOutcome 1: Ending violence against women\n\nWith funding from the European "
        "Union, UN Women and UNDP trained 200 police officers in Tegucigalpa.\n",
        encoding="utf-8",
    )
    organisation, _ = reporting_organisation(read_document(path, None, None))
    assert organisation.key == f"partner/{author}"
    assert "partner/european-union" in extract_report(path).entities


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("UN-Women Mexico Annual Report 2023", "unwomen"),
        ("UN  Women Mexico Annual Report 2023", "unwomen"),
        ("Pan-American Health Organization: Peru 2023", "paho"),
    ],
)
def test_a_title_names_its_organisation_with_a_hyphen_or_spaces_between_words(title, key):
    """A title spells a name as is_own reads it, hyphen or spaces between its words: "UN-Women"
    was no organisation, and the report was read as UN Women's only by default, with a warning
    that its title named none."""
    document = parse_report(
        f"# {title}\n\nOUTCOME Output-1\n\nThe Ministry of Health trained nurses.\n"
    )
    assert reporting_organisation(document) == (_partner(key), None)
