"""RDF -> plain node and edge tables -> networkx graphs; partner overlap, centrality, communities.

Everything here reads only the derived direct links (``programme kg:hasPartner partner``,
``outcome kg:involvesPartner partner``, ``partner kg:activeIn place``, ...) and their ``kg:Link``
evidence counts, never the per-sentence evidence nodes, so it stays fast on big graphs. Overlap
counts are sparse matrix products, not networkx's bipartite projection (63 s at 2,000 partners).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rdflib.namespace import OWL, RDF, SKOS

from kg.errors import InputError
from kg.graph.vocab import GEONAMES, KG, WIKIDATA

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np

NODE_TYPES = {
    str(KG.Outcome): "outcome",
    str(KG.Partner): "partner",
    str(KG.Programme): "programme",
    str(KG.Place): "place",
}

# Each derived link predicate, with the types of its subject and object.
LINKS = {
    "involvesProgramme": ("outcome", "programme"),
    "involvesPartner": ("outcome", "partner"),
    "concernsPlace": ("outcome", "place"),
    "hasPartner": ("programme", "partner"),
    "collaboratesWith": ("partner", "partner"),
    "operatesIn": ("programme", "place"),
    "activeIn": ("partner", "place"),
}

# Overlap dimensions: the link predicate and whether the partner is its subject. Two partners
# overlap when they take part in the same programmes, act together (kg:collaboratesWith) or work in
# the same places: RANKED dimensions plus "collaboration" make the overall count that ranks pairs.
# Sharing an outcome is a weaker signal (two partners named in one outcome's narrative need not
# work together): it is counted and named, but kept out of the ranking.
DIMENSIONS = {
    "programmes": ("hasPartner", False),
    "places": ("activeIn", True),
    "outcomes": ("involvesPartner", False),
}
RANKED = ("programmes", "places")
COLLABORATION = "collaboration"

# The partner network for centrality and communities joins partners who take part in one
# programme or act together; places are left out because one country shared by every partner
# makes it complete, and outcomes because sharing one is not working together.
NETWORK_DIMENSIONS = ("programmes",)

EXACT_BETWEENNESS_WORK = 5_000_000  # node x edge visits beyond which betweenness is sampled
MIN_SAMPLE = 32


@dataclass(frozen=True)
class Node:
    """An outcome, partner, programme or place, with its names and outside identifiers."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: tuple[str, ...] = ()
    geonames: tuple[str, ...] = ()
    notations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edge:
    """A derived direct link, with the number of sentences that support it."""

    source: str
    predicate: str
    target: str
    evidence: int


