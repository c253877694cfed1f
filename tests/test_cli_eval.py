"""kg eval: precision and recall per type and for outcome links."""

import json
import tomllib

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.evaluate import check_gold_fits, gold_report, load_gold
from kg.evaluate_relations import gold_things, load_relation_gold
from kg.readers.registry import read_document
from tests.conftest import BUNDLED, DATA, ROOT


def _run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_eval_prints_a_line_per_measure():
    result = _run("eval", str(BUNDLED), str(DATA / "unwomen-mexico-2022.gold.toml"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["measure", "precision", "recall", "tp", "fp", "fn"]
    assert [line.split()[0] for line in lines[1:]] == [
        "partner",
        "programme",
        "place",
        "outcome-links",
    ]


def test_verbose_lists_the_errors():
    result = _run("eval", "-v", str(BUNDLED), str(DATA / "unwomen-mexico-2022.gold.toml"))
    assert "spurious:" in result.stdout or "missed:" in result.stdout


def test_a_gold_file_that_is_not_toml_is_a_one_line_error(tmp_path):
    gold = tmp_path / "gold.toml"
    gold.write_text("not = [toml", encoding="utf-8")
    result = _run("eval", str(BUNDLED), str(gold))
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("report", "gold"),
    [
        (BUNDLED, DATA / "unwomen-colombia-2023.gold.toml"),
        (BUNDLED, DATA / "unwomen-colombia-2023.relations.json"),
        # The closest pair kg ships: two documents of one country office (53% of the names).
        (DATA / "unwomen-colombia-2023.txt", DATA / "unwomen-colombia-portal.gold.toml"),
    ],
)
def test_a_gold_file_for_another_report_is_refused_in_one_line(report, gold):
    """Scores against another report's gold once printed as if they measured kg."""
    result = _run("eval", str(report), str(gold))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    declared = tomllib.loads(gold.read_text("utf-8")) if gold.suffix == ".toml" else None
    written_for = (declared or json.loads(gold.read_text("utf-8")))["report"]
    assert result.stderr.startswith(f"kg: error: {gold}: only ")
    assert result.stderr.endswith(
        f" are named in {report} (70% must be): it is the gold of {written_for}\n"
    )


def test_a_gold_file_naming_no_report_is_refused_with_a_question(tmp_path):
    gold = tmp_path / "other.gold.toml"
    gold.write_text('[[partner]]\nlabel = "Nobody Here At All"\n', encoding="utf-8")
    result = _run("eval", str(BUNDLED), str(gold))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"kg: error: {gold}: only 0 of the 1 partners, programmes and places it lists are "
        f"named in {BUNDLED} (70% must be): is it another report's gold?\n"
    )


def test_a_renamed_copy_of_the_report_is_scored_with_a_warning(tmp_path):
    copy = tmp_path / "mexico-copy.txt"
    copy.write_bytes(BUNDLED.read_bytes())
    gold = DATA / "unwomen-mexico-2022.gold.toml"
    result = _run("eval", str(copy), str(gold))
    assert result.exit_code == 0
    assert result.stderr == (
        f"kg: warning: {gold} was written for data/reports/unwomen-mexico-2022.txt, not {copy}; "
        "its names are there, so it is scored\n"
    )
    assert result.stdout == _run("eval", str(BUNDLED), str(gold)).stdout


GOLDS = sorted(
    path
    for pattern in ("**/*.gold.toml", "**/*.relations.json")
    for path in DATA.glob(pattern)
    if path.name != "merges.gold.toml"
)


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name)
def test_every_gold_file_kg_ships_fits_its_own_report(gold):
    """The measured ground of MIN_NAMED: each gold file names its things in its own report."""
    report = ROOT / gold_report(gold)
    text = read_document(report).text
    if gold.suffix == ".json":
        things = gold_things(load_relation_gold(gold))
    else:
        things = [entity.names for entity in load_gold(gold)]
    assert check_gold_fits(gold, report, text, things) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[[partner]]", "[[partners]]", "unknown table [[partners]]"),
        ("aliases = [", "alias = [", "unknown key 'alias' in a [[partner]]"),
    ],
)
def test_a_misspelt_gold_file_is_refused_not_scored_against_nothing(tmp_path, old, new, message):
    """The bundled gold with one misspelt table or key: kg read the tables it knew, so every
    partner it found was spurious (precision 0.000, recall 1.000 of nothing) or an alias was
    lost, and exited 0."""
    text = (DATA / "unwomen-mexico-2022.gold.toml").read_text(encoding="utf-8")
    assert old in text
    gold = tmp_path / "gold.toml"
    gold.write_text(text.replace(old, new), encoding="utf-8")
    result = _run("eval", str(BUNDLED), str(gold))
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and result.stderr.count("\n") == 1
