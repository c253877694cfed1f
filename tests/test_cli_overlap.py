"""``kg overlap`` through click: output formats, --partner, --plot, and each bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

TESTS = Path(__file__).resolve().parent
SMALL = str(TESTS / "data" / "overlap.ttl")


def run(*args: str):
    return CliRunner().invoke(cli, ["overlap", *args], catch_exceptions=False)


def test_table_shows_pairs_centrality_and_communities(bundled):
    from kg.analysis.network import overlap, read_links
    from kg.pipeline import build_report

    expected = overlap(read_links(build_report(bundled).graph), top=3)
    result = run(str(bundled), "--top", "3")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"Partner overlap: top 3 of {expected.total_pairs} pairs")
    first = expected.pairs[0]
    assert first.a.label[:30] in out.splitlines()[4] and first.b.label[:30] in out.splitlines()[4]
    assert f"Centrality, by betweenness: 3 of {len(expected.partners)} partners" in out
    assert "Communities (Louvain)" in out
    assert "note: centrality and communities use the partner network" in out


def test_json_holds_pairs_partners_and_communities():
    data = json.loads(run(SMALL, "--format", "json").stdout)
    assert data["pairs_total"] == 4
    first = data["pairs"][0]
    assert (first["a"]["label"], first["b"]["label"]) == ("Alpha Agency", "Beta Bureau")
    assert data["pairs"][0]["jaccard"]["overall"] == 0.75
    assert {p["label"] for p in data["partners"]} == {
        "Alpha Agency",
        "Beta Bureau",
        "Gamma Group",
        "Delta Department",
        "Epsilon Institute",
    }
    assert ["Delta Department"] in data["communities"]


def test_csv_gives_one_row_per_pair():
    rows = list(csv.DictReader(io.StringIO(run(SMALL, "--format", "csv", "--top", "0").stdout)))
    assert [(r["partner_a"], r["partner_b"], r["shared_overall"]) for r in rows] == [
        ("Alpha Agency", "Beta Bureau", "3"),
        ("Beta Bureau", "Gamma Group", "3"),
        ("Alpha Agency", "Gamma Group", "2"),
        ("Epsilon Institute", "Gamma Group", "1"),
    ]


def test_partner_option_shows_one_partners_pairs():
    rows = list(
        csv.DictReader(io.StringIO(run(SMALL, "--partner", "bb", "--format", "csv").stdout))
    )
    assert [(r["partner_a"], r["partner_b"], r["together"]) for r in rows] == [
        ("Beta Bureau", "Gamma Group", "1"),
        ("Beta Bureau", "Alpha Agency", "0"),
    ]


def test_output_is_identical_across_runs(bundled):
    assert (
        run(str(bundled), "--format", "json").stdout == run(str(bundled), "--format", "json").stdout
    )


def test_plot_writes_an_svg(tmp_path):
    plot = tmp_path / "overlap.svg"
    result = run(SMALL, "--plot", str(plot))
    assert result.exit_code == 0
    assert plot.read_bytes().startswith(b"<?xml")
    assert f"wrote {plot}" in result.stderr


def test_unknown_partner_is_one_line_with_suggestions():
    result = run(SMALL, "--partner", "Gama Group")
    assert result.exit_code == 2
    assert result.stderr == (
        "kg: error: no partner named 'Gama Group'; did you mean 'Gamma Group'?\n"
    )
    assert result.stdout == ""


def test_a_broken_turtle_file_is_named(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    result = run(str(broken))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {broken}: not valid Turtle")
    assert result.stderr.count("\n") == 1


def test_an_empty_graph_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    result = run(str(empty))
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {empty}: the graph is empty: nothing to compare\n"


def test_a_bad_plot_path_fails_before_any_work_and_writes_nothing(tmp_path):
    result = run(SMALL, "--plot", str(tmp_path / "plot.pdf"))
    assert result.exit_code == 2
    assert "must be a .png or .svg file" in result.stderr
    result = run(SMALL, "--plot", str(tmp_path / "no" / "plot.svg"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_and_missing_input_are_usage_errors(tmp_path):
    result = run(SMALL, "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'csv', 'json'" in result.stderr
    result = run(str(tmp_path / "missing.ttl"))
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {tmp_path / 'missing.ttl'}: no such file\n"


def test_help_has_an_example():
    assert "Example:" in CliRunner().invoke(cli, ["overlap", "--help"]).output


def test_csv_names_that_start_like_formulas_are_neutralised(tmp_path):
    source = tmp_path / "formula.ttl"
    text = Path(SMALL).read_text(encoding="utf-8")
    source.write_text(text.replace('"Alpha Agency"', "\"=cmd|' /C calc'!A0\""), encoding="utf-8")
    result = run(str(source), "--format", "csv", "--top", "0")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    names = {row["partner_a"] for row in rows} | {row["partner_b"] for row in rows}
    assert "'=cmd|' /C calc'!A0" in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_the_store_gives_what_its_reports_give(filled_store, bundled, small_report, tmp_path):
    # From the store kg overlap reads the entities graph, not every report graph: the answer
    # is the one the same two reports give as files, and the plot is drawn from it.
    from_store = run("--format", "csv", "--top", "0", "--plot", str(tmp_path / "store.svg"))
    from_files = run(str(bundled), str(small_report), "--format", "csv", "--top", "0")
    assert from_store.exit_code == 0, from_store.stderr
    assert len(from_store.stdout.splitlines()) > 50
    assert from_store.stdout == from_files.stdout
    assert (tmp_path / "store.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_an_empty_store_is_a_clear_error(isolated_store):
    from kg.store.local import Store

    Store.open(str(isolated_store), create=True).close()
    result = CliRunner().invoke(cli, ["overlap"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kg: error: the store {isolated_store} holds no report (load one with 'kg build')\n"
    )
