"""kg extract: table and JSON, deterministic, bad input as one-line errors."""

import json

from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import BUNDLED


def _run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_json_is_the_stable_interface():
    result = _run("extract", str(BUNDLED), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"outcomes", "entities"}
    assert set(data["outcomes"][0]) == {"id", "statement", "inferred_id"}
    assert {tuple(sorted(e)) for e in data["entities"]} == {
        ("aliases", "id", "label", "mentions", "outcomes", "type")
    }
    inmujeres = next(e for e in data["entities"] if e["id"] == "partner/inmujeres")
    assert inmujeres["type"] == "partner"
    assert "INMUJERES" in inmujeres["aliases"]
    assert inmujeres["outcomes"] == sorted(inmujeres["outcomes"])
    assert {e["type"] for e in data["entities"]} == {"partner", "programme", "place"}
    assert [(e["type"], e["id"]) for e in data["entities"]] == sorted(
        (e["type"], e["id"]) for e in data["entities"]
    )
    assert _run("extract", str(BUNDLED), "--format", "json").stdout == result.stdout


def test_table_lists_entities_and_counts():
    result = _run("extract", str(BUNDLED))
    assert result.exit_code == 0
    assert "partner/inmujeres" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("11 outcomes; ")


def test_text_without_entities_says_so(write_report):
    report = write_report(
        "# Progress report 2023\n\nOUTCOME X_1.1\n\nBy 2025, things improve.\n\n"
        "Things improved considerably this year for everyone.\n"
    )
    result = _run("extract", str(report), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["entities"] == []
    assert "no partner, programme or place recognized" in result.stderr


def test_missing_report_and_bad_format_are_one_line_errors(tmp_path):
    result = _run("extract", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    result = _run("extract", str(BUNDLED), "--format", "xml")
    assert result.exit_code == 2 and "kg: error:" in result.stderr


def test_a_narrative_too_long_for_one_report_is_a_clear_error(write_report):
    sentence = "UNDP worked with the Ministry of Finance in Oaxaca on 25 projects. "
    report = write_report(
        "# Progress in Mexico country in 2023\n\nOUTCOME X_1.1\n\nBy 2025, things.\n\n"
        + sentence * 32_000
    )
    result = _run("extract", str(report))
    assert result.exit_code == 2
    assert "characters of narrative" in result.stderr and result.stderr.count("\n") == 1


def test_a_sentence_too_long_to_be_prose_is_skipped_with_a_warning(write_report):
    report = write_report(
        "# Progress in Mexico country in 2023\n\nOUTCOME X_1.1\n\nBy 2025, things.\n\n"
        "UNICEF met INMUJERES in Oaxaca. " + "Aaa Bbb, ccc " * 3_000 + "\n"
    )
    result = _run("extract", str(report), "--format", "json")
    assert result.exit_code == 0
    assert "is not prose" in result.stderr
    assert {e["id"] for e in json.loads(result.stdout)["entities"]} == {
        "partner/unicef",
        "partner/inmujeres",
        "place/mx-oax",
    }
