"""``kg export`` through click: formats, CSV paths, determinism, and each bad input."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from lxml import etree
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
        "known formats: csv, gexf, graphml, iati, jsonld, nq, nt, trig, ttl\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_unguessable_suffix_asks_for_a_format(tmp_path):
    result = run(str(SMALL), "-o", str(tmp_path / "out.dat"))
    assert result.exit_code == 2
    assert "cannot tell the format from the name; known formats:" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "name", "message"),
    [
        (
            "graphml",
            "out.ttl",
            "out.ttl: the name says ttl, --format says graphml; name it out.graphml",
        ),
        ("csv", "out.ttl", "out.ttl: the name says ttl, --format says csv; name it out.csv"),
        ("nt", "out.jsonld", "the name says jsonld, --format says nt; name it out.nt"),
    ],
)
def test_a_name_that_says_another_format_is_refused(tmp_path, fmt, name, message):
    """GraphML written to out.ttl was then read by kg build as Turtle that does not parse."""
    result = run(str(SMALL), "--format", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: ") and result.stderr.endswith(f"{message}\n")
    assert list(tmp_path.iterdir()) == []
    # A suffix no format has stays the user's choice (kg export --format nt -o x.nt.txt).
    assert run(str(SMALL), "--format", fmt, "-o", str(tmp_path / "out.dat")).exit_code == 0


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


CASES = TESTS / "data"
EVERY_FORMAT = ["ttl", "jsonld", "nt", "nq", "trig", "graphml", "gexf", "csv"]


def _out(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / ("out" if fmt == "csv" else f"out.{fmt}")


@pytest.mark.parametrize(
    ("case", "why"),
    [
        ("07-graphml-control.ttl", "it holds the control character U+0001"),
        ("08-iri-space.ttl", "it holds a space"),
    ],
)
def test_a_bad_iri_is_refused_in_one_line_the_same_way_in_every_format(tmp_path, case, why):
    messages = set()
    for fmt in EVERY_FORMAT:
        result = run(str(CASES / case), "--format", fmt, "-o", str(_out(tmp_path, fmt)))
        assert result.exit_code == 2, fmt
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        messages.add(result.stderr)
    (message,) = messages
    assert message.startswith(f"kg: error: {CASES / case}: <https://w3id.org/kg/id/partner/")
    assert f"is not a valid IRI ({why})" in message
    assert "\x01" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_control_character_in_text_becomes_a_space_in_every_format(tmp_path):
    text = (CASES / "07-graphml-control.ttl").read_text(encoding="utf-8")
    source = tmp_path / "label-control.ttl"
    source.write_text(text.replace("secretariat\\u0001for", "secretariat-for"), encoding="utf-8")
    for fmt in EVERY_FORMAT:
        result = run(str(source), "--format", fmt, "-o", str(_out(tmp_path, fmt)))
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith(
            f"kg: warning: {source}: 1 control character in text replaced by spaces"
        )
    for path in tmp_path.iterdir():
        if path != source:
            data = path.read_bytes()
            assert b"\x01" not in data and b"\\u0001" not in data, path.name
            assert b"Secretariat for Comprehensive Risk Management" in data, path.name
    etree.fromstring((tmp_path / "out.graphml").read_bytes())
    etree.fromstring((tmp_path / "out.gexf").read_bytes())


def test_a_graph_that_breaks_the_shapes_names_the_node_path_and_value(tmp_path):
    broken = tmp_path / "broken-shapes.ttl"
    broken.write_text(
        SMALL.read_text(encoding="utf-8").replace("kg:evidenceCount 3 .", "kg:evidenceCount 7 ."),
        encoding="utf-8",
    )
    for args in (
        ("export", str(broken), "-o", str(tmp_path / "out.ttl")),
        ("export", str(broken), "--format", "csv", "-o", str(tmp_path / "out")),
        ("view", str(broken), "-o", str(tmp_path / "out.html")),
        ("overlap", str(broken)),
    ):
        result = CliRunner().invoke(cli, list(args))
        assert result.exit_code == 1, args
        assert result.stderr == (
            f"kg: error: {broken}: the graph does not conform to the shapes: focus node "
            "kgsh:LinksAreConsistent, path -, value kgid:link\\/p2-alpha: A link's evidence count "
            "is not the number of its evidence sentences.\n"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken-shapes.ttl"]


def test_a_missing_value_is_named_too(tmp_path):
    broken = tmp_path / "no-label.ttl"
    broken.write_text(
        SMALL.read_text(encoding="utf-8").replace(
            'kgid:partner\\/gamma a kg:Organisation, kg:Partner ; skos:prefLabel "Gamma Group" .',
            "kgid:partner\\/gamma a kg:Organisation, kg:Partner .",
        ),
        encoding="utf-8",
    )
    result = run(str(broken), "-o", str(tmp_path / "out.nt"))
    assert result.exit_code == 1
    assert "focus node kgpartner:gamma, path skos:prefLabel, value -: Less than 1 values" in (
        result.stderr
    )
    assert result.stderr.count("\n") == 1


def test_bom_is_for_csv_only_and_says_so(tmp_path):
    result = run(str(SMALL), "--format", "csv", "--bom", "-o", str(tmp_path / "small"))
    assert result.exit_code == 0
    assert (tmp_path / "small-nodes.csv").read_bytes().startswith(b"\xef\xbb\xbfID,Label,Type")
    result = run(str(SMALL), "--format", "ttl", "--bom", "-o", str(tmp_path / "x.ttl"))
    assert result.exit_code == 2
    assert result.stderr == "kg: error: --bom applies to csv, not ttl\n"
    assert "--bom" in CliRunner().invoke(cli, ["export", "--help"]).output


def test_quads_from_the_store_read_back_into_every_command(filled_store, tmp_path):
    """N-Quads and TriG keep one graph per report; kg build, export, view and overlap read them."""
    for fmt in ("nq", "trig"):
        out = tmp_path / f"all.{fmt}"
        assert run("--format", fmt, "-o", str(out)).exit_code == 0
        read = pyoxigraph.Dataset(pyoxigraph.parse(path=str(out)))
        assert {q.graph_name.value for q in read} == {
            "https://w3id.org/kg/id/graph/small-report-2023",
            "https://w3id.org/kg/id/graph/unwomen-mexico-2022",
        }
        again = tmp_path / f"again.{fmt}"
        assert run(str(out), "-o", str(again)).exit_code == 0
        assert again.read_bytes() == out.read_bytes()
        second_store = str(tmp_path / f"store-{fmt}")
        built = CliRunner().invoke(cli, ["build", str(out), "--store", second_store])
        assert built.exit_code == 0, built.stderr
        assert "loaded small-report-2023" in built.stderr
        assert "loaded unwomen-mexico-2022" in built.stderr
        rebuilt = tmp_path / f"rebuilt.{fmt}"
        assert run("--store", second_store, "--format", fmt, "-o", str(rebuilt)).exit_code == 0
        assert rebuilt.read_bytes() == out.read_bytes()
        view = CliRunner().invoke(cli, ["view", str(out), "-o", str(tmp_path / f"{fmt}.html")])
        assert view.exit_code == 0, view.stderr
        overlap = CliRunner().invoke(cli, ["overlap", str(out), "--format", "json"])
        assert overlap.exit_code == 0 and '"pairs"' in overlap.stdout


def test_a_one_report_turtle_file_goes_into_its_report_graph(bundled, tmp_path):
    ttl, nq = tmp_path / "mexico.ttl", tmp_path / "mexico.nq"
    assert run(str(bundled), "-o", str(ttl)).exit_code == 0
    assert run(str(ttl), "-o", str(nq)).exit_code == 0
    graphs = {q.graph_name.value for q in pyoxigraph.parse(path=str(nq))}
    assert graphs == {"https://w3id.org/kg/id/graph/unwomen-mexico-2022"}
    assert run(str(bundled), "-o", str(tmp_path / "direct.nq")).exit_code == 0
    assert (tmp_path / "direct.nq").read_bytes() == nq.read_bytes()


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


def test_an_rdf_export_of_a_report_writes_the_text_its_offsets_index(bundled, tmp_path):
    """As kg make does, kg export of a report file in an RDF format writes the report's text
    (``<slug>.txt``) beside it; every evidence quote stands there at its offsets, and
    oa:hasSource names that text. Network formats, which carry no offsets, write none."""
    from rdflib import Dataset
    from rdflib.namespace import RDF

    from kg.graph.vocab import KG, OA, text_iri

    out = tmp_path / "out"
    out.mkdir()
    result = run(str(bundled), "-o", str(out / "mexico.nq"))
    assert result.exit_code == 0
    assert f"wrote {out / 'unwomen-mexico-2022.txt'}\n" in result.stderr
    text = (out / "unwomen-mexico-2022.txt").read_text(encoding="utf-8")
    data = Dataset(default_union=True)
    data.parse(out / "mexico.nq", format="nquads")
    evidence = set(data.subjects(RDF.type, KG.Evidence))
    assert len(evidence) > 100
    for node in evidence:
        start, end = int(data.value(node, OA.start)), int(data.value(node, OA.end))
        assert text[start:end] == str(data.value(node, OA.exact)), node
        assert data.value(node, OA.hasSource) == text_iri("unwomen-mexico-2022")
    network = tmp_path / "network"
    network.mkdir()
    assert run(str(bundled), "-o", str(network / "mexico.graphml")).exit_code == 0
    assert sorted(p.name for p in network.iterdir()) == ["mexico.graphml"]


def test_the_text_never_overwrites_the_report_it_comes_from(bundled, tmp_path):
    report = tmp_path / "unwomen-mexico-2022.txt"
    report.write_bytes(bundled.read_bytes())
    result = run(str(report), "-o", str(tmp_path / "mexico.ttl"))
    assert result.exit_code == 0
    assert (
        f"kg: warning: {report}: the text evidence offsets index (kg's reading of the report) "
        "is not written over the report itself; write to another folder to get it\n"
    ) in result.stderr
    assert report.read_bytes() == bundled.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mexico.ttl", "unwomen-mexico-2022.txt"]
