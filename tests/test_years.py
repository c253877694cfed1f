"""Questions across years (issue #15, item 3): the saved queries partners-new-or-gone,
partner-history, programmes-in-countries and outcome-progress, and the `kg overlap` options
that ask them, on two years of Mexico and a year of Guatemala (tests/data/years), through the
CLI and the library. Every answer keeps its evidence: a sentence count and a sentence whose text
names what the row is about."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.commands import overlap_across_years, run_query
from kg.graph.vocab import entity_iri

YEARS = Path(__file__).parent / "data" / "years"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("years") / "store"
    result = CliRunner().invoke(cli, ["build", str(YEARS), "--jobs", "1", "--store", str(where)])
    assert result.exit_code == 0, result.stderr
    return where


def _rows(*args: str, store: Path) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, [*args, "--format", "csv", "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _sentence(store: Path, iri: str) -> str:
    found = run_query(f"SELECT ?text WHERE {{ <{iri}> oa:exact ?text }}", store=str(store)).rows
    assert len(found) == 1, iri
    return found[0][0].value


def test_partners_new_or_gone_count_one_organisation_across_spellings(store):
    rows = _rows("overlap", "--changes", "2023", "2024", store=store)
    status = {row["label"]: (row["status"], row["year"]) for row in rows}
    assert status["Embassy of Spain"] == ("new", "2024")
    assert status["Government of Chiapas"] == ("new", "2024")
    assert status["Ministry of Finance"] == ("gone", "2023")
    assert status["Red Nacional de Refugios"] == ("gone", "2023")
    # Merged across the years (kg merges), so neither new nor gone; and in both years as spelt.
    for kept in ("Swedish Embassy", "Embassy of Sweden", "IWLN", "NWMO", "Ministry of Health"):
        assert kept not in status
    # "CIMAC" (2023) is "Comunicación e Información de la Mujer (CIMAC)" (2024), read whole.
    assert not [label for label in status if "CIMAC" in label or "Comunicación" in label]
    assert "Network of Women Mayors of Oaxaca" not in status
    # Country by country, where a country has reports in both years: Guatemala has none of
    # 2023, so its partners are neither new nor gone.
    assert {row["country"] for row in rows} == {"Mexico"}
    for row in rows:
        assert int(row["sentences"]) >= 1
        assert row["label"] in _sentence(store, row["evidence"])
    # The saved query answers the same through the library.
    result = run_query(
        None, name="partners-new-or-gone", params=["earlier=2023", "later=2024"], store=str(store)
    )
    assert len(result.rows) == len(rows)


def test_a_partners_history_spans_years_countries_and_spellings(store):
    rows = _rows("overlap", "--history", "Embassy of Sweden", store=store)
    assert [(r["year"], r["country"], r["activityLabel"], r["role"]) for r in rows] == [
        ("2023", "Mexico", "XM-DAC-41146-MEX_D_6.1", "partner"),
        ("2024", "Mexico", "XM-DAC-41146-MEX_D_6.1", "partner"),
    ]
    assert [r["names"] for r in rows] == ["Swedish Embassy", "Embassy of Sweden"]
    assert [r["sentences"] for r in rows] == ["2", "1"]
    for row in rows:
        assert row["names"] in _sentence(store, row["evidence"])
    network = _rows("query", "-n", "partner-history", "--param", "partner=IWLN", store=store)
    assert {(r["year"], r["country"]) for r in network} == {
        ("2023", "Mexico"),
        ("2024", "Mexico"),
        ("2024", "Guatemala"),
    }


def test_programmes_present_in_several_countries(store):
    rows = _rows("overlap", "--across-countries", store=store)
    assert [(r["label"], r["countries"], r["reports"]) for r in rows] == [
        ("Joint Programme Closing Gaps", "2", "3")
    ]
    assert set(rows[0]["countryNames"].split(" | ")) == {"Mexico", "Guatemala"}
    assert "Closing Gaps" in _sentence(store, rows[0]["evidence"])


def test_the_same_outcomes_progress_over_years(store):
    text = overlap_across_years(
        "progress", ["outcome=XM-DAC-41146-MEX_D_1.1"], store=str(store), fmt="csv"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["year"], r["report"], r["sentences"], r["figures"]) for r in rows] == [
        ("2023", "unwomen-mexico-2023", "4", "4"),
        ("2024", "unwomen-mexico-2024", "4", "5"),
    ]
    assert rows[0]["outcomeNode"] == rows[1]["outcomeNode"]  # one statement, one outcome
    assert "410 indigenous" in rows[1]["figureLabels"]
    assert "2024" in rows[1]["evidence"] and _sentence(store, rows[1]["evidence"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--changes", "2023"], "Option '--changes' requires 2 arguments"),
        (["--changes", "x", "2024"], "'x' is not a valid integer"),
        (["--across-countries", "--history", "IWLN"], "ask the store one question each"),
        (["--progress", "X", "--partner", "IWLN"], "ask the store one question each"),
        (["--history", "Nobody At All"], "--history: no partner named 'Nobody At All'"),
        # Values the store does not hold once gave an empty table, which reads as "nothing
        # changed" or "no progress" rather than as a typing mistake.
        (["--changes", "2023", "2023"], "the earlier and the later year are both 2023"),
        (
            ["--changes", "2022", "2024"],
            "--changes: no report year '2022' in the store (years held: 2023, 2024)",
        ),
        (
            ["--progress", "MEX_D_1.1"],
            "--progress: no outcome identifier 'MEX_D_1.1' in the store (did you mean "
            "XM-DAC-41146-MEX_D_1.1?)",
        ),
        (
            ["--progress", "xm-dac-41146-gtm_d_1.1"],
            "(did you mean XM-DAC-41146-GTM_D_1.1?)",
        ),
    ],
)
def test_bad_questions_are_one_line_and_exit_2(store, args, message):
    result = CliRunner().invoke(cli, ["overlap", "--store", str(store), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (["outcome=NOPE"], "--param outcome: no outcome identifier 'NOPE' in the store"),
        (["earlier=2023", "later=1999"], "--param later: no report year '1999' in the store"),
    ],
)
def test_saved_queries_refuse_values_the_store_does_not_hold(store, params, message):
    """``kg query -n`` checks an outcome identifier or a year as it checks a name: one line
    and exit 2, never an empty answer."""
    name = "outcome-progress" if params[0].startswith("outcome") else "partners-new-or-gone"
    args = [arg for param in params for arg in ("-p", param)]
    result = CliRunner().invoke(cli, ["query", "-n", name, *args, "--store", str(store)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {message}") and result.stderr.count("\n") == 1


def _figures(store: Path, report: str, outcome: str) -> tuple[set[str], int]:
    """The labels and number of the figures the store holds for one report on one outcome,
    asked directly."""
    query = (
        "SELECT DISTINCT ?figure ?label WHERE { ?figure a kg:Figure ; rdfs:label ?label ; "
        "kg:evidence ?sentence ; kg:inOutcome ?node . ?node dcterms:identifier ?outcome . "
        "?sentence prov:hadPrimarySource ?source . ?source dcterms:identifier ?report . "
        f'FILTER(STR(?outcome) = "{outcome}" && STR(?report) = "{report}") }}'
    )
    rows = run_query(query, store=str(store)).rows
    return {row[1].value for row in rows}, len({row[0] for row in rows})


@pytest.mark.parametrize("outcome", ["XM-DAC-41146-MEX_D_1.1", "XM-DAC-41146-MEX_D_6.1"])
def test_progress_names_every_figure_even_beside_sentences_without_one(store, outcome):
    """Outcome 6.1's reports have sentences without a figure: the figures' labels were once
    concatenated over those rows too, and one unbound label left the whole list empty."""
    rows = _rows("overlap", "--progress", outcome, store=store)
    assert len(rows) == 2
    for row in rows:
        labels = set(row["figureLabels"].split(" | ")) if row["figureLabels"] else set()
        expected, figures = _figures(store, row["report"], outcome)
        assert expected and labels == expected
        assert int(row["figures"]) == figures


def _first_sentence(store: Path, report: str, outcome: str) -> str:
    """The IRI of the sentence on ``outcome`` that comes first in ``report``'s text, asked
    directly by offset."""
    query = (
        "SELECT ?sentence WHERE { ?sentence kg:inOutcome ?node ; oa:start ?start ; "
        "prov:hadPrimarySource ?source . ?node dcterms:identifier ?outcome . "
        "?source dcterms:identifier ?report . "
        f'FILTER(STR(?outcome) = "{outcome}" && STR(?report) = "{report}") }} '
        "ORDER BY ?start LIMIT 1"
    )
    return run_query(query, store=str(store)).rows[0][0].value


@pytest.mark.parametrize(
    "outcome", ["XM-DAC-41146-MEX_D_1.1", "XM-DAC-41146-MEX_D_2.1", "XM-DAC-41146-MEX_D_6.1"]
)
def test_the_evidence_given_is_the_first_sentence_in_the_text(store, outcome):
    """The sentence a question across years gives is the first of its row's sentences in the
    report's text, as the README says, not the one whose IRI (a hash) sorts first."""
    rows = _rows("overlap", "--progress", outcome, store=store)
    assert len(rows) == 2
    for row in rows:
        assert row["evidence"] == _first_sentence(store, row["report"], outcome)
    history = _rows("overlap", "--history", "Swedish Embassy", store=store)
    assert history[0]["sentences"] == "2"
    assert _sentence(store, history[0]["evidence"]).startswith("60 journalists took part")


