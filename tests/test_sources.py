"""Loading a graph from reports and RDF files, and the errors for files kg cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.sources import load_graph

TESTS = Path(__file__).resolve().parent
SMALL = TESTS / "data" / "overlap.ttl"


def test_rdf_files_of_each_syntax_load_to_the_same_graph(tmp_path):
    graph = Graph().parse(SMALL)
    for suffix, fmt in ((".nt", "nt"), (".jsonld", "json-ld")):
        path = tmp_path / f"small{suffix}"
        graph.serialize(path, format=fmt)
        assert isomorphic(load_graph([path]).graph, graph)


def test_reports_and_rdf_files_merge(bundled):
    loaded = load_graph([bundled, SMALL])
    assert len(loaded.graph) == len(load_graph([bundled]).graph) + len(Graph().parse(SMALL))


def test_a_broken_turtle_file_is_named_in_a_one_line_error(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix kg: <https://w3id.org/kg/ns#> .\nkg:a kg:b \n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_graph([path])
    assert str(caught.value).startswith(f"{path}: not valid Turtle")
    assert "\n" not in str(caught.value)


def test_missing_files_and_unknown_suffixes_are_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_graph([tmp_path / "nope.ttl"])
    odd = tmp_path / "graph.rdf"
    odd.write_text("<x/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"graph\.rdf: this is an XML document"):
        load_graph([odd])