@dataclass(frozen=True)
class LinkGraph:
    """The nodes and derived links of a graph, sorted by id: the input of analysis and exports."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    # The places reports are about (each report's kg:country): every partner of a country's
    # report works there, so sharing one says nothing and overlap leaves them out.
    home: frozenset[str] = frozenset()

    def of_type(self, kind: str) -> list[Node]:
        """The nodes of one type, in id order."""
        return [node for node in self.nodes if node.type == kind]


def read_links(source: Any, *, graph: str | None = None, counts: bool = True) -> LinkGraph:
    """Read the nodes and derived links of ``source`` (an rdflib Graph or a pyoxigraph Store or
    Dataset) into a LinkGraph. ``graph`` names the one graph of a pyoxigraph Store to read the
    nodes and links from (a kg store's entities graph holds each once, so a big store is not
    read whole); the reports' countries and the links' evidence counts still come from every
    graph. ``counts=False`` leaves every evidence count at 0: they are read from each report's
    link nodes, the slow part on a big store, and overlap does not use them."""
    triples = TripleReader(source, graph)
    everywhere = TripleReader(source)
    types: dict[str, str] = {}
    for subject, cls in triples.pairs(str(RDF.type)):
        if cls in NODE_TYPES:
            types.setdefault(subject, NODE_TYPES[cls])
    evidence = _evidence_counts(everywhere) if counts else {}
    edges = []
    for name, (subject_type, object_type) in LINKS.items():
        for subject, obj in triples.pairs(str(KG[name])):
            types.setdefault(subject, subject_type)
            types.setdefault(obj, object_type)
            edges.append(Edge(subject, name, obj, evidence.get((subject, name, obj), 0)))
    labels = dict(triples.pairs(str(SKOS.prefLabel)))
    aliases = grouped_pairs(triples.pairs(str(SKOS.altLabel)))
    notations = grouped_pairs(triples.pairs(str(SKOS.notation)))
    same = grouped_pairs(triples.pairs(str(OWL.sameAs)))
    nodes = [
        Node(
            id=iri,
            type=kind,
            label=labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1],
            aliases=aliases.get(iri, ()),
            wikidata=tuple(
                s.removeprefix(str(WIKIDATA))
                for s in same.get(iri, ())
                if s.startswith(str(WIKIDATA))
            ),
            geonames=tuple(
                s.removeprefix(GEONAMES).rstrip("/")
                for s in same.get(iri, ())
                if s.startswith(GEONAMES)
            ),
            notations=notations.get(iri, ()),
        )
        for iri, kind in types.items()
    ]
    return LinkGraph(
        tuple(sorted(nodes, key=lambda n: n.id)),
        tuple(sorted(edges, key=lambda e: (e.source, e.predicate, e.target))),
        frozenset(place for _, place in everywhere.pairs(str(KG.country))),
    )


DEFAULT_GRAPH = ""
"""``TripleReader``'s name for a Store's default graph (a kg store keeps there the union of its
report graphs, each triple once: kg.store.union)."""


class TripleReader:
    """Subject/object pairs of one predicate, as strings, from an rdflib Graph or a pyoxigraph
    Store or Dataset (each pair once, whatever graphs hold it; from ``graph`` alone, if given,
    of a Store: an IRI, or ``DEFAULT_GRAPH`` for its default graph)."""

    def __init__(self, source: Any, graph: str | None = None) -> None:
        self.source = source
        self.graph = graph

    def _graph(self) -> Any:
        """The pyoxigraph graph term ``graph`` names, or None (every graph)."""
        import pyoxigraph

        if self.graph == DEFAULT_GRAPH:
            return pyoxigraph.DefaultGraph()
        return pyoxigraph.NamedNode(self.graph) if self.graph is not None else None

    def pairs(self, predicate: str) -> list[tuple[str, str]]:
        """The (subject, object) pairs of ``predicate`` (an IRI), sorted."""
        return sorted(set(self._pairs(predicate)))

    def _pairs(self, predicate: str) -> Iterator[tuple[str, str]]:
        import pyoxigraph

        if isinstance(self.source, pyoxigraph.Store):
            wanted = pyoxigraph.NamedNode(predicate)
            quads = self.source.quads_for_pattern(None, wanted, None, self._graph())
        elif isinstance(self.source, pyoxigraph.Dataset):
            quads = self.source.quads_for_predicate(pyoxigraph.NamedNode(predicate))
        else:
            from rdflib import URIRef

            for subject, obj in self.source.subject_objects(URIRef(predicate)):
                yield str(subject), str(obj)
            return
        for quad in quads:
            yield quad.subject.value, quad.object.value

    def subjects(self, predicate: str, obj: str) -> list[str]:
        """The IRIs that have ``predicate`` ``obj`` (both IRIs), sorted: an index lookup, so a
        view reads the few things it shows from a big store, not every triple of a kind."""
        return sorted({s for s, _, _ in self._matching(None, predicate, obj) if s is not None})

    def objects(self, subject: str, predicate: str) -> list[str]:
        """The values (IRIs or literals' lexical forms) of ``subject``'s ``predicate``, sorted."""
        return sorted({o for _, _, o in self._matching(subject, predicate, None)})

    def description(self, subject: str) -> dict[str, list[str]]:
        """What the IRI ``subject`` has: each predicate's values (IRIs or literals' lexical
        forms), sorted; one index lookup, whatever the number of predicates."""
        found: dict[str, set[str]] = defaultdict(set)
        for _, predicate, obj in self._matching(subject, None, None):
            found[predicate].add(obj)
        return {predicate: sorted(values) for predicate, values in found.items()}

    def _matching(
        self, subject: str | None, predicate: str | None, obj: str | None
    ) -> Iterator[tuple[str | None, str, str]]:
        """(subject, predicate, object) of the triples that match the IRIs given (None: any);
        a subject that is not an IRI is None."""
        import pyoxigraph

        if isinstance(self.source, (pyoxigraph.Store, pyoxigraph.Dataset)):
            node = pyoxigraph.NamedNode
            graph = self._graph()
            pattern = tuple(node(t) if t is not None else None for t in (subject, predicate, obj))
            if isinstance(self.source, pyoxigraph.Store):
                quads = self.source.quads_for_pattern(*pattern, graph)
            else:
                quads = (q for q in _indexed(self.source, *pattern) if _fits(q, (*pattern, graph)))
            for quad in quads:
                named = isinstance(quad.subject, pyoxigraph.NamedNode)
                yield (
                    (quad.subject.value if named else None),
                    quad.predicate.value,
                    quad.object.value,
                )
            return
        from rdflib import URIRef

        terms = tuple(URIRef(t) if t is not None else None for t in (subject, predicate, obj))
        for found_s, found_p, found_o in self.source.triples(terms):
            yield (
                (str(found_s) if isinstance(found_s, URIRef) else None),
                str(found_p),
                str(found_o),
            )


def _indexed(dataset: Any, subject: Any, predicate: Any, obj: Any) -> Any:
    """The quads of a pyoxigraph Dataset that one of the pattern's terms names, by its index."""
    if subject is not None:
        return dataset.quads_for_subject(subject)
    if obj is not None:
        return dataset.quads_for_object(obj)
    return dataset.quads_for_predicate(predicate)


