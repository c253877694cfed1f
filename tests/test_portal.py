"""Transparency Portal pages copied from a browser (kg.readers.portal)."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.extract.mentions import extract
from kg.readers.portal import outcome_id, parse_portal
from kg.readers.registry import read_document
from tests.conftest import DATA

STATEMENT = (
    "Former combatants in the process of reincorporation, in particular women, enjoy their "
    "rights (UNSDCF 1.1)"
)


def _page(*sections: str) -> str:
    return "Skip to main content\nCountry\nYear\nColombia\n\n" + "\n\n".join(sections) + "\n"


def test_lower_case_and_glued_headers():
    assert outcome_id("COL_D_3.2XM-DAC-41146-COL_D_3.2") == "XM-DAC-41146-COL_D_3.2"
    assert outcome_id("XM-DAC-41146-COL_D_3.2") == "XM-DAC-41146-COL_D_3.2"
    page = _page(
        f"outcome XM-DAC-41146-COL_D_1.1\n\n{STATEMENT}\n\nIn 2023, UN Women worked in Meta.",
        "## Outcome COL_D_3.2XM-DAC-41146-COL_D_3.2\nIn 2026, the State adopts plans.\n"
        "In 2023, the office trained 40 planners.",
    )
    document = parse_portal(page, "page.txt", "page")
    assert [o.id for o in document.outcomes] == [
        "XM-DAC-41146-COL_D_1.1",
        "XM-DAC-41146-COL_D_3.2",
    ]
    assert document.country_code == "CO" and document.year == 2023


def test_statement_without_by_and_narrative_without_a_blank_line():
    page = _page(
        "outcome XM-DAC-41146-COL_D_2.2\n"
        "Women increase their income and economic autonomy (SP Output 8)\n"
        "In 2023, UN Women Colombia made progress on outcome 2.2 (on track). FAO helped.\n"
        "A second paragraph names Cali."
    )
    outcome = parse_portal(page, "p", "p").outcomes[0]
    assert outcome.statement == "Women increase their income and economic autonomy (SP Output 8)"
    assert [s.text for s in outcome.sentences] == [
        "In 2023, UN Women Colombia made progress on outcome 2.2 (on track).",
        "FAO helped.",
        "A second paragraph names Cali.",
    ]


def test_an_outcome_repeated_per_year_is_one_outcome_with_a_note_per_year():
    page = _page(
        f"outcome XM-DAC-41146-COL_D_1.1\n\n{STATEMENT}\n\n"
        "In 2023, UN Women Colombia made significant progress on outcome 1.1 (on track). "
        "UNDP joined.",
        f"outcome XM-DAC-41146-COL_D_1.1\n\n{STATEMENT.replace('(UNSDCF 1.1)', '')}\n\n"
        "In 2022, UN Women Colombia made progress on outcome 1.1 (off track). UNFPA joined.",
    )
    document = parse_portal(page, "p", "p")
    (outcome,) = document.outcomes
    assert [(n.year, n.rating) for n in outcome.progress] == [
        (2023, "on track"),
        (2022, "off track"),
    ]
    starts = [document.text[n.start : n.start + 8] for n in outcome.progress]
    assert starts == ["In 2023,", "In 2022,"]
    assert len(outcome.paragraphs) == 2


def test_one_identifier_with_two_statements_on_one_page_is_refused():
    page = _page(
        "outcome XM-DAC-41146-COL_D_1.1\nWomen take part in politics.\nIn 2019, a.",
        f"outcome XM-DAC-41146-COL_D_1.1\n{STATEMENT}\nIn 2023, b.",
    )
    with pytest.raises(InputError, match=r"COL_D_1\.1 appears twice with different statements"):
        parse_portal(page, "p", "p")


@pytest.fixture(scope="module")
def detail():
    return read_document(DATA / "unwomen-colombia-portal.txt")


def test_outcome_detail_blocks(detail):
    d32 = next(o for o in detail.outcomes if o.id.endswith("COL_D_3.2"))
    assert d32.statement.startswith("In 2026, the national government and territorial")
    assert [i.code for i in d32.indicators] == ["COL_D_3.2A", "COL_D_3.2B"]
    first = d32.indicators[0]
    assert first.text.startswith("Indicator 3.2: Number of territorial entities")
    assert first.values == (
        (2021, "baseline", "12"),
        (2022, "milestone", "15"),
        (2022, "result", "17"),
        (2023, "milestone", "20"),
        (2023, "result", "22"),
    )
    assert [(f.funder, f.amount_usd, f.year, f.kind) for f in d32.funding] == [
        ("Sweden", 1250000.0, 2023, "OECD-DAC donor"),
        ("Norway", 830000.0, 2023, "OECD-DAC donor"),
        ("Bogotá Mayor's Office", 210500.0, 2023, "Local government"),
        ("Korea International Cooperation Agency", 400000.0, 2022, "OECD-DAC donor"),
        ("European Union", 1020000.0, 2022, "Multilateral"),
    ]
    assert all(
        detail.text[f.sentence.start : f.sentence.end] == f.sentence.text for f in d32.funding
    )


def test_page_labels_and_indicator_metadata_are_not_text(detail):
    for label in (
        "Skip to main content",
        "View indicators",
        "Download data",
        "Policy marker",
        "Indicator UNDP, UNFPA",
        "Outcome summary",
        "Baseline",
    ):
        assert label not in detail.text, label


def test_funders_are_partners_of_their_outcome(detail):
    extraction = extract(detail)
    d32 = next(o.id for o in detail.outcomes if o.id.endswith("COL_D_3.2"))
    named = {m.entity for m in extraction.mentions if m.outcome == d32}
    assert {
        "partner/government-of-sweden",
        "partner/government-of-norway",
        "partner/koica",
        "partner/european-union",
    } <= named
    assert "partner/oecd" not in {m.entity for m in extraction.mentions}
    assert not {"place/se", "place/no"} & {m.entity for m in extraction.mentions}


def test_funding_rows_written_one_a_line():
    page = _page(
        f"outcome XM-DAC-41146-COL_D_1.1\n{STATEMENT}\nFunding partners\n"
        "Partner\tAmount (USD)\tYear\tType\n"
        "Sweden\t1,250,000\t2023\tOECD-DAC donor\n"
        "Bogotá Mayor's Office 210,500 2023 Local government\n"
        "Outcome insights\nIn 2023, the office met the donors."
    )
    outcome = parse_portal(page, "p", "p").outcomes[0]
    assert [(f.funder, f.amount_usd, f.kind) for f in outcome.funding] == [
        ("Sweden", 1250000.0, "OECD-DAC donor"),
        ("Bogotá Mayor's Office", 210500.0, "Local government"),
    ]
    assert outcome.sentences[0].text == "In 2023, the office met the donors."


def test_progress_ratings_are_in_the_graph_with_their_sentence(detail):
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV

    from kg.graph.build import build_graph
    from kg.graph.validate import validate
    from kg.graph.vocab import KG, OA

    graph = build_graph(extract(detail))
    ratings = set()
    for node in graph.subjects(URIRef(str(KG.rating)), None):
        outcome = graph.value(node, KG.inOutcome)
        evidence = graph.value(node, KG.evidence)
        exact = str(graph.value(evidence, OA.exact))
        rating = str(graph.value(node, KG.rating))
        assert f"({rating})" in exact
        assert graph.value(node, PROV.hadPrimarySource) is not None
        identifier = str(graph.value(outcome, DCTERMS.identifier))
        ratings.add((identifier, int(graph.value(node, KG.progressYear)), rating))
    assert ratings == {
        ("XM-DAC-41146-COL_D_1.1", 2023, "on track"),
        ("XM-DAC-41146-COL_D_1.1", 2022, "on track"),
        ("XM-DAC-41146-COL_D_2.2", 2023, "on track"),
        ("XM-DAC-41146-COL_D_2.2", 2022, "off track"),
        ("XM-DAC-41146-COL_D_3.2", 2023, "on track"),
    }
    assert Literal("off track") in set(graph.objects(None, URIRef(str(KG.rating))))
    assert validate(graph).conforms


def test_the_outcome_page_of_kg_serve_shows_each_years_rating(tmp_path):
    from click.testing import CliRunner
    from starlette.testclient import TestClient

    from kg.cli import cli
    from kg.serve.app import Settings, create_app

    store = str(tmp_path / "store")
    report = str(DATA / "unwomen-colombia-portal.txt")
    assert CliRunner().invoke(cli, ["build", report, "--store", store]).exit_code == 0
    with TestClient(create_app(Settings(store)), base_url="http://localhost") as client:
        found = client.get("/search.json", params={"q": "XM-DAC-41146-COL_D_2.2"}).json()
        url = found["groups"]["outcome"][0]["url"]
        notes = client.get(url + ".json").json()["entity"]["progress"][0]["notes"]
        page = client.get(url).text
    rated = {note["rating"] for note in notes if note["rating"]}
    assert rated == {"2023: on track", "2022: off track"}
    assert '<span class="rating">2022: off track</span>' in page
