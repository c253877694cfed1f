"""The compiled shapes (kg.graph.shacl) agree with pySHACL, the reference, on valid graphs and on
graphs broken in every way the shapes forbid: the same verdict and the same focus node, path and
value for each violation."""

from __future__ import annotations

import random

import pyoxigraph
import pytest

from kg.errors import ValidationError
from kg.extract.mentions import extract
from kg.graph.build import build_triples
from kg.graph.rdfterms import to_graph
from kg.graph.shacl import Shapes, Unsupported
from kg.graph.validate import ensure_conforms, fast_violations, validate
from kg.graph.vocab import KG, KGIATI
from kg.readers.text import parse_report
from tests.helpers_reports import report_text

RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
GEO = "http://www.opengis.net/ont/geosparql#"
BODY = (
    "With the support of the European Union and in coordination with INMUJERES, UN Women "
    "trained 120 officials in Oaxaca and Chiapas; 45% of them were women. The Spotlight "
    "Initiative, funded by the European Union, reached 3,500 women in Guerrero."
)


def _n(iri: object) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(str(iri))


@pytest.fixture(scope="module")
def triples() -> frozenset:
    document = parse_report(report_text(BODY), source="test.txt", slug="test")
    return frozenset(build_triples(extract(document)))


def _agree(triples: frozenset, exact: bool = True) -> tuple:
    """Both engines' violations of ``triples``: the same verdict, and the same (focus, path,
    value) for each violation; with ``exact`` False pySHACL may report more (see SUBSET)."""
    reference = validate(to_graph(triples))
    fast = fast_violations(triples)
    assert fast is not None
    assert reference.conforms == (not fast)
    expected = {(v.focus, v.path, v.value) for v in reference.violations}
    found = {(v.focus, v.path, v.value) for v in fast}
    assert found == expected if exact else found <= expected
    return fast


def _subject_of(triples: frozenset, cls: object) -> object:
    return min((s for s, p, o in triples if p == RDF_TYPE and o == _n(cls)), key=str)


def _value(triples: frozenset, subject: object, predicate: str) -> object:
    return next(o for s, p, o in triples if s == subject and p == _n(predicate))


def _replace(triples: frozenset, subject: object, predicate: str, new: object) -> frozenset:
    kept = {t for t in triples if not (t[0] == subject and t[1] == _n(predicate))}
    return frozenset(kept | ({(subject, _n(predicate), new)} if new is not None else set()))


def test_a_built_report_conforms_for_both(triples):
    assert not _agree(triples)


def _mutations(triples: frozenset) -> dict[str, frozenset]:
    outcome = _subject_of(triples, KG.Outcome)
    evidence = _subject_of(triples, KG.Evidence)
    figure = _subject_of(triples, KG.Figure)
    partner = _subject_of(triples, KG.Partner)
    place = _subject_of(triples, KG.Place)
    link = _subject_of(triples, KG.Link)
    participation = _subject_of(triples, KG.Participation)
    report = _subject_of(triples, KG.Report)
    integer = _n(XSD + "integer")
    return {
        "min count": _replace(triples, outcome, SKOS + "prefLabel", None),
        "max count": triples | {(partner, _n(SKOS + "prefLabel"), pyoxigraph.Literal("Other"))},
        "ill-typed integer": _replace(
            triples, evidence, OA + "start", pyoxigraph.Literal("five", datatype=integer)
        ),
        "wrong datatype": _replace(triples, evidence, OA + "start", pyoxigraph.Literal("5")),
        "language tag for a string": _replace(
            triples, evidence, OA + "exact", pyoxigraph.Literal("words", language="en")
        ),
        "below the minimum": _replace(
            triples, evidence, OA + "start", pyoxigraph.Literal("-3", datatype=integer)
        ),
        "pattern": _replace(
            triples, outcome, DCTERMS + "identifier", pyoxigraph.Literal("two words")
        ),
        "decimal NaN": _replace(
            triples, figure, KG.value, pyoxigraph.Literal("NaN", datatype=_n(XSD + "decimal"))
        ),
        "not in the list": _replace(triples, figure, KG.unit, pyoxigraph.Literal("dozen")),
        "class": _replace(triples, figure, KG.inOutcome, place),
        "class of a literal": _replace(triples, figure, KG.inOutcome, pyoxigraph.Literal("x")),
        "node kind": triples
        | {
            (pyoxigraph.BlankNode("b1"), RDF_TYPE, _n(KG.Figure)),
            (pyoxigraph.BlankNode("b1"), _n(KG.unit), pyoxigraph.Literal("count")),
        },
        "empty alternative name": triples
        | {(partner, _n(SKOS + "altLabel"), pyoxigraph.Literal(""))},
        "two kinds of thing": triples | {(partner, RDF_TYPE, _n(KG.Place))},
        "an activity that is a place": _replace(triples, participation, KG.activity, place),
        "geometry without a point": triples
        | {
            (place, _n(GEO + "hasGeometry"), _n("https://example.org/g")),
        },
        "link names a missing triple": _replace(triples, link, KG.linkObject, report),
        "evidence count": _replace(
            triples, link, KG.evidenceCount, pyoxigraph.Literal("9", datatype=integer)
        ),
        "sentence ends before it starts": _replace(
            triples, evidence, OA + "end", pyoxigraph.Literal("1", datatype=integer)
        ),
        "partner in nothing": frozenset(t for t in triples if t[0] != participation),
        "declared by what is no activity": triples
        | {(partner, _n(KGIATI.declaresOutcome), outcome)},
        "an activity declared as an outcome": triples
        | {
            (outcome, RDF_TYPE, _n(KGIATI.Activity)),
            (outcome, _n(KGIATI.declaresOutcome), outcome),
        },
    }


