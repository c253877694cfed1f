"""Moving RDF terms between pyoxigraph (fast building, storage, serialization) and rdflib (the
RDF API that pySHACL, the views and the network analysis use)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import InputError
from kg.graph.vocab import bind_prefixes

_XSD_STRING = str(XSD.string)

# A triple as kg builds it: (subject, predicate, object) pyoxigraph terms, cheap to make and hash.
TermTriple = tuple[pyoxigraph.NamedNode, pyoxigraph.NamedNode, Any]


def to_graph(triples: Iterable[TermTriple]) -> Graph:
    """An rdflib Graph (kg's prefixes bound) holding ``triples``."""
    graph = bind_prefixes(Graph())
    nodes: dict[str, URIRef] = {}

    def rdflib_node(term: Any) -> Any:
        if isinstance(term, pyoxigraph.NamedNode):
            node = nodes.get(term.value)
            if node is None:
                node = nodes[term.value] = URIRef(term.value)
            return node
        return to_rdflib(term)

    graph.addN((rdflib_node(s), rdflib_node(p), rdflib_node(o), graph) for s, p, o in triples)
    return graph


def to_rdflib(term: Any) -> Any:
    """One pyoxigraph term as the equal rdflib term."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise InputError(f"cannot use the RDF term {term!r}")


def to_oxigraph(term: Any) -> Any:
    """One rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise InputError(f"cannot use the RDF term {term!r}")


def to_triples(graph: Graph) -> frozenset[TermTriple]:
    """The triples of an rdflib Graph as pyoxigraph terms."""
    return frozenset((to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)
