"""Reports without IATI identifiers: numbered result headings, front matter, glossaries."""

from __future__ import annotations

import pytest

from kg.extract.mentions import extract
from kg.readers.frontmatter import strip
from kg.readers.glossary import read_glossaries
from kg.readers.headings import heading, parse_headed
from kg.readers.registry import read_document
from tests.conftest import DATA


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Outcome 1: Policies and Legislation", ("Outcome-1", "Policies and Legislation")),
        ("OUTCOME 6 – Women's Movement", ("Outcome-6", "Women's Movement")),
        ("## Pillar 2. Institutions", ("Pillar-2", "Institutions")),
        (
            "Área de Resultado Estratégico 1. Prosperidad",
            ("Área-de-Resultado-Estratégico-1", "Prosperidad"),
        ),
        ("Efecto 2.1", ("Efecto-2.1", "")),
        (
            "Producto 1.1.3: Capacidades fortalecidas",
            ("Producto-1.1.3", "Capacidades fortalecidas"),
        ),
        ("Resultado 4: Servicios", ("Resultado-4", "Servicios")),
        ("Outcome 3 made good progress. Then more happened.", None),
        ("outcome 1.1 was on track this year", None),
        ("Resultado 1: Legislación y políticas .......... 6", None),
    ],
)
def test_numbered_result_headings(line, expected):
    found = heading(line)
    if expected is None:
        assert found is None or line.endswith(".......... 6")
    else:
        assert found == expected


SPOTLIGHT = """Spotlight Initiative Honduras
Annual Narrative Programme Report 2021

Programme Title: Spotlight Initiative to eliminate violence against women in Honduras
Recipient Organization(s): UNDP, UNFPA, UNICEF
Reporting Period: 1 January 2021 - 31 December 2021

Table of Contents
Executive Summary .......... 2
Outcome 1: Policies and Legislation .......... 3
Outcome 2: Institutions .......... 5
Challenges and Lessons Learned .......... 7

Executive Summary
The programme worked in Tegucigalpa and San Pedro Sula with the European Union.

Outcome 1: Policies and Legislation
The National Congress approved a reform with UNDP.
Key results
The Ministry of Security adopted a protocol.

Outcome 2: Institutions
UNFPA trained 300 officials of the Public Prosecutor's Office.

Challenges and Lessons Learned
Elections delayed the work of the National Congress.

Prepared by
Ana Torres, Programme Coordinator
Luis Mejía, Monitoring and Evaluation Specialist
"""


def test_pillars_are_units_and_listed_sections_are_general():
    document = parse_headed(SPOTLIGHT, "h.txt", "spotlight-honduras-2021")
    units = {o.id: o for o in document.outcomes}
    assert list(units) == ["general", "Outcome-1", "Outcome-2"]
    assert units["Outcome-1"].statement == "Policies and Legislation"
    assert units["Outcome-1"].scope == "HN" and units["general"].scope == "spotlight-honduras-2021"
    assert [s.text for s in units["Outcome-1"].sentences] == [
        "The National Congress approved a reform with UNDP.",
        "The Ministry of Security adopted a protocol.",
    ]
    general = [s.text for s in units["general"].sentences]
    assert general == [
        "The programme worked in Tegucigalpa and San Pedro Sula with the European Union.",
        "Elections delayed the work of the National Congress.",
    ]
    assert document.country_code == "HN" and document.year == 2021
    for front in (
        "Programme Title",
        "Recipient Organization",
        "Table of Contents",
        "Ana Torres",
        "..........",
    ):
        assert front not in document.text


def test_front_matter_names_no_partner():
    extraction = extract(parse_headed(SPOTLIGHT, "h.txt", "h"))
    named = {extraction.entities[m.entity].label for m in extraction.mentions}
    assert "United Nations Children's Fund" not in named  # only in the cover form
    assert {"United Nations Development Programme", "European Union"} <= named


