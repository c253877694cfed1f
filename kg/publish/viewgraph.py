"""RDF graph -> the nodes and edges a network view draws: whole graph, a focus, or partner overlap.

Views read only what kg's builder writes (typed entities, the derived direct links and their
``kg:Link`` evidence), through triple patterns, so any rdflib Graph works, whatever its store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.graph.vocab import GEONAMES, KG, OA, ORG, ROLES, WIKIDATA

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


def whole_view(graph: Graph) -> View:
    """Every outcome, programme, partner and place of ``graph``, joined by the derived links; a
    programme's link to a partner names the partner's roles in it."""
    nodes = _nodes(graph)
    evidence = _link_evidence(graph)
    roles = _roles(graph)
    edges = []
    for prop, relation in RELATIONS.items():
        for subject, obj in graph.subject_objects(prop):
            s, o = str(subject), str(obj)
            if s in nodes and o in nodes:
                sentences = evidence.get((s, str(prop), o), ())
                named = roles.get((o, s), ()) if prop == KG.hasPartner else ()
                label = f"{relation} ({', '.join(named)})" if named else relation
                edges.append(ViewEdge(s, o, label, tuple(sentences)))
    nodes = _with_programmes(nodes, edges)
    nodes = {
        iri: replace(node, roles=_role_lines(iri, nodes, roles)) if node.type == "partner" else node
        for iri, node in nodes.items()
    }
    labels = {n.iri: n.label for n in nodes.values() if n.type == "programme"}
    return _sorted(View(_title(graph), tuple(nodes.values()), tuple(edges), labels))


def _title(graph: Graph) -> str:
    """The whole view's title: with the report's title when the graph holds one report."""
    reports = sorted(
        str(graph.value(r, DCTERMS.title) or graph.value(r, RDFS.label) or "")
        for r in set(graph.subjects(RDF.type, KG.Report))
    )
    if len(reports) == 1 and reports[0]:
        return f"Knowledge graph: {reports[0]}"
    return f"Knowledge graph: {len(reports)} reports" if len(reports) > 1 else "Knowledge graph"


def focus_view(graph: Graph, type_: str, name: str, depth: int = 1) -> View:
    """The ``type_`` entity named ``name`` and everything within ``depth`` links of it."""
    if depth < 1:
        raise InputError(f"--depth must be 1 or more, not {depth}")
    whole = whole_view(graph)
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
    return _sorted(
        View(
            title,
            tuple(n for n in whole.nodes if n.iri in keep),
            tuple(e for e in whole.edges if e.source in keep and e.target in keep),
            whole.programme_labels,
            notes,
        )
    )


WIDE_SHARE = 0.5
"""A focus view holding more than this share of the graph's nodes says so."""


def overlap_view(graph: Graph) -> View:
    """Partners joined as kg overlap joins them: they act together, take part in the same
    programmes or work in the same places (shared outcomes do not join them). An edge's weight is
    the overall count, its "shared" list says what, and its sentences are those behind it."""
    whole = whole_view(graph)
    by_iri = {n.iri: n for n in whole.nodes}
    evidence = {(e.source, e.relation.split(" (")[0], e.target): e.evidence for e in whole.edges}
    home = {str(place) for place in graph.objects(None, KG.country)}
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
    linked = {iri for pair in shared for iri in pair}
    nodes = tuple(by_iri[iri] for iri in linked)
    return _sorted(View("Partner overlap", nodes, edges, whole.programme_labels))


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


def _nodes(graph: Graph) -> dict[str, ViewNode]:
    mentions = _mention_evidence(graph)
    nodes = {}
    for type_, cls in TYPE_CLASSES.items():
        for subject in graph.subjects(RDF.type, cls):
            if not isinstance(subject, URIRef) or str(subject) in nodes:
                continue
            nodes[str(subject)] = _node(graph, subject, type_, mentions.get(str(subject), ()))
    return nodes


