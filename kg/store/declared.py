"""Activities linked to the report outcomes they declare (kg:declaresOutcome), derived in the store.

An IATI activity whose ``iati-identifier`` equals a report outcome's identifier, or whose
``related-activity`` points to it, declares data on that outcome. Neither side can state the
link when it is built: an outcome's IRI holds its statement (kg.graph.vocab.outcome_iri), which
the IATI file does not know, and a report does not know the IATI files. So the IATI graph states
what each activity declares (kg:OutcomeDeclaration: the activity, the identifier, the element
saying so as evidence), and the store matches declarations with report outcomes by identifier
whenever it loads or drops a report, whichever came first. Each link gets a kg:Link carrying the
declaration's evidence, as the shapes ask of every link.

The links live in the store's default graph (kg.store.union) only: they are derived, like the
union itself, so exports (which read the report graphs) leave them out and a store rebuilt from
its report graphs makes them again. The SPARQL update here drops every derived link and derives
them anew; the store runs it at the end of the update that loads or drops a report.
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, PROV, RDF

from kg.graph.vocab import KG, KGIATI, STANDARD_TYPES

_LINK_TYPES = " , ".join(f"<{cls}>" for cls in (KG.Link, *STANDARD_TYPES[KG.Link]))
_DECLARES = f"<{KGIATI.declaresOutcome}>"


def rederive() -> str:
    """The SPARQL update that replaces the default graph's kg:declaresOutcome links (and their
    kg:Link nodes) with those its report outcomes and outcome declarations call for now."""
    return (
        f"DELETE {{ ?link ?p ?o }} WHERE {{ ?link <{KG.linkPredicate}> {_DECLARES} ; ?p ?o }} ;\n"
        f"DELETE WHERE {{ ?activity {_DECLARES} ?outcome }} ;\n"
        "INSERT {\n"
        f"  ?activity {_DECLARES} ?outcome .\n"
        f"  ?link <{RDF.type}> {_LINK_TYPES} ;\n"
        f"    <{KG.linkSubject}> ?activity ; <{KG.linkPredicate}> {_DECLARES} ;\n"
        f"    <{KG.linkObject}> ?outcome ; <{KG.evidence}> ?evidence ;\n"
        f"    <{PROV.wasDerivedFrom}> ?evidence , ?declaration ;\n"
        f"    <{KG.evidenceCount}> ?count ; <{PROV.hadPrimarySource}> ?source .\n"
        "}\nWHERE {\n"
        f"  ?declaration a <{KGIATI.OutcomeDeclaration}> ;\n"
        f"    <{KGIATI.declaringActivity}> ?activity ; <{KGIATI.outcomeIdentifier}> ?id ;\n"
        f"    <{KG.evidence}> ?evidence ; <{KG.evidenceCount}> ?count ;\n"
        f"    <{PROV.hadPrimarySource}> ?source .\n"
        f"  ?outcome <{DCTERMS.identifier}> ?id ; a <{KG.Outcome}> .\n"
        f"  FILTER NOT EXISTS {{ ?outcome a <{KGIATI.Activity}> }}\n"
        '  BIND(IRI(CONCAT(STR(?declaration), "/", SHA1(STR(?outcome)))) AS ?link)\n'
        "}"
    )
