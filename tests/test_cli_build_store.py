"""`kg build` and the store: each report in its own graph, rebuilt in place, Turtle on request."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import cli


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_build_loads_into_the_store_and_rebuilds_in_place(small_report, isolated_store):
    from kg.pipeline import build_report

    triples = len(build_report(small_report).triples)
    first = kg("build", str(small_report))
    assert first.exit_code == 0
    assert f"loaded small-report-2023 ({triples} triples) into {isolated_store}" in first.stderr
    small_report.write_text(small_report.read_text().replace(" and UNDP", ""), encoding="utf-8")
    second = kg("build", str(small_report), "-o", "-")
    assert second.exit_code == 0 and second.stdout.startswith("@prefix")
    listing = kg("list").stdout
    assert listing.count("small-report-2023") == 1
    undp = "ASK { ?p skos:altLabel 'UNDP' }"
    assert kg("query", undp).stdout == "false\n"


def test_no_store_needs_an_output():
    result = kg("build", "x.txt", "--no-store")
    assert result.exit_code == 2 and "--no-store needs -o" in result.stderr


def test_a_bad_report_loads_nothing(write_report, isolated_store):
    bad = write_report("<results><outcome/></results>\n")
    result = kg("build", str(bad))
    assert result.exit_code == 2 and "not a document kg can read" in result.stderr
    assert not isolated_store.exists()


def test_two_reports_with_one_name_are_refused(small_report, tmp_path, isolated_store):
    other = tmp_path / "elsewhere"
    other.mkdir()
    twin = other / small_report.name
    twin.write_bytes(small_report.read_bytes())
    result = kg("build", str(small_report), str(twin))
    assert result.exit_code == 2
    assert "two reports would share the name small-report-2023" in result.stderr
    assert not isolated_store.exists()


def test_build_creates_the_default_store_in_a_fresh_folder(bundled, tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE")
    monkeypatch.chdir(tmp_path)
    result = kg("build", str(bundled))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / ".kg" / "store" / "CURRENT").exists()
    assert "unwomen-mexico-2022" in kg("list").stdout
