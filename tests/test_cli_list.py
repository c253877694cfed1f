"""`kg list`: the reports a store holds."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import cli


def test_list_shows_slug_title_year_outcomes_and_triples(filled_store, bundled_graph, small_graph):
    result = CliRunner().invoke(cli, ["list"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["slug", "title", "year", "outcomes", "triples"]
    assert lines[2].split()[0] == "small-report-2023"
    assert lines[2].split()[-3:] == ["2023", "1", str(len(small_graph))]
    assert lines[3].split()[-3:] == ["2022", "11", str(len(bundled_graph))]
    assert lines[-1] == "(2 rows)"


def test_list_without_a_store(tmp_path):
    result = CliRunner().invoke(cli, ["list", "--store", str(tmp_path / "none")])
    assert result.exit_code == 3
    assert result.stderr.startswith("kg: error: no store at")