def _node(graph: Graph, subject: URIRef, type_: str, evidence: Iterable[str]) -> ViewNode:
    identifier = graph.value(subject, DCTERMS.identifier)
    label = graph.value(subject, SKOS.prefLabel) or identifier or subject.rsplit("/", 1)[-1]
    return ViewNode(
        iri=str(subject),
        label=str(label),
        type=type_,
        kind=str(graph.value(subject, KG.kind) or ""),
        aliases=tuple(sorted({str(a) for a in graph.objects(subject, SKOS.altLabel)})),
        identifiers=_identifiers(graph, subject, identifier),
        statement=str(graph.value(subject, KG.statement) or ""),
        evidence=tuple(evidence),
    )


def _identifiers(graph: Graph, subject: URIRef, identifier: object) -> tuple[tuple[str, str], ...]:
    found = set()
    if identifier is not None:
        found.add(("Identifier", str(identifier)))
    for same in graph.objects(subject, OWL.sameAs):
        iri = str(same)
        if iri.startswith(str(WIKIDATA)):
            found.add(("Wikidata", iri.removeprefix(str(WIKIDATA))))
        elif iri.startswith(GEONAMES):
            found.add(("GeoNames", iri.removeprefix(GEONAMES).strip("/")))
        else:
            found.add(("Same as", iri))
    values = {v for _, v in found}
    for notation in graph.objects(subject, SKOS.notation):
        if str(notation) not in values:
            found.add(("Code", str(notation)))
    return tuple(sorted(found))


def _sentence(graph: Graph, evidence: object) -> tuple[str, int, str] | None:
    text = graph.value(evidence, OA.exact)
    if text is None:
        return None
    start = graph.value(evidence, OA.start)
    source = graph.value(evidence, PROV.hadPrimarySource)
    return (str(source or ""), int(start) if start is not None else 0, str(text))


def _ordered(sentences: Iterable[tuple[str, int, str] | None]) -> list[str]:
    texts: list[str] = []
    for item in sorted(s for s in sentences if s is not None):
        if item[2] not in texts:
            texts.append(item[2])
    return texts


def _mention_evidence(graph: Graph) -> dict[str, list[str]]:
    found: dict[str, list] = defaultdict(list)
    for evidence, entity in graph.subject_objects(KG.mentions):
        found[str(entity)].append(_sentence(graph, evidence))
    return {entity: _ordered(items) for entity, items in found.items()}


def _link_evidence(graph: Graph) -> dict[tuple[str, str, str], list[str]]:
    found: dict[tuple[str, str, str], list] = defaultdict(list)
    for link in graph.subjects(RDF.type, KG.Link):
        key = (
            str(graph.value(link, KG.linkSubject)),
            str(graph.value(link, KG.linkPredicate)),
            str(graph.value(link, KG.linkObject)),
        )
        found[key].extend(_sentence(graph, e) for e in graph.objects(link, KG.evidence))
    return {key: _ordered(items) for key, items in found.items()}


def _roles(graph: Graph) -> dict[tuple[str, str], tuple[str, ...]]:
    """(organisation, programme) -> the roles the organisation takes part in it in, by its
    kg:Participation nodes, strongest first (cited roles left out: a cited body takes no part)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for participation in graph.subjects(RDF.type, KG.Participation):
        role = str(graph.value(participation, ORG.role))
        if role == str(KG.CitedRole) or role not in ROLE_LABELS:
            continue
        member = str(graph.value(participation, ORG.member))
        activity = str(graph.value(participation, KG.activity))
        found[(member, activity)].add(role)
    order = list(ROLE_LABELS)
    return {
        key: tuple(ROLE_LABELS[r] for r in sorted(roles, key=order.index))
        for key, roles in found.items()
    }


def _role_lines(
    iri: str, nodes: dict[str, ViewNode], roles: dict[tuple[str, str], tuple[str, ...]]
) -> tuple[str, ...]:
    """ "Global Alliance for Care: convener" for each programme the partner takes part in."""
    return tuple(
        sorted(
            f"{nodes[programme].label}: {', '.join(named)}"
            for (member, programme), named in roles.items()
            if member == iri and programme in nodes and nodes[programme].type == "programme"
        )
    )


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
