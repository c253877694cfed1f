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
    assert result.exit_code == 2 and "this is an XML document" in result.stderr
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


def _quads_of(path, graph: str) -> str:
    """The N-Quads lines of ``path`` (N-Triples) put into the named graph ``graph``."""
    return "".join(f"{line[:-2]} <{graph}> .\n" for line in path.read_text().splitlines())


def test_build_reads_back_the_report_graphs_of_a_quad_file(small_report, tmp_path, isolated_store):
    nt = tmp_path / "small.nt"
    assert kg("export", str(small_report), "-o", str(nt)).exit_code == 0
    nq = tmp_path / "small.nq"
    nq.write_text(_quads_of(nt, "https://w3id.org/kg/id/graph/small-report-2023"))
    result = kg("build", str(nq))
    assert result.exit_code == 0, result.stderr
    assert "loaded small-report-2023" in result.stderr
    assert kg("list").stdout.count("small-report-2023") == 1


def test_build_refuses_a_graph_holding_no_report_or_two(small_report, bundled, tmp_path):
    one, two = tmp_path / "one.nt", tmp_path / "two.nt"
    assert kg("export", str(small_report), "-o", str(one)).exit_code == 0
    assert kg("export", str(bundled), "-o", str(two)).exit_code == 0
    merged = tmp_path / "merged.nq"
    graph = "https://example.org/g"
    merged.write_text(_quads_of(one, graph) + _quads_of(two, graph))
    result = CliRunner().invoke(cli, ["build", str(merged)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kg: error: {merged} graph <{graph}>: holds 2 reports (small-report-2023, "
        "unwomen-mexico-2022); kg loads one report per graph\n"
    )
    none = tmp_path / "none.trig"
    none.write_text("<urn:g> { <urn:a> <urn:b> <urn:c> . }\n")
    result = CliRunner().invoke(cli, ["build", str(none)])
    assert result.exit_code == 2 and "holds no report" in result.stderr


def test_build_checks_each_report_graph_of_a_quad_file(
    small_report, bundled, tmp_path, isolated_store
):
    """The file as a whole conforms, but one graph alone does not: nothing is loaded."""
    small, mexico = tmp_path / "small.nt", tmp_path / "mexico.nt"
    assert kg("export", str(small_report), "-o", str(small)).exit_code == 0
    assert kg("export", str(bundled), "-o", str(mexico)).exit_code == 0
    label = (
        "<https://w3id.org/kg/id/report/unwomen-mexico-2022> "
        "<http://www.w3.org/2000/01/rdf-schema#label>"
    )
    lines = mexico.read_text().splitlines(keepends=True)
    moved = [line for line in lines if line.startswith(label)]
    assert len(moved) == 1
    kept = tmp_path / "kept.nt"
    kept.write_text("".join(line for line in lines if line not in moved))
    extra = tmp_path / "extra.nt"
    extra.write_text(small.read_text() + moved[0])
    quads = tmp_path / "split.nq"
    quads.write_text(
        _quads_of(extra, "https://w3id.org/kg/id/graph/small-report-2023")
        + _quads_of(kept, "https://w3id.org/kg/id/graph/unwomen-mexico-2022")
    )
    result = CliRunner().invoke(cli, ["build", str(quads)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"kg: error: {quads} graph <https://w3id.org/kg/id/graph/unwomen-mexico-2022>: the graph "
        "does not conform to the shapes: focus node kgreport:unwomen-mexico-2022, path "
        "rdfs:label, value -"
    )
    assert not isolated_store.exists()


def test_the_same_report_under_another_name_is_recognised(small_report, tmp_path, isolated_store):
    assert kg("build", str(small_report)).exit_code == 0
    count = "SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Evidence }"
    before = kg("query", count, "--format", "csv").stdout
    copy = tmp_path / "copy-of-the-report.txt"
    copy.write_bytes(small_report.read_bytes())
    result = kg("build", str(copy))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert (
        f"kg: error: {copy} is the report the store {isolated_store} holds as "
        "small-report-2023 (same outcomes and statements); nothing loaded"
    ) in result.stderr
    # Edited (another statement), it is still the same title, country and year.
    copy.write_text(small_report.read_text().replace("local decisions", "decisions"))
    edited = kg("build", str(copy))
    assert edited.exit_code == 2
    assert "(same title, country and year)" in edited.stderr
    assert kg("list").stdout.endswith("(1 row)\n")
    assert kg("query", count, "--format", "csv").stdout == before
    # Given twice in one build, with or without the store.
    twice = kg("build", str(small_report), str(copy), "--no-store", "-o", "-")
    assert twice.exit_code == 2
    assert "is the same report as small-report-2023 (same title, country and year)" in (
        twice.stderr
    )