def _fits(quad: Any, pattern: tuple[Any, ...]) -> bool:
    """Whether ``quad`` matches ``pattern`` (subject, predicate, object, graph; None: any)."""
    terms = (quad.subject, quad.predicate, quad.object, quad.graph_name)
    return all(want is None or want == term for want, term in zip(pattern, terms, strict=True))


def _evidence_counts(triples: TripleReader) -> dict[tuple[str, str, str], int]:
    subjects = dict(triples.pairs(str(KG.linkSubject)))
    predicates = dict(triples.pairs(str(KG.linkPredicate)))
    objects = dict(triples.pairs(str(KG.linkObject)))
    namespace = str(KG._NS)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for link, count in triples.pairs(str(KG.evidenceCount)):
        if link in subjects and link in predicates and link in objects:
            name = predicates[link].removeprefix(namespace)
            counts[(subjects[link], name, objects[link])] += int(count)
    return counts


def fold_same(links: LinkGraph, same: dict[str, str]) -> LinkGraph:
    """``links`` with each organisation that ``same`` maps (IRI -> the IRI standing for its
    group: the store's merges graph, kg:sameOrganisationAs) folded into one node: the standing
    IRI's node, with its members' labels, aliases and identifiers as its own, and their links
    (evidence counts summed; a member acting with another of its group is no link). A store
    holds a merged organisation under each IRI its reports minted, so without this "IWLN"
    overlaps with "Indigenous Women's Leadership Network", itself."""
    if not same:
        return links
    groups: dict[str, list[Node]] = defaultdict(list)
    for node in links.nodes:
        groups[same.get(node.id, node.id)].append(node)
    nodes = [_folded_node(iri, members) for iri, members in groups.items()]
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for edge in links.edges:
        source, target = same.get(edge.source, edge.source), same.get(edge.target, edge.target)
        if source != target:
            counts[(source, edge.predicate, target)] += edge.evidence
    return LinkGraph(
        tuple(sorted(nodes, key=lambda n: n.id)),
        tuple(Edge(*key, count) for key, count in sorted(counts.items())),
        links.home,
    )


def _folded_node(iri: str, members: list[Node]) -> Node:
    """One node for ``members`` of one group, standing as ``iri`` (its own label, if a member)."""
    main = next((node for node in members if node.id == iri), members[0])
    names = {name for node in members for name in (node.label, *node.aliases)}

    def joined(field: str) -> tuple[str, ...]:
        return tuple(sorted({value for node in members for value in getattr(node, field)}))

    return replace(
        main,
        id=iri,
        aliases=tuple(sorted(names - {main.label})),
        wikidata=joined("wikidata"),
        geonames=joined("geonames"),
        notations=joined("notations"),
    )


