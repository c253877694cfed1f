"""The nodes and edges that the GraphML, GEXF and CSV exports write, with what Gephi, Cytoscape
and Kumu users look for in them.

Every node has an id that is an XML NMTOKEN (GraphML requires one; an IRI is not: see
``node_id``), a readable label (an outcome's is its short identifier and the start of its
statement, not its code alone), its type and kind, its IRI, names and outside identifiers, and a
position from kg's own layout (the one the HTML views draw). Every edge has its relation in words
and as kg's property, a weight (the number of sentences supporting it) and those sentences. Text
has no control characters (they become spaces, as in reports kg reads), so XML 1.0 can hold it.
Everything is sorted, so the same graph gives the same tables.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib.namespace import DCTERMS, PROV

from kg.errors import InputError
from kg.graph.vocab import ID, KG, OA

OUTCOME_STATEMENT = 60  # characters of an outcome's statement its label shows
_KG_KEY = re.compile(r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*")


@dataclass(frozen=True)
class NetNode:
    """One node: ``id`` an NMTOKEN, ``x`` and ``y`` pixel positions, the rest text."""

    id: str
    iri: str
    label: str
    type: str
    kind: str = ""
    description: str = ""
    identifier: str = ""
    aliases: tuple[str, ...] = ()
    wikidata: tuple[str, ...] = ()
    geonames: tuple[str, ...] = ()
    notations: tuple[str, ...] = ()
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class NetEdge:
    """One derived link between two node ids: ``relation`` in words ("has partner"),
    ``predicate`` kg's property (``hasPartner``), ``weight`` its evidence count."""

    source: str
    target: str
    relation: str
    predicate: str
    weight: int
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Network:
    """A graph's nodes (by id) and edges (by source, predicate, target), and a title for it."""

    title: str
    nodes: tuple[NetNode, ...]
    edges: tuple[NetEdge, ...]


def network(source: Any) -> Network:
    """The network of ``source`` (an rdflib Graph or a pyoxigraph Store or Dataset); InputError
    when it has no outcomes, partners, programmes or places."""
    from kg.analysis.network import TripleReader, read_links
    from kg.publish.layout import force_layout
    from kg.readers.text import drop_controls as clean

    links = read_links(source)
    if not links.nodes:
        raise InputError("the graph has no outcomes, partners, programmes or places to export")
    triples = TripleReader(source)
    statements = dict(triples.pairs(str(KG.statement)))
    kinds = dict(triples.pairs(str(KG.kind)))
    identifiers = dict(triples.pairs(str(DCTERMS.identifier)))
    sentences = _sentences(triples)
    ids = {node.id: node_id(node.id) for node in links.nodes}
    index = {iri: i for i, iri in enumerate(ids)}
    positions = force_layout(
        len(ids), [(index[e.source], index[e.target]) for e in links.edges if e.source != e.target]
    )
    nodes = []
    for node, (x, y) in zip(links.nodes, positions, strict=True):
        statement = clean(statements.get(node.id, ""))
        identifier = clean(identifiers.get(node.id, "")) if node.type == "outcome" else ""
        label = clean(node.label)
        if node.type == "outcome":
            label = outcome_label(identifier or label, statement)
        codes = {*node.wikidata, *node.geonames}
        nodes.append(
            NetNode(
                id=ids[node.id],
                iri=node.id,
                label=label,
                type=node.type,
                kind=clean(kinds.get(node.id, "")),
                description=statement,
                identifier=identifier,
                aliases=tuple(clean(a) for a in node.aliases),
                wikidata=node.wikidata,
                geonames=node.geonames,
                notations=tuple(clean(n) for n in node.notations if n not in codes),
                x=float(x),
                y=float(y),
            )
        )
    edges = tuple(
        NetEdge(
            ids[e.source],
            ids[e.target],
            _words(e.predicate),
            e.predicate,
            e.evidence,
            tuple(clean(s) for s in sentences.get((e.source, e.predicate, e.target), ())),
        )
        for e in links.edges
    )
    return Network(_title(triples), tuple(sorted(nodes, key=lambda n: n.id)), edges)


def node_id(iri: str) -> str:
    """An XML NMTOKEN naming the node ``iri``, the same in every export: kg's own IRIs give
    their key with ``:`` for ``/`` (``partner:inmujeres``, ``outcome:XM-DAC-41146-MEX_D_1.1``);
    any other IRI gives ``iri:`` and 16 hex digits of its SHA-1."""
    base = str(ID)
    if iri.startswith(base) and _KG_KEY.fullmatch(iri[len(base) :]):
        return iri[len(base) :].replace("/", ":")
    return "iri:" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:16]


def outcome_label(identifier: str, statement: str) -> str:
    """A readable outcome label: its identifier without the organisation prefix and the start of
    its statement (``MEX_D_1.1: By 2025, the Mexican State plans with…``)."""
    from kg.publish.viewgraph import short_identifier

    short = short_identifier(identifier)
    if not statement:
        return short
    cut = statement
    if len(cut) > OUTCOME_STATEMENT:
        cut = cut[: OUTCOME_STATEMENT - 1].rstrip() + "…"
    return f"{short}: {cut}"


def _words(predicate: str) -> str:
    """``hasPartner`` -> ``has partner``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", predicate).lower()


def _sentences(triples: Any) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """The texts of each derived link's evidence sentences, in report and text order."""
    namespace = str(KG._NS)
    subjects = dict(triples.pairs(str(KG.linkSubject)))
    predicates = dict(triples.pairs(str(KG.linkPredicate)))
    objects = dict(triples.pairs(str(KG.linkObject)))
    exact = dict(triples.pairs(str(OA.exact)))
    starts = dict(triples.pairs(str(OA.start)))
    reports = dict(triples.pairs(str(PROV.hadPrimarySource)))
    found: dict[tuple[str, str, str], set[tuple[str, int, str]]] = defaultdict(set)
    for link, evidence in triples.pairs(str(KG.evidence)):
        if link in subjects and link in predicates and link in objects and evidence in exact:
            key = (subjects[link], predicates[link].removeprefix(namespace), objects[link])
            start = starts.get(evidence, "0")
            found[key].add((reports.get(evidence, ""), int(start), exact[evidence]))
    ordered = {}
    for key, items in found.items():
        texts: list[str] = []
        for _, _, text in sorted(items):
            if text not in texts:
                texts.append(text)
        ordered[key] = tuple(texts)
    return ordered


def _title(triples: Any) -> str:
    """What the graph holds, in a few words: the report's title, or how many reports."""
    titles = sorted({title for _, title in triples.pairs(str(DCTERMS.title))})
    if len(titles) == 1:
        return f"kg: {titles[0]}"
    return f"kg: {len(titles)} reports" if titles else "kg: knowledge graph"
