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
them anew; the store runs it at the end of the update that loads or drops a report. A remote
store (kg push) holds them in a graph of their own, ``DECLARED_GRAPH``, which kg adds to the
default graph it asks there (``rederive_in``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib.namespace import DCTERMS, PROV, RDF

from kg.graph.vocab import KG, KGIATI, STANDARD_TYPES

_LINK_TYPES = " , ".join(f"<{cls}>" for cls in (KG.Link, *STANDARD_TYPES[KG.Link]))
_DECLARES = f"<{KGIATI.declaresOutcome}>"


def rederive_in(graph: str, report_graphs: Sequence[str]) -> str:
    """The SPARQL update that makes ``graph`` anew from the declarations and outcomes of
    ``report_graphs``: what ``rederive`` puts in a local store's default graph, for a remote
    store, whose default graph is no union of its report graphs (kg push)."""
    values = " ".join(f"<{g}>" for g in report_graphs)
    return (
        f"DROP SILENT GRAPH <{graph}> ;\n"
        f"INSERT {{ GRAPH <{graph}> {{\n"
        f"{_LINKS}"
        "} }\nWHERE {\n"
        f"  VALUES ?declaring {{ {values} }}\n"
        f"  VALUES ?reporting {{ {values} }}\n"
        f"  GRAPH ?declaring {{\n{_DECLARATION}  }}\n"
        f"  GRAPH ?reporting {{ ?outcome <{DCTERMS.identifier}> ?id ; a <{KG.Outcome}> }}\n"
        f"  FILTER NOT EXISTS {{ VALUES ?g {{ {values} }}\n"
        f"    GRAPH ?g {{ ?outcome a <{KGIATI.Activity}> }} }}\n"
        f"{_LINK_IRI}"
        "}"
    )


def rederive() -> str:
    """The SPARQL update that replaces the default graph's kg:declaresOutcome links (and their
    kg:Link nodes) with those its report outcomes and outcome declarations call for now."""
    return (
        f"DELETE {{ ?link ?p ?o }} WHERE {{ ?link <{KG.linkPredicate}> {_DECLARES} ; ?p ?o }} ;\n"
        f"DELETE WHERE {{ ?activity {_DECLARES} ?outcome }} ;\n"
        f"INSERT {{\n{_LINKS}}}\nWHERE {{\n{_DECLARATION}"
        f"  ?outcome <{DCTERMS.identifier}> ?id ; a <{KG.Outcome}> .\n"
        f"  FILTER NOT EXISTS {{ ?outcome a <{KGIATI.Activity}> }}\n"
        f"{_LINK_IRI}"
        "}"
    )


# The parts of both updates: the links written, the declarations read, the link's IRI.
_LINKS = (
    f"  ?activity {_DECLARES} ?outcome .\n"
    f"  ?link <{RDF.type}> {_LINK_TYPES} ;\n"
    f"    <{KG.linkSubject}> ?activity ; <{KG.linkPredicate}> {_DECLARES} ;\n"
    f"    <{KG.linkObject}> ?outcome ; <{KG.evidence}> ?evidence ;\n"
    f"    <{PROV.wasDerivedFrom}> ?evidence , ?declaration ;\n"
    f"    <{KG.evidenceCount}> ?count ; <{PROV.hadPrimarySource}> ?source .\n"
)
_DECLARATION = (
    f"  ?declaration a <{KGIATI.OutcomeDeclaration}> ;\n"
    f"    <{KGIATI.declaringActivity}> ?activity ; <{KGIATI.outcomeIdentifier}> ?id ;\n"
    f"    <{KG.evidence}> ?evidence ; <{KG.evidenceCount}> ?count ;\n"
    f"    <{PROV.hadPrimarySource}> ?source .\n"
)
_LINK_IRI = '  BIND(IRI(CONCAT(STR(?declaration), "/", SHA1(STR(?outcome)))) AS ?link)\n'
