"""The store's default graph: the union of its report graphs, each triple held once.

Oxigraph's union default graph (and a dataset of several ``FROM`` graphs) returns a triple once
per graph that holds it, so a partner named in two reports (and in the entities graph) counted
two or three times. kg keeps the union itself instead, in the store's real default graph: every
triple of every report graph, as a set. A query without ``FROM`` reads it, so counts are what
researchers expect; ``FROM <report graph>`` or ``GRAPH ?g`` still reads one report's graph.
The entities graph (``kg.store.entities``) holds no triple that is not in a report graph, so it
adds nothing here; the links of IATI activities to report outcomes (``kg.store.declared``) are
derived into the default graph beside the union.

The SPARQL updates here keep the default graph in step; the store runs them in the same update
request that loads or drops a report (one transaction). What they cost was measured with
``benchmarks/bench_union.py``.
"""

from __future__ import annotations

from kg.graph.vocab import ENTITIES_GRAPH

_ENTITIES = f"<{ENTITIES_GRAPH}>"


def retract(graph: str) -> str:
    """The SPARQL update that drops from the default graph what only ``graph`` holds (run it
    before ``graph`` is replaced or dropped: another report graph's copy keeps a triple)."""
    return (
        "DELETE { ?s ?p ?o }\n"
        f"WHERE {{\n  GRAPH <{graph}> {{ ?s ?p ?o }}\n"
        "  FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o }\n"
        f"    FILTER(!sameTerm(?other, {_ENTITIES}) && !sameTerm(?other, <{graph}>)) }}\n}}"
    )


def collect(graph: str) -> str:
    """The SPARQL update that adds ``graph``'s triples to the default graph."""
    return f"INSERT {{ ?s ?p ?o }}\nWHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def rebuild(graphs: list[str]) -> str:
    """The SPARQL update that makes the default graph anew from the report ``graphs``."""
    return " ;\n".join(["DROP SILENT DEFAULT", *(collect(graph) for graph in graphs)])