def grouped_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """``(key, value)`` pairs as key -> its values, sorted."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {key: tuple(sorted(values)) for key, values in grouped.items()}


@dataclass(frozen=True)
class Pair:
    """Two partners and what they share, per dimension and overall (counts and Jaccard)."""

    a: Node
    b: Node
    shared: dict[str, int]
    jaccard: dict[str, float]
    items: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class PartnerStats:
    """One partner's place in the partner network."""

    partner: Node
    degree: int
    degree_centrality: float
    betweenness: float
    community: int


@dataclass
class Overlap:
    """The result of an overlap analysis: ranked pairs, partner centrality, communities, notes."""

    pairs: list[Pair]
    total_pairs: int
    partners: list[PartnerStats]
    communities: list[list[Node]]
    notes: list[str] = field(default_factory=list)
    focus: Node | None = None
    top: int | None = None


@dataclass
class _Matrices:
    partners: list[Node]
    items: dict[str, list[Node]]
    incidence: dict[str, Any]  # dimension -> scipy CSR (partners x items), 0/1
    collaboration: Any  # scipy CSR (partners x partners), 1 where they act together


def _matrices(links: LinkGraph) -> _Matrices:
    import numpy as np
    from scipy import sparse

    partners = sorted(links.of_type("partner"), key=_order)
    index = {node.id: i for i, node in enumerate(partners)}
    by_id = {node.id: node for node in links.nodes}
    items: dict[str, list[Node]] = {}
    incidence: dict[str, Any] = {}
    for dimension, (predicate, partner_is_subject) in DIMENSIONS.items():
        pairs = sorted(
            (e.source, e.target) if partner_is_subject else (e.target, e.source)
            for e in links.edges
            if e.predicate == predicate and not (dimension == "places" and e.target in links.home)
        )
        columns = sorted({item for _, item in pairs})
        column = {item: j for j, item in enumerate(columns)}
        rows = np.array([index[p] for p, _ in pairs], dtype=np.int64)
        cols = np.array([column[i] for _, i in pairs], dtype=np.int64)
        matrix = sparse.csr_matrix(
            (np.ones(len(pairs), dtype=np.int64), (rows, cols)), shape=(len(partners), len(columns))
        )
        matrix.data[:] = 1
        items[dimension] = [by_id[c] for c in columns]
        incidence[dimension] = matrix
    together = sorted(
        {
            tuple(sorted((index[e.source], index[e.target])))
            for e in links.edges
            if e.predicate == "collaboratesWith" and e.source in index and e.target in index
        }
    )
    rows = np.array([i for i, j in together] + [j for i, j in together], dtype=np.int64)
    cols = np.array([j for i, j in together] + [i for i, j in together], dtype=np.int64)
    collaboration = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(partners), len(partners))
    )
    return _Matrices(partners, items, incidence, collaboration)


def _order(node: Node) -> tuple[str, str]:
    return (node.label.casefold(), node.id)


