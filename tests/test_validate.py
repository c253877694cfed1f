"""Validation against the SHACL shapes: the whole-graph rules keep their meaning and run in time
linear in the graph's size."""

from __future__ import annotations

import time

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.extract.mentions import extract
from kg.graph.build import build_graph
from kg.graph.validate import validate
from kg.graph.vocab import KG
from kg.readers.text import parse_report


def _report(outcomes: int) -> str:
    """A report of one-sentence outcomes that all name one partner and one place, so each is
    the object of as many links as there are outcomes."""
    return "\n".join(
        f"OUTCOME X_{i // 100 + 1}.{i % 100 + 1}\n\nBy 2025, women lead {i} decisions.\n\n"
        f"INMUJERES trained {i + 10} officials in Guerrero.\n"
        for i in range(outcomes)
    )


NOWHERE = URIRef("https://example.org/nowhere")
SOMEWHERE = URIRef("https://example.org/somewhere")


def _graph(outcomes: int) -> Graph:
    return build_graph(extract(parse_report(_report(outcomes))))


def _validate_seconds(graph: Graph) -> float:
    start = time.perf_counter()
    assert validate(graph).conforms
    return time.perf_counter() - start


def test_validation_time_grows_linearly_with_the_outcomes():
    """Four times the outcomes take about four times as long (a rule that probed every link of
    a partner once per direct triple took sixteen times as long, and 252 s at 1,000 outcomes)."""
    _validate_seconds(_graph(5))  # pySHACL's first run parses and compiles the shapes
    small, large = _validate_seconds(_graph(100)), _validate_seconds(_graph(400))
    assert large < 8 * small, (small, large)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return _graph(3)


@pytest.mark.parametrize("part", [KG.linkSubject, KG.linkPredicate, KG.linkObject])
def test_a_direct_triple_whose_link_names_another_triple_breaks_the_shapes(graph, part):
    broken = graph + Graph()
    link = next(
        link
        for link in graph.subjects(RDF.type, KG.Link)
        if graph.value(link, KG.linkPredicate) == KG.involvesPartner
    )
    other = {
        KG.linkSubject: NOWHERE,
        KG.linkPredicate: KG.concernsPlace,
        KG.linkObject: NOWHERE,
    }[part]
    broken.set((link, part, other))
    report = validate(broken)
    assert not report.conforms
    assert "no kg:Link carrying its evidence" in report.text


@pytest.mark.parametrize(
    "predicate",
    [
        KG.involvesProgramme,
        KG.involvesPartner,
        KG.concernsPlace,
        KG.hasPartner,
        KG.collaboratesWith,
        KG.operatesIn,
        KG.activeIn,
    ],
)
def test_every_kind_of_direct_triple_needs_a_link(graph, predicate):
    broken = graph + Graph()
    broken.add((SOMEWHERE, predicate, NOWHERE))
    report = validate(broken)
    assert not report.conforms
    assert "no kg:Link carrying its evidence" in report.text


@pytest.mark.parametrize("role", [None, "cited", "implementing"])
def test_a_partner_link_needs_a_participation_other_than_cited(graph, role):
    """kgsh:PartnersComeFromParticipations, now one grouped query: its meaning, per role."""
    from kg.graph.vocab import ORG

    broken = graph + Graph()
    outcome = next(graph.subjects(RDF.type, KG.Outcome))
    broken.add((outcome, KG.involvesPartner, NOWHERE))
    if role is not None:
        participation = URIRef("https://example.org/participation")
        broken.add((participation, ORG.member, NOWHERE))
        broken.add((participation, KG.activity, outcome))
        broken.add(
            (participation, ORG.role, KG.CitedRole if role == "cited" else KG.IatiImplementingRole)
        )
    text = validate(broken).text
    assert ("no participation (other than cited) behind it" in text) == (role != "implementing")


def test_a_collaboration_stated_one_way_breaks_the_shapes(bundled_graph):
    """kg:collaboratesWith is symmetric: the graph states it both ways, and a shape says so."""
    graph = bundled_graph
    pairs = set(graph.subject_objects(KG.collaboratesWith))
    assert pairs and all((b, a) in pairs for a, b in pairs)
    a, b = sorted(pairs)[0]
    broken = graph + Graph()
    broken.remove((b, KG.collaboratesWith, a))
    report = validate(broken)
    assert not report.conforms
    assert "stated both ways: this partner's link has no link back" in report.text
