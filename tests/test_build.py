"""Building the RDF graph: stable IRIs, no blank nodes, evidence behind every link, valid shapes."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.graph.validate import validate
from kg.graph.vocab import KG, OA, entity_iri, report_iri
from kg.pipeline import build_report, to_turtle


def _outcome(graph, identifier: str) -> URIRef:
    """The node of the outcome whose dcterms:identifier is ``identifier``."""
    from rdflib.namespace import DCTERMS

    (node,) = set(graph.subjects(DCTERMS.identifier, Literal(identifier)))
    return node


@pytest.fixture(scope="module")
def graph():
    from tests.conftest import BUNDLED

    return build_report(BUNDLED).graph


def test_graph_conforms_to_the_shapes(graph):
    report = validate(graph)
    assert report.conforms, report.text


def test_no_blank_nodes(graph):
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_eleven_outcomes_linked_to_the_report(graph):
    report = report_iri("unwomen-mexico-2022")
    outcomes = set(graph.objects(report, KG.hasOutcome))
    assert len(outcomes) == 11
    d31 = _outcome(graph, "XM-DAC-41146-MEX_D_3.1")
    assert d31 in outcomes
    assert (d31, KG.correctedIdentifier, Literal(True)) in graph


def test_outcomes_link_to_programmes_partners_and_places_with_evidence(graph):
    d31 = _outcome(graph, "XM-DAC-41146-MEX_D_3.1")
    spotlight = entity_iri("programme/spotlight-initiative")
    assert (d31, KG.involvesProgramme, spotlight) in graph
    links = [
        link
        for link in graph.subjects(KG.linkSubject, d31)
        if (link, KG.linkObject, spotlight) in graph
    ]
    assert len(links) == 1
    sentences = list(graph.objects(links[0], KG.evidence))
    assert sentences
    assert all("Spotlight" in str(graph.value(s, OA.exact)) for s in sentences)
    count = graph.value(links[0], KG.evidenceCount).toPython()
    assert count == len(sentences)


def test_partner_aliases_and_labels(graph):
    inmujeres = entity_iri("partner/inmujeres")
    assert (inmujeres, RDF.type, KG.Partner) in graph
    assert graph.value(inmujeres, SKOS.prefLabel) == Literal(
        "National Women's Institute", lang="en"
    )
    aliases = set(graph.objects(inmujeres, SKOS.altLabel))
    assert Literal("INMUJERES") in aliases
    assert Literal("Instituto Nacional de las Mujeres", lang="es") in aliases


def test_a_link_without_evidence_breaks_the_shapes(graph):
    broken = graph + graph.__class__()
    broken.add(
        (_outcome(graph, "XM-DAC-41146-MEX_O_1"), KG.involvesPartner, entity_iri("partner/colmex"))
    )
    report = validate(broken)
    assert not report.conforms
    assert "no kg:Link carrying its evidence" in report.text


def test_a_link_whose_count_is_wrong_breaks_the_shapes(graph):
    broken = graph + graph.__class__()
    link = next(graph.subjects(RDF.type, KG.Link))
    broken.set((link, KG.evidenceCount, Literal(99)))
    assert not validate(broken).conforms


def test_turtle_reparses_strictly_with_pyoxigraph_to_the_same_graph(graph):
    import pyoxigraph

    turtle = to_turtle(graph)
    parsed = set()
    for quad in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE):
        parsed.add(tuple(str(term) for term in (quad.subject, quad.predicate, quad.object)))
    from kg.graph.rdfterms import to_oxigraph

    # Compared as pyoxigraph terms: rdflib's n3() writes a newline in a literal as a long string.
    ours = {tuple(str(to_oxigraph(t)) for t in triple) for triple in graph}
    assert parsed == ours


def test_iris_are_minted_from_identifiers_not_counters(graph):
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    d11 = _outcome(graph, "XM-DAC-41146-MEX_D_1.1")
    assert d11.startswith("https://w3id.org/kg/id/outcome/XM-DAC-41146-MEX_D_1.1/")
    assert URIRef("https://w3id.org/kg/id/partner/colmex") in subjects


def test_a_link_node_without_sentences_breaks_the_shapes(graph):
    broken = graph + graph.__class__()
    link = next(graph.subjects(RDF.type, KG.Link))
    broken.remove((link, KG.evidence, None))
    report = validate(broken)
    assert not report.conforms
    assert "kg:Link" in report.text or "evidence" in report.text


def test_participations_are_memberships_with_roles_and_only_cited_bodies_are_not_partners(
    bundled_graph,
):
    from rdflib.namespace import RDF

    from kg.graph.vocab import KG, ORG, entity_iri

    cedaw = entity_iri("partner/cedaw")
    inmujeres = entity_iri("partner/inmujeres")
    alliance = entity_iri("programme/global-alliance-for-care")
    assert (cedaw, RDF.type, KG.Organisation) in bundled_graph
    assert (cedaw, RDF.type, KG.Partner) not in bundled_graph
    roles = {bundled_graph.value(p, ORG.role) for p in bundled_graph.subjects(ORG.member, cedaw)}
    assert roles == {KG.CitedRole}
    convened = [
        p
        for p in bundled_graph.subjects(ORG.member, inmujeres)
        if bundled_graph.value(p, KG.activity) == alliance
    ]
    assert [bundled_graph.value(p, ORG.role) for p in convened] == [KG.ConvenerRole]
    assert (alliance, KG.hasPartner, inmujeres) in bundled_graph
    assert not list(bundled_graph.subjects(KG.hasPartner, cedaw))


def test_a_partner_that_is_also_a_place_breaks_the_shapes(graph):
    """The disjoint classes of the ontology are kept apart in data: nothing is two kinds."""
    broken = graph + graph.__class__()
    inmujeres = entity_iri("partner/inmujeres")
    broken.add((inmujeres, RDF.type, KG.Place))
    report = validate(broken)
    assert not report.conforms
    assert "kgpartner:inmujeres" in report.text


def test_the_graph_states_the_standard_types_of_its_nodes(graph):
    """Each kg class's standard classes are stated on its nodes, not only as ontology axioms."""
    from kg.graph.vocab import STANDARD_TYPES

    for cls, standard in STANDARD_TYPES.items():
        nodes = set(graph.subjects(RDF.type, cls))
        assert nodes, cls
        for other in standard:
            assert nodes <= set(graph.subjects(RDF.type, other)), (cls, other)


def _evidence_and_figures(graph) -> set[URIRef]:
    return set(graph.subjects(RDF.type, KG.Evidence)) | set(graph.subjects(RDF.type, KG.Figure))


def test_sentence_and_figure_iris_stay_when_unrelated_text_changes():
    """IRIs are minted from each sentence's outcome and text, not its offsets: a sentence added
    before the others leaves their IRIs as they were, and a repeated sentence gets its own."""
    from kg.extract.mentions import extract
    from kg.graph.build import build_graph
    from tests.helpers_reports import document

    body = (
        "UN Women worked with INMUJERES on the Global Alliance for Care. "
        "The programme trained 2,763 women in Oaxaca.\n\n"
        "UN Women worked with INMUJERES on the Global Alliance for Care."
    )
    before = build_graph(extract(document(body)))
    after = build_graph(extract(document("The weather was fine that year.\n\n" + body)))
    old = _evidence_and_figures(before)
    assert len(set(before.subjects(RDF.type, KG.Evidence))) == 3
    assert set(before.subjects(RDF.type, KG.Figure))
    assert old <= _evidence_and_figures(after)
    starts = {before.value(n, OA.start) for n in old} - {None}
    assert not starts & {after.value(n, OA.start) for n in old}