def overlap(
    links: LinkGraph,
    *,
    top: int | None = 20,
    partner: str | None = None,
    seed: int = 0,
    betweenness_work: int = EXACT_BETWEENNESS_WORK,
    min_sample: int = MIN_SAMPLE,
    network: bool = True,
) -> Overlap:
    """Partner x partner overlap: shared programmes, acting together, shared places (which rank
    the pairs), and shared outcomes (counted apart). The ``top`` pairs (all if None), or one
    ``partner``'s pairs with its direct collaborators first; with degree and betweenness
    centrality and Louvain communities of the partner network. Betweenness is sampled from
    ``min_sample`` or more source partners when partners x links exceeds ``betweenness_work``.
    ``network=False`` skips centrality and communities. Deterministic for one ``seed``."""
    import numpy as np
    from scipy import sparse

    m = _matrices(links)
    if not m.partners:
        raise InputError("the graph has no partners: nothing to compare")
    focus = find_partner(m.partners, partner) if partner is not None else None
    shared = {d: (x @ x.T).tocsr() for d, x in m.incidence.items()}
    shared[COLLABORATION] = m.collaboration
    ranked = sum(shared[d] for d in (*RANKED, COLLABORATION)).tocsr()

    upper = sparse.triu(ranked, k=1).tocoo()
    keep = upper.data > 0
    rows, cols, totals = upper.row[keep], upper.col[keep], upper.data[keep]
    if focus is not None:
        f = m.partners.index(focus)
        keep = (rows == f) | (cols == f)
        rows, cols, totals = rows[keep], cols[keep], totals[keep]
    if focus is not None:
        others = np.where(rows == f, cols, rows)
        together = np.asarray(m.collaboration[f, others].todense()).ravel()
        order = np.lexsort((others, -totals, -together))
    else:
        order = np.lexsort((cols, rows, -totals))
    chosen = order if top is None else order[:top]
    rowsets = {
        d: [set(x.indices[x.indptr[i] : x.indptr[i + 1]]) for i in range(x.shape[0])]
        for d, x in (*m.incidence.items(), (COLLABORATION, m.collaboration))
    }
    pairs = [_pair(m, rowsets, int(rows[k]), int(cols[k]), focus) for k in chosen]

    if not network:
        return Overlap(pairs, len(order), [], [], [], focus, top)
    stats, communities, notes = _network_stats(m, shared, seed, betweenness_work, min_sample)
    return Overlap(pairs, len(order), stats, communities, notes, focus, top)


def _pair(m: _Matrices, rowsets: dict, i: int, j: int, focus: Node | None) -> Pair:
    """One Pair from the partners' item index sets (dimensions have disjoint items, so the
    overall figures are sums of the ranked per-dimension ones, plus one for acting together)."""
    if focus is not None and m.partners[j] == focus:
        i, j = j, i
    counts, jaccards, items = {}, {}, {}
    for dimension in DIMENSIONS:
        a, b = rowsets[dimension][i], rowsets[dimension][j]
        common = a & b
        counts[dimension] = len(common)
        union = len(a) + len(b) - len(common)
        jaccards[dimension] = round(len(common) / union, 4) if union else 0.0
        items[dimension] = tuple(m.items[dimension][c].label for c in sorted(common))
    counts[COLLABORATION] = int(j in rowsets[COLLABORATION][i])
    total = sum(counts[d] for d in RANKED) + counts[COLLABORATION]
    union = sum(len(rowsets[d][i]) + len(rowsets[d][j]) for d in (*RANKED, COLLABORATION)) - total
    counts["overall"] = total
    jaccards["overall"] = round(total / union, 4) if union else 0.0
    return Pair(m.partners[i], m.partners[j], counts, jaccards, items)


def _network_stats(
    m: _Matrices, shared: dict, seed: int, work: int, min_sample: int
) -> tuple[list[PartnerStats], list[list[Node]], list[str]]:
    import networkx as nx
    from scipy import sparse

    weights = sum(shared[d] for d in (*NETWORK_DIMENSIONS, COLLABORATION))
    upper = sparse.triu(weights, k=1).tocoo()
    graph = partner_network(m.partners, upper.row, upper.col, upper.data)
    n, e = graph.number_of_nodes(), graph.number_of_edges()
    notes = [
        "pairs are ranked by shared programmes, acting together and shared places (not the "
        "country a report is about); shared outcomes are shown apart and do not rank",
        "centrality and communities use the partner network: partners joined when they take part "
        "in one programme or act together (weight = shared programmes + 1 if together)",
    ]
    k = sample_size(n, e, work, min_sample)
    if k is not None:
        notes.append(
            f"betweenness is sampled: {k} of {n} source partners (seed {seed}), "
            f"as exact betweenness on {e} links would be slow"
        )
    betweenness = nx.betweenness_centrality(graph, k=k, seed=seed)
    degree = nx.degree_centrality(graph) if n > 1 else {node: 0.0 for node in graph}
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    by_id = {node.id: node for node in m.partners}
    communities = sorted(
        (sorted((by_id[i] for i in c), key=_order) for c in found),
        key=lambda c: (-len(c), _order(c[0])),
    )
    community_of = {node.id: number for number, c in enumerate(communities, 1) for node in c}
    stats = [
        PartnerStats(
            node,
            graph.degree(node.id),
            round(degree[node.id], 4),
            round(betweenness[node.id], 4),
            community_of[node.id],
        )
        for node in m.partners
    ]
    stats.sort(key=lambda s: (-s.betweenness, -s.degree, _order(s.partner)))
    return stats, communities, notes


