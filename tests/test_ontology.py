"""The ontology and shapes ship with the package and describe every term kg writes."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef

from kg.graph.validate import ontology, shapes
from kg.graph.vocab import KG
from kg.pipeline import build_report


def _kg_terms(graph) -> set[URIRef]:
    namespace = str(KG._NS)
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(namespace)
    }


def test_every_vocabulary_term_is_declared_with_a_label():
    onto = ontology()
    declared = {
        s
        for kind in (
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            KG.Role,
            SKOS.ConceptScheme,
        )
        for s in onto.subjects(RDF.type, kind)
    }
    vocabulary = {KG[name] for name in KG.__annotations__}
    assert vocabulary <= declared
    labelled = (RDFS.label, SKOS.prefLabel)
    assert all(any(onto.value(term, p) is not None for p in labelled) for term in vocabulary)


def test_every_participation_role_is_a_concept_of_a_scheme_with_iati_codes_matched():
    onto = ontology()
    roles = set(onto.subjects(RDF.type, KG.Role))
    assert {onto.value(r, SKOS.notation) for r in roles} >= {Literal(c) for c in "1234"}
    assert all(onto.value(r, SKOS.inScheme) is not None for r in roles)
    assert (KG.FunderRole, SKOS.exactMatch, KG.IatiFundingRole) in onto
    assert (KG.ImplementerRole, SKOS.exactMatch, KG.IatiImplementingRole) in onto


def test_every_term_in_a_built_graph_is_in_the_ontology(bundled):
    onto = ontology()
    used = _kg_terms(build_report(bundled).graph)
    assert used
    assert all((term, RDF.type, None) in onto for term in used), used


def test_classes_reuse_standard_vocabularies():
    onto = ontology()
    parents = {str(o) for o in onto.transitive_objects(KG.Partner, RDFS.subClassOf)}
    assert "http://www.w3.org/ns/org#Organization" in parents
    membership = {str(o) for o in onto.objects(KG.Participation, RDFS.subClassOf)}
    assert "http://www.w3.org/ns/org#Membership" in membership
    assert "https://schema.org/Place" in {str(o) for o in onto.objects(KG.Place, RDFS.subClassOf)}
    assert str(next(onto.objects(KG.evidence, RDFS.subPropertyOf))).startswith(
        "http://www.w3.org/ns/prov#"
    )


def test_there_is_a_shape_for_every_class():
    sh = URIRef("http://www.w3.org/ns/shacl#targetClass")
    targeted = set(shapes().objects(None, sh))
    classes = set(ontology().subjects(RDF.type, OWL.Class))
    assert classes <= targeted
