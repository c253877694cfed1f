"""The partner x programme heatmap: real PNG and SVG files, byte-identical across processes."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph

from kg.analysis.network import read_links
from kg.analysis.plot import heatmap, write_heatmap
from kg.errors import InputError, KgError
from kg.graph.vocab import KG

TESTS = Path(__file__).resolve().parent
SMALL = TESTS / "data" / "overlap.ttl"

DRAW = """
import sys
from rdflib import Graph
from kg.analysis.network import read_links
from kg.analysis.plot import write_heatmap
write_heatmap(read_links(Graph().parse(sys.argv[1])), sys.argv[2])
"""


@pytest.fixture(scope="module")
def small():
    return read_links(Graph().parse(SMALL))


def test_svg_is_xml_naming_partners_and_programmes(small):
    data = heatmap(small, "svg")
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"Date" not in data
    assert data == heatmap(small, "svg")


def test_png_is_a_png(small):
    data = heatmap(small, "png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data == heatmap(small, "png")


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_plots_are_byte_identical_across_processes(tmp_path, suffix):
    paths = [tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"]
    for path in paths:
        subprocess.run([sys.executable, "-c", DRAW, str(SMALL), str(path)], check=True)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_write_heatmap_refuses_other_suffixes_and_writes_nothing(small, tmp_path):
    with pytest.raises(InputError, match=r"must be a \.png or \.svg file"):
        write_heatmap(small, tmp_path / "plot.pdf")
    with pytest.raises(InputError, match="does not exist"):
        write_heatmap(small, tmp_path / "missing" / "plot.svg")
    assert list(tmp_path.iterdir()) == []


def test_a_graph_without_programme_links_has_nothing_to_plot():
    graph = Graph().parse(SMALL)
    graph.remove((None, KG.hasPartner, None))
    graph.remove((None, KG.involvesProgramme, None))
    with pytest.raises(InputError, match="nothing to plot"):
        heatmap(read_links(graph), "svg")


@pytest.fixture(scope="module")
def bundled_links(bundled_graph):
    return read_links(bundled_graph)


def _axes(svg: bytes) -> int:
    """How many axes an SVG holds: the heatmap's, and the colour bar's if it has one."""
    root = ET.fromstring(svg)
    return sum(
        1 for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id", "").startswith("axes_")
    )


def test_partner_draws_its_programmes_and_the_partners_in_them(bundled_links):
    """`kg overlap --partner X --plot` draws X, first, and the partners of X's programmes."""
    from kg.analysis.network import programme_matrix
    from kg.analysis.plot import heatmap_plan

    m = programme_matrix(bundled_links)
    plan = heatmap_plan(bundled_links, "INMUJERES")
    first = m.partners[plan.rows[0]]
    assert first.label == "National Women's Institute"
    own = {j for j in range(len(m.programmes)) if m.direct[plan.rows[0], j] > 0}
    assert set(plan.columns) == own
    for i in plan.rows:
        assert any(m.direct[i, j] for j in own)
    whole = heatmap_plan(bundled_links)
    assert len(plan.rows) < len(whole.rows)
    assert plan.title.startswith("National Women's Institute and the partners in its programmes")
    assert heatmap(bundled_links, "svg", "INMUJERES") != heatmap(bundled_links, "svg")


def test_a_partner_in_no_programme_or_unknown_is_one_line(small, bundled_links):
    from kg.analysis.network import programme_matrix

    m = programme_matrix(bundled_links)
    idle = next(p for i, p in enumerate(m.partners) if not m.direct[i].any())
    with pytest.raises(InputError, match="takes part in no programme: nothing to plot"):
        heatmap(bundled_links, "svg", idle.label)
    with pytest.raises(KgError, match="no partner named 'Nobody At All'"):
        heatmap(bundled_links, "svg", "Nobody At All")


def test_the_partners_left_out_are_named(bundled_links, monkeypatch):
    from kg.analysis import plot

    monkeypatch.setattr(plot, "MAX_ROWS", 5)
    plan = plot.heatmap_plan(bundled_links)
    assert len(plan.rows) == 5 and plan.left_out
    from kg.analysis.network import programme_matrix

    m = programme_matrix(bundled_links)
    drawn = {m.partners[i].label for i in plan.rows}
    linked = {p.label for i, p in enumerate(m.partners) if m.direct[i].any()}
    assert set(plan.left_out) == linked - drawn
    assert "the busiest 5 of" in plan.title
    note = plot.left_out_note(plan)
    assert note.startswith("Left out (fewer sentences): ")
    assert plan.left_out[0] in note.replace("\n", " ")
    assert f"and {len(plan.left_out) - plot.NAMED_OUT} more" in note.replace("\n", " ")


def test_zero_one_data_has_a_swatch_not_a_gradient(bundled_links, small):
    """0/1 cells need no colour bar (one axes in the SVG); counts above 1 get one."""
    from kg.analysis.plot import heatmap_plan

    assert heatmap_plan(bundled_links, "INMUJERES").binary
    assert _axes(heatmap(bundled_links, "svg", "INMUJERES")) == 1
    assert not heatmap_plan(bundled_links).binary
    assert _axes(heatmap(bundled_links, "svg")) == 2


def test_cli_overlap_partner_plot_draws_the_partner_s_heatmap(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    from tests.conftest import BUNDLED

    out = tmp_path / "inmujeres.svg"
    done = CliRunner().invoke(
        cli, ["overlap", str(BUNDLED), "--partner", "INMUJERES", "--plot", str(out)]
    )
    assert done.exit_code == 0, done.output
    from kg.pipeline import build_report

    links = read_links(build_report(BUNDLED).graph)
    assert out.read_bytes() == heatmap(links, "svg", "INMUJERES")
