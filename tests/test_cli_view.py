"""``kg view``: reports and Turtle in, one HTML file out; bad input gives one line and no file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from kg.cli import cli
from kg.graph.vocab import KG
from kg.pipeline import build_report, to_turtle
from tests.view_graphs import hostile_graph


def run(*args: str) -> tuple[int, str]:
    """Run ``kg`` with ``args``; return the exit code and stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def bundled_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import BUNDLED

    path = tmp_path_factory.mktemp("ttl") / "mexico.ttl"
    path.write_bytes(to_turtle(build_report(BUNDLED).graph))
    return path


def test_view_of_a_report_writes_one_html_file(bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    code, err = run("view", str(bundled), "-o", str(out))
    assert code == 0, err
    assert f"wrote {out}" in err
    page = out.read_bytes()
    assert page.startswith(b"<!DOCTYPE html>")
    assert b'<h1 id="title">Knowledge graph: Progress in Mexico country in 2022</h1>' in page
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_view_from_turtle_matches_the_view_from_the_report(
    bundled: Path, bundled_ttl: Path, tmp_path: Path
) -> None:
    from_report, from_ttl, positional = (tmp_path / n for n in ("a.html", "b.html", "c.html"))
    assert run("view", str(bundled), "--partner", "INMUJERES", "-o", str(from_report))[0] == 0
    assert (
        run("view", "--from", str(bundled_ttl), "--partner", "INMUJERES", "-o", str(from_ttl))[0]
        == 0
    )
    assert run("view", str(bundled_ttl), "--partner", "INMUJERES", "-o", str(positional))[0] == 0
    assert from_report.read_bytes() == from_ttl.read_bytes() == positional.read_bytes()


def test_separate_runs_write_byte_identical_files(bundled_ttl: Path, tmp_path: Path) -> None:
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.html"
        command = [sys.executable, "-c", "from kg.cli import cli; cli()", "view"]
        subprocess.run(
            [*command, str(bundled_ttl), "-o", str(out)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_overlap_view(bundled_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "overlap.html"
    code, err = run("view", str(bundled_ttl), "--overlap", "-o", str(out))
    assert code == 0, err
    assert b"<title>Partner overlap</title>" in out.read_bytes()


def test_unknown_partner_suggests_and_writes_nothing(bundled_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    code, err = run("view", str(bundled_ttl), "--partner", "inmujerez", "-o", str(out))
    assert code == 2
    assert err.startswith("kg: error: no partner named 'inmujerez'; did you mean 'INMUJERES'")
    assert err.count("\n") == 1
    assert not out.exists()


def test_unknown_programme_suggests(bundled_ttl: Path, tmp_path: Path) -> None:
    code, err = run(
        "view", str(bundled_ttl), "--programme", "Spotlight Initiativ", "-o", str(tmp_path / "x")
    )
    assert code == 2
    assert "did you mean 'Spotlight Initiative'" in err


def test_empty_graph_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text('<https://w3id.org/kg/id/x> <https://w3id.org/kg/ns#kind> "x" .\n')
    out = tmp_path / "x.html"
    code, err = run("view", str(empty), "-o", str(out))
    assert code == 2
    assert err.startswith("kg: error: the graph has no outcomes, programmes, partners or places")
    assert not out.exists()


def test_unwritable_output_leaves_no_file(tmp_path: Path) -> None:
    ttl = tmp_path / "g.ttl"
    ttl.write_bytes(hostile_graph().serialize(format="turtle", encoding="utf-8"))
    code, err = run("view", str(ttl), "-o", str(tmp_path / "missing" / "x.html"))
    assert code == 2
    assert "does not exist" in err
    (tmp_path / "a-directory").mkdir()
    code, err = run("view", str(ttl), "-o", str(tmp_path / "a-directory"))
    assert code == 2
    assert err.startswith("kg: error: ") and "is a directory" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-directory", "g.ttl"]
    assert list((tmp_path / "a-directory").iterdir()) == []


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    out = str(tmp_path / "x.html")
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    cases = [
        (("view", str(tmp_path / "nope.ttl"), "-o", out), "no such file"),
        (("view", str(tmp_path / "notes.docx"), "-o", out), "this is a ZIP archive"),
        (("view", str(broken), "-o", out), "not valid Turtle"),
        (("view", str(broken), "--partner", "a", "--place", "b", "-o", out), "choose one view"),
        (("view", str(broken), "--depth", "2", "-o", out), "--depth applies to a focus"),
    ]
    for args, message in cases:
        code, err = run(*args)
        assert code == 2, (args, err)
        assert err.startswith("kg: error: ") and message in err, (args, err)
        assert err.count("\n") == 1
    assert not Path(out).exists()


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["view", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "kg view data/reports/unwomen-mexico-2022.txt -o" in result.output


def _store_of(where: Path, *graphs: tuple[str, Graph]) -> str:
    """An on-disk store at ``where`` holding ``graphs`` (slug, graph), loaded in that order."""
    from kg.store.local import Store

    with Store.open(str(where), create=True) as store:
        for slug, graph in graphs:
            store.replace_report(slug, graph)
    return str(where)


@pytest.mark.parametrize(
    "focus",
    [(), ("--overlap",), ("--partner", "INMUJERES", "--depth", "2"), ("--place", "Mexico")],
)
def test_the_view_of_a_store_equals_the_view_of_its_report_file(
    bundled: Path, bundled_graph: Graph, tmp_path: Path, focus: tuple[str, ...]
) -> None:
    store = _store_of(tmp_path / "store", ("unwomen-mexico-2022", bundled_graph))
    from_file, from_store = tmp_path / "file.html", tmp_path / "store.html"
    code, said = run("view", str(bundled), *focus, "-o", str(from_file))
    assert code == 0
    code, said_too = run("view", "--store", store, *focus, "-o", str(from_store))
    assert code == 0
    assert said.replace(str(from_file), "out") == said_too.replace(str(from_store), "out")
    assert from_file.read_bytes() == from_store.read_bytes()


def test_the_view_of_a_store_never_reads_the_report_graphs_whole(
    bundled_graph: Graph, small_graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.store.local import Store

    store = _store_of(
        tmp_path / "s", ("unwomen-mexico-2022", bundled_graph), ("small-report-2023", small_graph)
    )

    def whole(*args: object) -> None:
        raise AssertionError("the view read every quad of the store")

    monkeypatch.setattr(Store, "quads", whole)
    monkeypatch.setattr(Store, "report_quads", whole)
    out = tmp_path / "v.html"
    assert run("view", "--store", store, "--partner", "INMUJERES", "-o", str(out))[0] == 0
    page = out.read_text(encoding="utf-8")
    assert "Partner: National Women&#x27;s Institute" in page and "El Colegio de M" in page


def test_a_value_reports_disagree_on_is_the_least_whatever_the_load_order(
    bundled_graph: Graph, small_graph: Graph, tmp_path: Path
) -> None:
    inmujeres = next(bundled_graph.subjects(SKOS.altLabel, Literal("INMUJERES")))
    assert str(bundled_graph.value(inmujeres, KG.kind)) == "government"
    other = Graph()
    other += small_graph
    other.set((inmujeres, KG.kind, Literal("academia")))
    reports = [("unwomen-mexico-2022", bundled_graph), ("small-report-2023", other)]
    pages = []
    for name, order in (("first", reports), ("second", reports[::-1])):
        store = _store_of(tmp_path / name, *order)
        out = tmp_path / f"{name}.html"
        assert run("view", "--store", store, "--partner", "INMUJERES", "-o", str(out))[0] == 0
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    assert f'"iri":"{inmujeres}","kind":"academia"'.encode() in pages[0]
