"""RDF graph -> the nodes and edges a network view draws: whole graph, a focus, or partner overlap.

Views read only what kg's builder writes (typed entities, the derived direct links, the
participations, and the mentions' and ``kg:Link``s' evidence), through triple patterns, from an
rdflib Graph or a kg store (``ViewSource``). The entities and links come first, from the store's
entities graph (each triple once); the sentences afterwards, by index lookups, for the nodes and
links the view keeps only: a store of 1,000 reports is never read whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.analysis.network import DEFAULT_GRAPH, TripleReader, grouped_pairs
from kg.errors import InputError
from kg.graph.vocab import ENTITIES_GRAPH, GEONAMES, KG, OA, ORG, ROLES, WIKIDATA

TYPES = ("programme", "partner", "place", "outcome")
TYPE_CLASSES = {
    "programme": KG.Programme,
    "partner": KG.Partner,
    "place": KG.Place,
    "outcome": KG.Outcome,
}
RELATIONS = {
    KG.involvesProgramme: "involves programme",
    KG.involvesPartner: "involves partner",
    KG.concernsPlace: "concerns place",
    KG.hasPartner: "has partner",
    KG.collaboratesWith: "collaborates with",
    KG.operatesIn: "operates in",
    KG.activeIn: "active in",
}
_PROPERTIES = {words: str(prop) for prop, words in RELATIONS.items()}


@dataclass(frozen=True)
class ViewSource:
    """Where a view reads: ``entities`` the entities' types, names and codes and the direct
    links between them (a kg store's entities graph, which holds each once), ``everything``
    the rest: reports, participations and the evidence sentences (every graph)."""

    entities: TripleReader
    everything: TripleReader

    @classmethod
    def of(cls, source: Graph | ViewSource) -> ViewSource:
        """``source`` itself, or an rdflib Graph read for both parts."""
        if isinstance(source, ViewSource):
            return source
        reader = TripleReader(source)
        return cls(reader, reader)

    @classmethod
    def of_store(cls, oxigraph: Any, union: bool) -> ViewSource:
        """The reports of a kg store (its pyoxigraph Store), entities from its entities graph,
        the rest from its default graph if it holds the ``union`` of the report graphs (each
        triple once, not once a report and once more), else from every graph."""
        everything = TripleReader(oxigraph, DEFAULT_GRAPH if union else None)
        return cls(TripleReader(oxigraph, str(ENTITIES_GRAPH)), everything)


@dataclass(frozen=True)
class ViewNode:
    """One thing drawn: its IRI, name, type and what its tooltip says."""

    iri: str
    label: str
    type: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    statement: str = ""
    evidence: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


# How a role reads on a card ("convener", "member or signatory").
ROLE_LABELS = {
    str(iri): name.replace("member", "member or signatory").replace(
        "beneficiary", "beneficiary institution"
    )
    for name, iri in ROLES.items()
}


@dataclass(frozen=True)
class ViewEdge:
    """One link drawn between two node IRIs, with the sentences (or shared things) behind it."""

    source: str
    target: str
    relation: str
    evidence: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    weight: int = 1


@dataclass(frozen=True)
class View:
    """What one HTML view shows: a title, its nodes and edges, sorted for byte-identical output."""

    title: str
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    programme_labels: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """What the reader should know about what the view leaves in or out (also warned)."""


def whole_view(graph: Graph | ViewSource) -> View:
    """Every outcome, programme, partner and place of ``graph``, joined by the derived links; a
    programme's link to a partner names the partner's roles in it."""
    source = ViewSource.of(graph)
    return _with_evidence(source, _skeleton(source))


def _skeleton(source: ViewSource) -> View:
    """The whole view without its sentences (``_with_evidence`` adds those of what is kept)."""
    nodes = _nodes(source.entities)
    roles = _roles(source.everything)
    edges = []
    for prop, relation in RELATIONS.items():
        for s, o in source.entities.pairs(str(prop)):
            if s in nodes and o in nodes:
                named = roles.get((o, s), ()) if prop == KG.hasPartner else ()
                label = f"{relation} ({', '.join(named)})" if named else relation
                edges.append(ViewEdge(s, o, label))
    nodes = _with_programmes(nodes, edges)
    lines = _role_lines(nodes, roles)
    nodes = {
        iri: replace(node, roles=lines.get(iri, ())) if node.type == "partner" else node
        for iri, node in nodes.items()
    }
    labels = {n.iri: n.label for n in nodes.values() if n.type == "programme"}
    return _sorted(View(_title(source.everything), tuple(nodes.values()), tuple(edges), labels))


def _with_evidence(source: ViewSource, view: View) -> View:
    """``view`` with the sentences behind its nodes (their mentions) and its links, looked up
    for these alone."""
    evidence = _Evidence(source.everything)
    nodes = tuple(replace(n, evidence=evidence.mentions(n.iri)) for n in view.nodes)
    found: dict[tuple[str, str, str], tuple[str, ...]] = {}
    targets: dict[str, set[str]] = defaultdict(set)
    for edge in view.edges:
        targets[edge.source].add(edge.target)
    for subject, objects in sorted(targets.items()):
        found.update(evidence.links(subject, objects))
    edges = tuple(
        replace(e, evidence=found.get((e.source, _property(e), e.target), ())) for e in view.edges
    )
    return replace(view, nodes=nodes, edges=edges)


def _property(edge: ViewEdge) -> str:
    """The IRI of the direct link ``edge`` draws ("has partner (convener)": kg:hasPartner)."""
    return _PROPERTIES[edge.relation.split(" (")[0]]


def _title(reader: TripleReader) -> str:
    """The whole view's title: with the report's title when the graph holds one report."""
    reports = sorted(
        _first(described, DCTERMS.title) or _first(described, RDFS.label) or ""
        for described in map(reader.description, reader.subjects(str(RDF.type), str(KG.Report)))
    )
    if len(reports) == 1 and reports[0]:
        return f"Knowledge graph: {reports[0]}"
    return f"Knowledge graph: {len(reports)} reports" if len(reports) > 1 else "Knowledge graph"


def focus_view(graph: Graph | ViewSource, type_: str, name: str, depth: int = 1) -> View:
    """The ``type_`` entity named ``name`` and everything within ``depth`` links of it."""
    if depth < 1:
        raise InputError(f"--depth must be 1 or more, not {depth}")
    source = ViewSource.of(graph)
    whole = _skeleton(source)
    centre = find_node(whole, type_, name)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in whole.edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    keep, frontier = {centre.iri}, {centre.iri}
    for _ in range(depth):
        frontier = {n for f in frontier for n in neighbours[f]} - keep
        keep |= frontier
    title = f"{type_.capitalize()}: {centre.label}"
    notes: tuple[str, ...] = ()
    if depth > 1:
        title += f" (within {depth} links)"
        if len(keep) > WIDE_SHARE * len(whole.nodes):
            notes = (
                f"within {depth} links of {centre.label} lie {len(keep)} of the graph's "
                f"{len(whole.nodes)} nodes (most links pass through outcomes and places that "
                "many things share); --depth 1 shows its own links",
            )
    kept = View(
        title,
        tuple(n for n in whole.nodes if n.iri in keep),
        tuple(e for e in whole.edges if e.source in keep and e.target in keep),
        whole.programme_labels,
        notes,
    )
    return _sorted(_with_evidence(source, kept))


WIDE_SHARE = 0.5
"""A focus view holding more than this share of the graph's nodes says so."""


def overlap_view(graph: Graph | ViewSource) -> View:
    """Partners joined as kg overlap joins them: they act together, take part in the same
    programmes or work in the same places (shared outcomes do not join them). An edge's weight is
    the overall count, its "shared" list says what, and its sentences are those behind it."""
    source = ViewSource.of(graph)
    whole = _skeleton(source)
    home = {place for _, place in source.everything.pairs(str(KG.country))}
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    together: set[tuple[str, str]] = set()
    for edge in whole.edges:
        relation = edge.relation.split(" (")[0]
        if relation == "has partner":
            members[("Programme", edge.source)].add(edge.target)
        elif relation == "active in" and edge.target not in home:
            members[("Place", edge.target)].add(edge.source)
        elif relation == "collaborates with":
            together.add(tuple(sorted((edge.source, edge.target))))
    linked = {iri for pair in together for iri in pair}
    linked |= {iri for partners in members.values() if len(partners) > 1 for iri in partners}
    filled = _with_evidence(source, _among(whole, linked))
    by_iri = {n.iri: n for n in whole.nodes} | {n.iri: n for n in filled.nodes}
    evidence = {(e.source, e.relation.split(" (")[0], e.target): e.evidence for e in filled.edges}
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    sentences: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, b in sorted(together):
        shared[(a, b)].append("Acts together")
        sentences[(a, b)].extend(evidence.get((a, "collaborates with", b), ()))
    for (kind, hub), partners in sorted(members.items()):
        relation = "has partner" if kind == "Programme" else "active in"
        for a, b in combinations(sorted(partners), 2):
            shared[(a, b)].append(f"{kind}: {by_iri[hub].label}")
            for partner in (a, b):
                key = (hub, relation, partner) if kind == "Programme" else (partner, relation, hub)
                sentences[(a, b)].extend(evidence.get(key, ()))
    edges = tuple(
        ViewEdge(
            a,
            b,
            "overlaps",
            evidence=tuple(dict.fromkeys(sentences[(a, b)])),
            shared=tuple(names),
            weight=len(names),
        )
        for (a, b), names in shared.items()
    )
    nodes = tuple(by_iri[iri] for iri in linked)
    return _sorted(View("Partner overlap", nodes, edges, whole.programme_labels))


def _among(whole: View, partners: set[str]) -> View:
    """The ``partners`` of ``whole`` with the links that overlap counts (programme, place and
    collaboration) that touch them: what the overlap view needs the sentences of."""
    counted = ("has partner", "active in", "collaborates with")
    return replace(
        whole,
        nodes=tuple(n for n in whole.nodes if n.iri in partners),
        edges=tuple(
            e
            for e in whole.edges
            if e.relation.split(" (")[0] in counted
            and (e.source in partners or e.target in partners)
        ),
    )


def find_node(view: View, type_: str, name: str) -> ViewNode:
    """The node of ``type_`` that ``name`` means: its key, name, alias, identifier or acronym,
    accents, case and punctuation aside (kg.store.names.resolve_name, the resolver every command
    uses); InputError for a name that fits several nodes, NotFoundError with close names."""
    from kg.store.names import Named, resolve_name

    candidates = {n.iri: n for n in view.nodes if n.type == type_}
    named = [Named(n.iri, n.type, n.label, tuple(_names(n)[1:])) for n in candidates.values()]
    return candidates[resolve_name(named, name, type_).iri]


def short_identifier(identifier: str) -> str:
    """An IATI result identifier without its organisation prefix (``MEX_D_1.1``)."""
    return identifier.rsplit("-", 1)[-1] or identifier


def _key(node: ViewNode) -> str:
    return node.iri.rstrip("/").rsplit("/", 1)[-1]


def _names(node: ViewNode) -> list[str]:
    names = [node.label, *node.aliases, *(value for _, value in node.identifiers), _key(node)]
    if node.type == "outcome":
        names.append(short_identifier(node.label))
    return names


def _nodes(entities: TripleReader) -> dict[str, ViewNode]:
    """Each typed entity (IRIs only) as a node without sentences, its first type winning."""
    single = (DCTERMS.identifier, SKOS.prefLabel, KG.kind, KG.statement)
    # The least value where reports differ (one calls a programme an initiative, another an
    # alliance), as _value picks: the same whatever order the graphs were loaded in.
    one = {p: dict(reversed(entities.pairs(str(p)))) for p in single}
    many = {
        p: grouped_pairs(entities.pairs(str(p))) for p in (SKOS.altLabel, OWL.sameAs, SKOS.notation)
    }
    nodes: dict[str, ViewNode] = {}
    for type_, cls in TYPE_CLASSES.items():
        for iri in entities.subjects(str(RDF.type), str(cls)):
            if iri in nodes:
                continue
            identifier = one[DCTERMS.identifier].get(iri)
            nodes[iri] = ViewNode(
                iri=iri,
                label=one[SKOS.prefLabel].get(iri) or identifier or iri.rsplit("/", 1)[-1],
                type=type_,
                kind=one[KG.kind].get(iri, ""),
                aliases=many[SKOS.altLabel].get(iri, ()),
                identifiers=_identifiers(
                    identifier, many[OWL.sameAs].get(iri, ()), many[SKOS.notation].get(iri, ())
                ),
                statement=one[KG.statement].get(iri, ""),
            )
    return nodes


def _identifiers(
    identifier: str | None, same_as: Iterable[str], notations: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    found = set()
    if identifier is not None:
        found.add(("Identifier", identifier))
    for iri in same_as:
        if iri.startswith(str(WIKIDATA)):
            found.add(("Wikidata", iri.removeprefix(str(WIKIDATA))))
        elif iri.startswith(GEONAMES):
            found.add(("GeoNames", iri.removeprefix(GEONAMES).strip("/")))
        else:
            found.add(("Same as", iri))
    values = {v for _, v in found}
    for notation in notations:
        if notation not in values:
            found.add(("Code", notation))
    return tuple(sorted(found))


def _first(description: dict[str, list[str]], predicate: object) -> str | None:
    """One value of a ``description``'s ``predicate`` (the least, if it has several), or None."""
    return next(iter(description.get(str(predicate), ())), None)


class _Evidence:
    """The sentences behind mentions and links, read by lookups of the nodes asked about (each
    evidence node read once): (source report, start offset, text), sorted, texts once each."""

    def __init__(self, reader: TripleReader) -> None:
        self.reader = reader
        self.read: dict[str, tuple[str, int, str] | None] = {}

    def mentions(self, entity: str) -> tuple[str, ...]:
        """The sentences that mention ``entity``, in report and text order."""
        return self._ordered(self.reader.subjects(str(KG.mentions), entity))

    def links(self, subject: str, objects: set[str]) -> dict[tuple[str, str, str], tuple[str, ...]]:
        """(subject, property, object) -> the sentences behind each direct link from
        ``subject`` to one of ``objects``, by its ``kg:Link`` nodes, in report and text order.
        A link to another object is not read further (a programme of 1,000 reports has links
        to hundreds of things a focus view leaves out)."""
        found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for link in self.reader.subjects(str(KG.linkSubject), subject):
            if not objects.intersection(self.reader.objects(link, str(KG.linkObject))):
                continue
            described = self.reader.description(link)
            if str(KG.Link) not in described.get(str(RDF.type), ()):
                continue
            predicate, obj = _first(described, KG.linkPredicate), _first(described, KG.linkObject)
            found[(subject, str(predicate), str(obj))] += described.get(str(KG.evidence), ())
        return {key: self._ordered(evidence) for key, evidence in found.items()}

    def _ordered(self, evidence: Iterable[str]) -> tuple[str, ...]:
        texts: list[str] = []
        for item in sorted(s for s in map(self._sentence, evidence) if s is not None):
            if item[2] not in texts:
                texts.append(item[2])
        return tuple(texts)

    def _sentence(self, evidence: str) -> tuple[str, int, str] | None:
        if evidence not in self.read:
            described = self.reader.description(evidence)
            text, start = _first(described, OA.exact), _first(described, OA.start)
            source = _first(described, PROV.hadPrimarySource) or ""
            sentence = (source, int(start) if start is not None else 0, text)
            self.read[evidence] = sentence if text is not None else None
        return self.read[evidence]


def _roles(reader: TripleReader) -> dict[tuple[str, str], tuple[str, ...]]:
    """(organisation, programme) -> the roles the organisation takes part in it in, by its
    kg:Participation nodes, strongest first (cited roles left out: a cited body takes no part)."""
    participations = set(reader.subjects(str(RDF.type), str(KG.Participation)))
    values = {
        p: dict(reversed([pair for pair in reader.pairs(str(p)) if pair[0] in participations]))
        for p in (ORG.role, ORG.member, KG.activity)
    }
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for participation in participations:
        role = str(values[ORG.role].get(participation))
        if role == str(KG.CitedRole) or role not in ROLE_LABELS:
            continue
        member = str(values[ORG.member].get(participation))
        activity = str(values[KG.activity].get(participation))
        found[(member, activity)].add(role)
    order = list(ROLE_LABELS)
    return {
        key: tuple(ROLE_LABELS[r] for r in sorted(roles, key=order.index))
        for key, roles in found.items()
    }


def _role_lines(
    nodes: dict[str, ViewNode], roles: dict[tuple[str, str], tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Organisation -> "Global Alliance for Care: convener" for each programme it takes part in
    (in one pass over the roles: a pass per partner took 11 s on 1,000 reports)."""
    lines: dict[str, list[str]] = defaultdict(list)
    for (member, programme), named in roles.items():
        if programme in nodes and nodes[programme].type == "programme":
            lines[member].append(f"{nodes[programme].label}: {', '.join(named)}")
    return {member: tuple(sorted(found)) for member, found in lines.items()}


def _with_programmes(nodes: dict[str, ViewNode], edges: list[ViewEdge]) -> dict[str, ViewNode]:
    """Tag each node with the programmes it belongs to (what the programme filter shows): the
    programme itself, its partners and places (direct links, which rest on participations), and
    the outcomes that involve it. A partner is not in a programme because an outcome names both."""
    programmes: dict[str, set[str]] = defaultdict(set)
    for iri, node in nodes.items():
        if node.type == "programme":
            programmes[iri].add(iri)
    for edge in edges:
        for a, b in ((edge.source, edge.target), (edge.target, edge.source)):
            if nodes[b].type == "programme":
                programmes[a].add(b)
    return {
        iri: replace(node, programmes=tuple(sorted(programmes[iri]))) for iri, node in nodes.items()
    }


def _sorted(view: View) -> View:
    order = {t: i for i, t in enumerate(TYPES)}
    nodes = sorted(view.nodes, key=lambda n: (order[n.type], n.label.casefold(), n.iri))
    edges = sorted(view.edges, key=lambda e: (e.source, e.target, e.relation))
    used = {p for n in nodes for p in n.programmes}
    labels = {p: label for p, label in sorted(view.programme_labels.items()) if p in used}
    return View(view.title, tuple(nodes), tuple(edges), labels, view.notes)
