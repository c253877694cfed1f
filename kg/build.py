"""Extraction -> rdflib Graph: the one module that writes triples.

Every link between two things is written twice: as a direct triple that queries can join fast
(``?partner kg:hasPartner ...``), and as a ``kg:Link`` node that names the sentences behind it and
their count. Sentences are ``kg:Evidence`` nodes with their exact text and offsets.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import Document, Entity, Extraction, Sentence
from kg.vocab import (
    GEO,
    KG,
    OA,
    TYPE_CLASSES,
    bind_prefixes,
    entity_iri,
    external_iri,
    figure_iri,
    geometry_iri,
    link_iri,
    node_iri,
    outcome_iri,
    predicate,
    report_iri,
    sentence_iri,
)


def build_graph(extraction: Extraction) -> Graph:
    """The RDF graph of one report: its outcomes, entities, links, figures and evidence."""
    graph = bind_prefixes(Graph())
    document = extraction.document
    report = report_iri(document.slug)
    _add_report(graph, document, report)
    for entity in extraction.entities.values():
        _add_entity(graph, entity)
    for mention in extraction.mentions:
        evidence = _add_sentence(graph, document, mention.sentence, mention.outcome)
        graph.add((evidence, KG.mentions, entity_iri(mention.entity)))
    for relation in extraction.relations:
        subject, obj = node_iri(relation.subject), node_iri(relation.object)
        prop = predicate(relation.predicate)
        graph.add((subject, prop, obj))
        link = link_iri(document.slug, relation.predicate, relation.subject, relation.object)
        graph.add((link, RDF.type, KG.Link))
        graph.add((link, KG.linkSubject, subject))
        graph.add((link, KG.linkPredicate, prop))
        graph.add((link, KG.linkObject, obj))
        graph.add((link, PROV.hadPrimarySource, report))
        graph.add((link, KG.evidenceCount, Literal(len(relation.evidence))))
        for sentence in relation.evidence:
            graph.add(
                (link, KG.evidence, sentence_iri(document.slug, sentence.start, sentence.end))
            )
    for figure in extraction.figures:
        node = figure_iri(document.slug, figure.start, figure.end)
        evidence = _add_sentence(graph, document, figure.sentence, figure.outcome)
        graph.add((node, RDF.type, KG.Figure))
        graph.add((node, RDFS.label, Literal(figure.text)))
        graph.add((node, KG.value, Literal(_canonical_decimal(figure.value), datatype=XSD.decimal)))
        graph.add((node, KG.unit, Literal(figure.unit)))
        if figure.counts:
            graph.add((node, KG.counts, Literal(figure.counts)))
        graph.add((node, KG.inOutcome, outcome_iri(figure.outcome)))
        graph.add((node, KG.evidence, evidence))
        for key in figure.entities:
            graph.add((node, KG.about, entity_iri(key)))
    return graph


def _add_report(graph: Graph, document: Document, report: URIRef) -> None:
    graph.add((report, RDF.type, KG.Report))
    graph.add((report, DCTERMS.identifier, Literal(document.slug)))
    graph.add((report, RDFS.label, Literal(document.title or document.slug)))
    if document.title:
        graph.add((report, DCTERMS.title, Literal(document.title)))
    if document.year:
        graph.add((report, KG.year, Literal(str(document.year), datatype=XSD.gYear)))
    if document.data_as_of:
        graph.add(
            (report, KG.dataAsOf, Literal(document.data_as_of.isoformat(), datatype=XSD.date))
        )
    if document.country_code:
        graph.add((report, KG.country, entity_iri(f"place/{document.country_code.lower()}")))
    for outcome in document.outcomes:
        node = outcome_iri(outcome.id)
        graph.add((report, KG.hasOutcome, node))
        graph.add((node, RDF.type, KG.Outcome))
        graph.add((node, DCTERMS.identifier, Literal(outcome.id)))
        graph.add((node, SKOS.prefLabel, Literal(outcome.id)))
        graph.add((node, DCTERMS.isPartOf, report))
        if outcome.statement:
            graph.add((node, KG.statement, Literal(outcome.statement)))
        graph.add((node, KG.inferredIdentifier, Literal(outcome.inferred_id)))
        if outcome.corrected_id:
            graph.add((node, KG.correctedIdentifier, Literal(True)))


def _add_entity(graph: Graph, entity: Entity) -> None:
    node = entity_iri(entity.key)
    graph.add((node, RDF.type, TYPE_CLASSES[entity.type]))
    graph.add((node, SKOS.prefLabel, Literal(entity.label)))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.kind:
        graph.add((node, KG.kind, Literal(entity.kind)))
    for scheme, identifier in entity.identifiers:
        graph.add((node, SKOS.notation, Literal(identifier)))
        same = external_iri(scheme, identifier)
        if same is not None:
            graph.add((node, OWL.sameAs, same))
    if entity.latitude is not None and entity.longitude is not None:
        point = geometry_iri(entity.key)
        wkt = f"POINT({_decimal(entity.longitude)} {_decimal(entity.latitude)})"
        graph.add((node, GEO.hasGeometry, point))
        graph.add((point, RDF.type, GEO.Geometry))
        graph.add((point, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral)))


def _add_sentence(graph: Graph, document: Document, sentence: Sentence, outcome: str) -> URIRef:
    node = sentence_iri(document.slug, sentence.start, sentence.end)
    graph.add((node, RDF.type, KG.Evidence))
    graph.add((node, OA.exact, Literal(sentence.text)))
    graph.add((node, OA.start, Literal(sentence.start)))
    graph.add((node, OA.end, Literal(sentence.end)))
    graph.add((node, KG.inOutcome, outcome_iri(outcome)))
    graph.add((node, PROV.hadPrimarySource, report_iri(document.slug)))
    return node


def _canonical_decimal(value: float) -> str:
    """The canonical xsd:decimal form ("30.0", "48.6"), which every Turtle parser keeps as is."""
    text = _decimal(value)
    return text if "." in text else f"{text}.0"


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