def sample_size(nodes: int, links: int, work: int, min_sample: int) -> int | None:
    """How many source nodes to sample for betweenness so that sources x links stays near
    ``work`` (at least ``min_sample``); None for exact betweenness, when sampling would not save
    at least half the work."""
    if nodes * links <= work:
        return None
    k = max(min_sample, work // max(links, 1))
    return k if k <= nodes // 2 else None


def partner_network(
    partners: list[Node], rows: np.ndarray, cols: np.ndarray, weights: np.ndarray
) -> nx.Graph:
    """An undirected networkx graph of ``partners`` (ids), joined by weighted edges given as index
    arrays; nodes and edges are added in a fixed order so seeded algorithms repeat."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(node.id for node in partners)
    graph.add_weighted_edges_from(
        (partners[i].id, partners[j].id, int(w))
        for i, j, w in sorted(zip(rows.tolist(), cols.tolist(), weights.tolist(), strict=True))
    )
    return graph


def find_partner(partners: list[Node], name: str) -> Node:
    """The partner ``name`` means: its key, label, alias or acronym, accents, case and
    punctuation aside (kg.store.names.resolve_name, the resolver every command uses);
    InputError for a name that fits several, NotFoundError with close names for none."""
    from kg.store.names import Named, resolve_name

    by_iri = {node.id: node for node in partners}
    named = [Named(node.id, "partner", node.label, tuple(node.aliases)) for node in partners]
    return by_iri[resolve_name(named, name, "partner").iri]


PAIR_COLUMNS = [
    "partner_a",
    "partner_b",
    "together",
    *(f"{kind}_{d}" for d in (*DIMENSIONS, "overall") for kind in ("shared", "jaccard")),
    "partner_a_id",
    "partner_b_id",
]


def pair_row(pair: Pair) -> list[str | int | float]:
    """A pair as one row of PAIR_COLUMNS."""
    values: list[str | int | float] = [pair.a.label, pair.b.label, pair.shared[COLLABORATION]]
    for dimension in (*DIMENSIONS, "overall"):
        values += [pair.shared[dimension], pair.jaccard[dimension]]
    return [*values, pair.a.id, pair.b.id]


def overlap_json(result: Overlap) -> dict[str, Any]:
    """The overlap result as plain JSON-ready data, in a fixed order."""
    return {
        "partner": _node_json(result.focus) if result.focus else None,
        "pairs_total": result.total_pairs,
        "pairs": [
            {
                "a": _node_json(p.a),
                "b": _node_json(p.b),
                "shared": p.shared,
                "jaccard": p.jaccard,
                "items": {d: list(v) for d, v in p.items.items()},
            }
            for p in result.pairs
        ],
        "partners": [
            {
                **_node_json(s.partner),
                "degree": s.degree,
                "degree_centrality": s.degree_centrality,
                "betweenness": s.betweenness,
                "community": s.community,
            }
            for s in result.partners
        ],
        "communities": [[n.label for n in c] for c in result.communities],
        "notes": result.notes,
    }


def _node_json(node: Node) -> dict[str, str]:
    return {"id": node.id, "label": node.label}


@dataclass(frozen=True)
class ProgrammeMatrix:
    """Partners x programmes: outcomes naming both, and whether a direct kg:hasPartner link joins
    them (with its evidence count)."""

    partners: list[Node]
    programmes: list[Node]
    outcomes: Any  # numpy int array, partners x programmes
    direct: Any  # numpy int array of hasPartner evidence counts (0: no link)


def programme_matrix(links: LinkGraph) -> ProgrammeMatrix:
    """The partner x programme matrix behind the heatmap, from the derived direct links."""
    import numpy as np

    partners = sorted(links.of_type("partner"), key=_order)
    programmes = sorted(links.of_type("programme"), key=_order)
    p_index = {n.id: i for i, n in enumerate(partners)}
    g_index = {n.id: j for j, n in enumerate(programmes)}
    by_outcome: dict[str, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    direct = np.zeros((len(partners), len(programmes)), dtype=np.int64)
    for edge in links.edges:
        if edge.predicate == "involvesPartner":
            by_outcome[edge.source][0].add(p_index[edge.target])
        elif edge.predicate == "involvesProgramme":
            by_outcome[edge.source][1].add(g_index[edge.target])
        elif edge.predicate == "hasPartner":
            direct[p_index[edge.target], g_index[edge.source]] = max(edge.evidence, 1)
    outcomes = np.zeros_like(direct)
    for partner_rows, programme_cols in by_outcome.values():
        for i in partner_rows:
            for j in programme_cols:
                outcomes[i, j] += 1
    return ProgrammeMatrix(partners, programmes, outcomes, direct)


def format_overlap(result: Overlap, fmt: str) -> str:
    """The overlap result as a terminal table, CSV (the pairs; names that start like a formula
    neutralised, see kg.spreadsheet) or JSON; InputError otherwise."""
    if fmt == "json":
        import json

        return json.dumps(overlap_json(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from kg.spreadsheet import csv_bytes

        rows = (pair_row(pair) for pair in result.pairs)
        return csv_bytes(PAIR_COLUMNS, rows).decode("utf-8")
    if fmt == "table":
        return _overlap_table(result)
    raise InputError(f"unknown overlap format {fmt!r}; known formats: csv, json, table")


def _overlap_table(result: Overlap) -> str:
    whose = f"{result.focus.label}'s overlaps" if result.focus else "Partner overlap"
    shown = f"top {len(result.pairs)} of {result.total_pairs}"
    lines = [
        f"{whose}: {shown} pairs that act together or share a programme or place",
        "",
    ]
    header = [
        "partner A",
        "partner B",
        "together",
        "programmes",
        "places",
        "overall",
        "jaccard",
        "outcomes (apart)",
    ]
    rows = [
        [
            _cut(p.a.label),
            _cut(p.b.label),
            "yes" if p.shared[COLLABORATION] else "",
            *(str(p.shared[d]) for d in (*RANKED, "overall")),
            f"{p.jaccard['overall']:.3f}",
            str(p.shared["outcomes"]),
        ]
        for p in result.pairs
    ]
    lines += _aligned(header, rows) if rows else ["(no pairs)"]
    stats = [s for s in result.partners if result.focus is None or s.partner == result.focus]
    stats = stats[: result.top] if result.top else stats
    lines += [
        "",
        f"Centrality, by betweenness: {len(stats)} of {len(result.partners)} partners",
        "",
    ]
    lines += _aligned(
        ["partner", "degree", "degree centrality", "betweenness", "community"],
        [
            [
                _cut(s.partner.label),
                str(s.degree),
                f"{s.degree_centrality:.3f}",
                f"{s.betweenness:.3f}",
                str(s.community),
            ]
            for s in stats
        ],
    )
    lines += ["", "Communities (Louvain)", ""]
    lines += [
        f"{number:>3}. {', '.join(n.label for n in members)}"
        for number, members in enumerate(result.communities, 1)
        if len(members) > 1
    ]
    singles = sum(1 for members in result.communities if len(members) == 1)
    if singles:
        lines.append(f"     and {singles} partner(s) alone")
    lines += ["", *(f"note: {note}" for note in result.notes)]
    return "\n".join(lines) + "\n"


def _aligned(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    numeric = [c > 1 or header[c] in ("degree",) for c in range(len(header))]
    numeric[0] = False

    def line(row: list[str]) -> str:
        cells = [
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(row, widths, numeric, strict=True)
        ]
        return "  ".join(cells).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _cut(label: str, width: int = 40) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