def test_spanish_country_team_report_with_strategic_areas_effects_and_products():
    text = (
        "Informe de Resultados del Sistema de las Naciones Unidas en Guatemala 2022\n\n"
        "Área de Resultado Estratégico 1. Desarrollo social\n\n"
        "Efecto 1.1\n\nLas mujeres acceden a servicios de salud.\n\n"
        "El Ministerio de Salud y la OPS capacitaron a 200 parteras.\n\n"
        "Producto 1.1.1: Capacidades fortalecidas\n\nEl UNFPA apoyó 12 clínicas en Quiché.\n"
    )
    document = read_document_text(text)
    assert [(o.id, o.statement) for o in document.outcomes] == [
        ("Área-de-Resultado-Estratégico-1", "Desarrollo social"),
        ("Efecto-1.1", "Las mujeres acceden a servicios de salud."),
        ("Producto-1.1.1", "Capacidades fortalecidas"),
    ]
    assert document.outcomes[1].sentences[0].text.startswith("El Ministerio de Salud")
    assert {o.scope for o in document.outcomes} == {"GT"}


def read_document_text(text: str):
    return parse_headed(text, "ct.txt", "ct")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "Glossary of Acronyms",
                "",
                "Civil society organisations CSOs",
                "",
                "United Nations Entity for Gender Equality and the Empowerment of Women UN Women",
                "Resident Coordinator’s Office RCO",
                "",
                "Executive Summary",
            ],
            [("CSOs", "Civil society organisations"), ("RCO", "Resident Coordinator’s Office")],
        ),
        (
            [
                "List of abbreviations",
                "ACRO – Americas and the Caribbean Regional Office",
                "CSO - civil society organization",
                "DRR: Disaster risk reduction",
                "Introduction",
            ],
            [
                ("ACRO", "Americas and the Caribbean Regional Office"),
                ("DRR", "Disaster risk reduction"),
            ],
        ),
        (
            [
                "Siglario",
                "CONAVIM",
                "Comisión Nacional para Prevenir la Violencia",
                "SESNSP",
                "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública",
                "Resumen ejecutivo",
                "En 2022 el programa avanzó.",
            ],
            [
                ("CONAVIM", "Comisión Nacional para Prevenir la Violencia"),
                ("SESNSP", "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública"),
            ],
        ),
        (
            [
                "Acronyms",
                "ACRO – Americas and the Caribbean Regional Office ASRO – Arab States "
                "Regional Office AWP – Annual work plan G20 – Group of Twenty",
                "Summary",
            ],
            [
                ("ACRO", "Americas and the Caribbean Regional Office"),
                ("ASRO", "Arab States Regional Office"),
                ("AWP", "Annual work plan"),
                ("G20", "Group of Twenty"),
            ],
        ),
    ],
    ids=["name-then-acronym", "acronym-dash-name", "alternating-lines", "flattened"],
)
def test_glossary_shapes(lines, expected):
    kept, entries = read_glossaries(lines)
    assert list(entries) == expected
    assert kept[-1] == lines[-1]  # what follows the glossary is kept
    assert kept[0] == ""


def test_glossary_feeds_the_abbreviation_table():
    extraction = extract(read_document(DATA / "spotlight-mexico-2022.txt"))
    sesnsp = extraction.entities[
        "partner/secretariado-ejecutivo-del-sistema-nacional-de-seguridad-publica--mx"
    ]
    assert "SESNSP" in sesnsp.aliases
    assert any(m.surface == "SESNSP" for m in extraction.mentions)


def test_contents_without_leaders_credits_and_indicator_metadata():
    lines = [
        "Contents",
        "Executive Summary 4",
        "Outcome 1: Policies and Legislation 38",
        "Outcome 2: Institutions 49",
        "",
        "María López, Coordinadora del Programa",
        "Complementary Indicator UNAIDS, UNDP, UNFPA",
        "The report covers 2022.",
    ]
    kept, front = strip(lines)
    assert kept == ["", "", "", "", "", "", "", "The report covers 2022."]
    assert "Outcome 1: Policies and Legislation" in front.contents


@pytest.mark.parametrize(
    "path", [DATA / "spotlight-mexico-2022.txt", DATA / "unwomen-colombia-portal.txt"]
)
def test_graphs_of_the_new_kinds_conform_to_the_shapes(path):
    from kg.graph.validate import validate
    from kg.pipeline import build_report

    report = validate(build_report(path).graph)
    assert report.conforms, report.text


def test_a_headed_report_without_country_is_scoped_by_its_slug():
    document = parse_headed(
        "Annual review\n\nOutcome 1: Policies\n\nThe ministry adopted two laws.\n", "r.txt", "rv"
    )
    assert [(o.id, o.scope) for o in document.outcomes] == [("Outcome-1", "rv")]