def test_a_name_joined_by_e_before_its_acronym_is_read_whole():
    """``kg extract`` of the 2024 report reads "Comunicación e Información de la Mujer (CIMAC)"
    as one partner with its acronym, not "Comunicación"."""
    result = CliRunner().invoke(
        cli, ["extract", str(YEARS / "unwomen-mexico-2024.txt"), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    partners = {e["label"]: e["aliases"] for e in json.loads(result.stdout)["entities"]}
    assert partners["Comunicación e Información de la Mujer"] == ["CIMAC"]
    assert "Comunicación" not in partners


def test_one_organisation_after_merging_is_no_pair_with_itself(store):
    """ "IWLN" and "Indigenous Women's Leadership Network" are one organisation once merged (kg
    merges), so neither `kg overlap` nor the saved partner-overlap lists them as a pair; `kg
    overlap` counts each merged organisation once, its pairs with others included."""
    merged = {
        frozenset((row["iri"], row["same_as_iri"]))
        for row in _rows("merges", store=store)
        if row["decision"] != "split"
    }
    keys = ("partner/iwln", "partner/indigenous-women-s-leadership-network")
    assert frozenset(str(entity_iri(key)) for key in keys) in merged
    saved = _rows("query", "-n", "partner-overlap", store=store)
    assert saved and not [r for r in saved if {r["partnerA"], r["partnerB"]} in merged]
    result = CliRunner().invoke(
        cli, ["overlap", "--top", "0", "--format", "json", "--store", str(store)]
    )
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    pairs = [{p["a"]["id"], p["b"]["id"]} for p in answer["pairs"]]
    assert pairs and not [p for p in pairs if p in merged]
    partners = {p["id"] for p in answer["partners"]}
    assert not [m for m in merged if m <= partners]
    # CIMAC / Comunicación e Información de la Mujer and the Swedish Embassy / Embassy of
    # Sweden act together in both years: one pair of two organisations.
    labels = [{p["a"]["label"], p["b"]["label"]} for p in answer["pairs"]]
    assert (
        sum(1 for pair in labels if pair & {"CIMAC", "Comunicación e Información de la Mujer"}) == 1
    )
