"""overlap, export and view read the store when no file is named."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.pipeline import build_report


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_commands_read_the_store_when_no_file_is_named(tmp_path, bundled, small_report):
    assert kg("build", str(bundled), str(small_report)).exit_code == 0

    overlap = kg("overlap", "--partner", "INMUJERES", "--format", "csv")
    assert overlap.exit_code == 0 and "National Women's Institute" in overlap.stdout

    out = tmp_path / "small.ttl"
    assert kg("export", "--report", "small-report-2023", "-o", str(out)).exit_code == 0
    assert isomorphic(Graph().parse(out), build_report(small_report).graph)

    everything = tmp_path / "all.nt"
    assert kg("export", "-o", str(everything)).exit_code == 0
    merged = Graph().parse(everything)
    assert len(merged) > len(build_report(small_report).graph)

    view = tmp_path / "view.html"
    assert kg("view", "--partner", "INMUJERES", "-o", str(view)).exit_code == 0
    assert "National Women" in view.read_text(encoding="utf-8")


def test_an_empty_or_missing_store_is_a_clear_error(tmp_path):
    for args in (["overlap"], ["export", "-o", str(tmp_path / "x.ttl")], ["view", "-o", "x"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code != 0
        assert result.stderr.startswith("kg: error: no store at ")
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_report_lists_the_reports_held(bundled, tmp_path):
    assert kg("build", str(bundled)).exit_code == 0
    result = CliRunner().invoke(cli, ["export", "--report", "nope", "-o", str(tmp_path / "x.ttl")])
    assert result.exit_code == 2
    assert "reports held: unwomen-mexico-2022" in result.stderr
