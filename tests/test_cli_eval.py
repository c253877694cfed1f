"""kg eval: precision and recall per type and for outcome links."""

from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import BUNDLED, DATA


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