MUTATIONS = [
    "min count",
    "max count",
    "ill-typed integer",
    "wrong datatype",
    "language tag for a string",
    "below the minimum",
    "pattern",
    "decimal NaN",
    "not in the list",
    "class",
    "class of a literal",
    "node kind",
    "empty alternative name",
    "two kinds of thing",
    "an activity that is a place",
    "geometry without a point",
    "link names a missing triple",
    "evidence count",
    "sentence ends before it starts",
    "partner in nothing",
    "declared by what is no activity",
    "an activity declared as an outcome",
]


# Where pySHACL reports more, and why: kg.graph.validate lists the nested results pySHACL gives
# as sh:detail of a failed sh:node as violations of their own; rdflib's SPARQL engine compares an
# ill-typed or string offset with an integer (sentence ends before it starts), Oxigraph's finds
# the comparison an error and filters it out. The verdict is the same.
SUBSET = {"ill-typed integer", "wrong datatype", "geometry without a point"}


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_broken_graph_breaks_both_the_same_way(triples, name):
    broken = _mutations(triples)[name]
    assert broken != triples
    assert _agree(broken, exact=name not in SUBSET), f"{name}: no violation found"


@pytest.mark.parametrize("seed", range(12))
def test_dropping_any_triple_gives_the_same_verdict(triples, seed):
    """Whatever triple goes (a type, a label, a link's part, an evidence offset), both engines
    say the same."""
    ordered = sorted(triples, key=str)
    dropped = set(random.Random(seed).sample(ordered, 3))
    _agree(triples - dropped)


def test_the_build_check_reports_pyshacls_message(triples):
    broken = _mutations(triples)["not in the list"]
    with pytest.raises(ValidationError) as caught:
        ensure_conforms(broken, "test.txt")
    assert "test.txt: the graph does not conform to the shapes" in str(caught.value)
    assert "kg:unit" in str(caught.value)
    ensure_conforms(triples, "test.txt")


def test_the_shipped_shapes_compile():
    """Every feature the shipped shapes use is one the engine has: otherwise every build
    falls back to pySHACL (twenty times slower) and nothing else says so."""
    from kg.graph.validate import _shapes_text

    assert Shapes(_shapes_text()).roots


def test_shapes_beyond_the_engine_are_refused():
    """A feature the engine lacks is refused when compiling, so the caller falls back to
    pySHACL instead of passing what it cannot check."""
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> ."
    for body in (
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:equals ex:q .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ] .",
    ):
        with pytest.raises(Unsupported):
            Shapes(f"{prefixes}\n{body}")


@pytest.mark.parametrize(
    "path",
    [
        "data/reports/unwomen-mexico-2022.txt",
        "tests/data/unwomen-colombia-2023.txt",
        "tests/data/onumujeres-ecuador-2022.txt",
    ],
)
def test_real_reports_conform_for_both(path):
    from pathlib import Path

    from kg.pipeline import build_report

    built = build_report(Path(__file__).resolve().parent.parent / path)
    assert not _agree(built.triples)
