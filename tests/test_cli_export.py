"""``kg export`` through click: formats, CSV paths, determinism, and each bad input."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import cli

TESTS = Path(__file__).resolve().parent
SMALL = TESTS / "data" / "overlap.ttl"


def run(*args: str):
    return CliRunner().invoke(cli, ["export", *args], catch_exceptions=False)


def test_turtle_export_reparses_to_the_input_graph(tmp_path):
    out = tmp_path / "small.ttl"
    result = run(str(SMALL), "--format", "ttl", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr == f"wrote {out}\n"
    assert isomorphic(Graph().parse(out), Graph().parse(SMALL))


def test_report_exports_are_byte_identical_across_runs(bundled, tmp_path):
    for name in ("one.gexf", "two.gexf"):
        assert run(str(bundled), "-o", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "one.gexf").read_bytes() == (tmp_path / "two.gexf").read_bytes()


def test_csv_goes_into_a_directory_or_takes_a_prefix(tmp_path):
    assert run(str(SMALL), "--format", "csv", "-o", str(tmp_path)).exit_code == 0
    assert run(str(SMALL), "--format", "csv", "-o", str(tmp_path / "small")).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "edges.csv",
        "nodes.csv",
        "small-edges.csv",
        "small-nodes.csv",
    ]
    assert (tmp_path / "edges.csv").read_bytes() == (tmp_path / "small-edges.csv").read_bytes()


def test_unknown_format_lists_the_known_ones(tmp_path):
    result = run(str(SMALL), "--format", "xml", "-o", str(tmp_path / "out.xml"))
    assert result.exit_code == 2
    assert result.stderr == (
        "kg: error: unknown export format 'xml'; "
        "known formats: csv, gexf, graphml, jsonld, nq, nt, trig, ttl\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_unguessable_suffix_asks_for_a_format(tmp_path):
    result = run(str(SMALL), "-o", str(tmp_path / "out.dat"))
    assert result.exit_code == 2
    assert "cannot tell the format from the name; known formats:" in result.stderr


def test_an_unwritable_output_is_a_clear_error_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run(str(SMALL), "-o", str(blocker / "out.ttl"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"kg: error: {blocker / 'out.ttl'}: the directory {blocker} does not exist\n"
    )
    result = run(str(SMALL), "--format", "ttl", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_an_empty_graph_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.nt"
    empty.write_text("", encoding="utf-8")
    result = run(str(empty), "-o", str(tmp_path / "out.ttl"))
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {empty}: the graph is empty: nothing to export\n"
    assert not (tmp_path / "out.ttl").exists()


def test_a_broken_turtle_file_is_named(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    result = run(str(broken), "-o", str(tmp_path / "out.nt"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {broken}: not valid Turtle")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out.nt").exists()


def test_output_is_required_and_help_has_an_example():
    result = run(str(SMALL))
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.stderr
    assert "Example:" in CliRunner().invoke(cli, ["export", "--help"]).output


def test_export_to_dash_writes_standard_output(filled_store):
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(
        cli, ["export", "--report", "small-report-2023", "--format", "ttl", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("@prefix") and result.stderr == ""
    csv = CliRunner().invoke(cli, ["export", "--format", "csv", "-o", "-"])
    assert csv.exit_code == 2 and "CSV export writes two files" in csv.stderr
