"""Small graphs in kg's shape, written in Python for the view tests: a hostile one and helpers."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.graph.vocab import (
    KG,
    OA,
    ORG,
    TYPE_CLASSES,
    bind_prefixes,
    entity_iri,
    external_iri,
    link_iri,
    outcome_iri,
    participation_iri,
    predicate,
    report_iri,
    sentence_iri,
)

SLUG = "test-report"
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = (
    'See <a href="javascript:alert(2)">here</a></script><script>alert(3)</script>'
    " and <!-- a comment \u2028 with a line separator & an ampersand."
)


def add_entity(graph: Graph, key: str, label: str, **extra: str) -> URIRef:
    """Add a partner, programme or place (by its key's prefix) with optional aliases and ids."""
    node = entity_iri(key)
    graph.add((node, RDF.type, TYPE_CLASSES[key.split("/")[0]]))
    graph.add((node, SKOS.prefLabel, Literal(label)))
    for alias in extra.get("aliases", "").split("|"):
        if alias:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    if "kind" in extra:
        graph.add((node, KG.kind, Literal(extra["kind"])))
    for scheme in ("wikidata", "geonames"):
        if scheme in extra:
            graph.add((node, SKOS.notation, Literal(extra[scheme])))
            graph.add((node, OWL.sameAs, external_iri(scheme, extra[scheme])))
    return node


def add_outcome(graph: Graph, identifier: str, statement: str) -> URIRef:
    """Add an outcome of the test report."""
    report = report_iri(SLUG)
    node = outcome_iri(identifier)
    graph.add((report, RDF.type, KG.Report))
    graph.add((report, DCTERMS.identifier, Literal(SLUG)))
    graph.add((report, RDFS.label, Literal("A test report")))
    graph.add((report, KG.hasOutcome, node))
    graph.add((node, RDF.type, KG.Outcome))
    graph.add((node, DCTERMS.identifier, Literal(identifier)))
    graph.add((node, SKOS.prefLabel, Literal(identifier)))
    graph.add((node, KG.statement, Literal(statement)))
    graph.add((node, DCTERMS.isPartOf, report))
    graph.add((node, KG.inferredIdentifier, Literal(False)))
    return node


def add_sentence(graph: Graph, text: str, start: int, outcome: str, mentions=()) -> URIRef:
    """Add an evidence sentence of ``outcome`` that mentions the entity keys in ``mentions``."""
    node = sentence_iri(SLUG, start, start + len(text))
    graph.add((node, RDF.type, KG.Evidence))
    graph.add((node, OA.exact, Literal(text)))
    graph.add((node, OA.start, Literal(start, datatype=XSD.integer)))
    graph.add((node, OA.end, Literal(start + len(text), datatype=XSD.integer)))
    graph.add((node, KG.inOutcome, outcome_iri(outcome)))
    graph.add((node, PROV.hadPrimarySource, report_iri(SLUG)))
    for key in mentions:
        graph.add((node, KG.mentions, entity_iri(key)))
    return node


def add_link(graph: Graph, subject: URIRef, name: str, obj: URIRef, sentences=()) -> None:
    """Add a derived link and its ``kg:Link`` node with the evidence sentences."""
    prop = predicate(name)
    graph.add((subject, prop, obj))
    link = link_iri(SLUG, name, str(subject), str(obj))
    graph.add((link, RDF.type, KG.Link))
    graph.add((link, KG.linkSubject, subject))
    graph.add((link, KG.linkPredicate, prop))
    graph.add((link, KG.linkObject, obj))
    graph.add((link, PROV.hadPrimarySource, report_iri(SLUG)))
    graph.add((link, KG.evidenceCount, Literal(len(sentences))))
    for sentence in sentences:
        graph.add((link, KG.evidence, sentence))
    if name in ("hasPartner", "involvesPartner"):
        add_participation(graph, obj, subject, "partner", sentences)


def add_participation(graph: Graph, member: URIRef, activity: URIRef, role: str, sentences) -> None:
    """Add a participation of ``member`` in ``activity`` (a programme or outcome) in ``role``,
    making the member a partner: partner links rest on participations."""
    node = participation_iri(SLUG, str(member), str(activity), role)
    graph.add((member, RDF.type, KG.Partner))
    graph.add((node, RDF.type, KG.Participation))
    graph.add((node, ORG.member, member))
    graph.add((node, KG.activity, activity))
    graph.add((node, ORG.role, KG[f"{role.capitalize()}Role"]))
    graph.add((node, KG.discourse, Literal(False)))
    graph.add((node, PROV.hadPrimarySource, report_iri(SLUG)))
    graph.add((node, KG.evidenceCount, Literal(len(sentences))))
    for sentence in sentences:
        graph.add((node, KG.evidence, sentence))


def hostile_graph() -> Graph:
    """Two programmes, three partners (one named with an XSS payload), a place, two outcomes; one
    sentence holds ``href``, ``</script>``, ``<!--``, U+2028 and ``&``."""
    graph = bind_prefixes(Graph())
    spotlight = add_entity(
        graph, "programme/spotlight", "Spotlight Initiative", aliases="Spotlight", kind="programme"
    )
    sce = add_entity(graph, "programme/sce", "Second Chance Education", aliases="SCE")
    inmujeres = add_entity(
        graph,
        "partner/inmujeres",
        "National Women's Institute",
        aliases="INMUJERES",
        kind="government",
        wikidata="Q6041396",
    )
    evil = add_entity(graph, "partner/evil", XSS_NAME, aliases="</script><b>bold</b>")
    undp = add_entity(graph, "partner/undp", "United Nations Development Programme", aliases="UNDP")
    city = add_entity(graph, "place/mexico-city", "Mexico City", geonames="3530597")
    one = add_outcome(graph, "XM-T-MEX_A_1", "Women lead.")
    two = add_outcome(graph, "XM-T-MEX_B_2", "Girls learn.")
    s1 = add_sentence(
        graph,
        "INMUJERES and the Spotlight Initiative worked in Mexico City.",
        0,
        "XM-T-MEX_A_1",
        ["partner/inmujeres", "programme/spotlight", "place/mexico-city"],
    )
    s2 = add_sentence(
        graph, XSS_SENTENCE, 100, "XM-T-MEX_A_1", ["partner/evil", "partner/inmujeres"]
    )
    s3 = add_sentence(
        graph, "UNDP and INMUJERES ran SCE.", 300, "XM-T-MEX_B_2", ["partner/undp", "programme/sce"]
    )
    add_link(graph, one, "involvesProgramme", spotlight, [s1])
    add_link(graph, one, "involvesPartner", inmujeres, [s1])
    add_link(graph, one, "involvesPartner", evil, [s2])
    add_link(graph, one, "concernsPlace", city, [s1])
    add_link(graph, spotlight, "hasPartner", inmujeres, [s1])
    add_link(graph, spotlight, "hasPartner", evil, [s2])
    add_link(graph, evil, "collaboratesWith", inmujeres, [s2])
    add_link(graph, inmujeres, "collaboratesWith", evil, [s2])
    add_link(graph, two, "involvesProgramme", sce, [s3])
    add_link(graph, two, "involvesPartner", undp, [s3])
    add_link(graph, two, "involvesPartner", inmujeres, [s3])
    add_link(graph, sce, "hasPartner", undp, [s3])
    add_link(graph, inmujeres, "activeIn", city, [s1])
    return graph
