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
from kg.errors import InputError
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
