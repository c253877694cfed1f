"""What the explorer's pages show, read from an open store: the reports, name search, a summary
of one entity (its names, identifiers and links per report, with their sentence counts), the
sentences behind a link, and one sentence in its paragraph.

Entities are addressed by their IRI's path under kg's id namespace (``partner/inmujeres``,
``report/unwomen-mexico-2022/sentence/…``), which is also each page's URL path. Every query here
is fixed text with the entity bound as an RDF term (a VALUES block, kg.store.query.bind): names from
reports never enter SPARQL as text.
"""

from __future__ import annotations

import difflib
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError, NotFoundError
from kg.graph.vocab import ID
from kg.readers.debris import search_key
from kg.store.local import Store, sparql_prefixes
from kg.store.names import NAMES
from kg.store.query import bind

PAGE_TYPES = ("partner", "programme", "place", "outcome", "report")
_TYPE_OF_CLASS = {
    "Organisation": "partner",
    "Partner": "partner",
    "Programme": "programme",
    "Place": "place",
    "Outcome": "outcome",
    "Report": "report",
    "Evidence": "evidence",
}
MAX_SEARCH_TEXT = 200

_DESCRIBE = """
SELECT DISTINCT ?p ?o WHERE {
  ?node ?p ?o .
  VALUES ?p { rdf:type skos:prefLabel skos:altLabel skos:notation owl:sameAs kg:kind
              kg:statement dcterms:identifier kg:year dcterms:title kg:country geo:asWKT
              rdfs:label dcterms:publisher }
}"""
# Every direct link, with the report behind it and its sentences (each link node is one report's
# and counts its sentences: kg:evidenceCount). Read once: a page is then a lookup, where asking
# per entity took 0.3 s for a partner named in every one of 300 reports.
_LINKS = """
SELECT ?subject ?predicate ?object ?report ?year (SUM(?count) AS ?sentences) WHERE {
  ?link kg:linkSubject ?subject ; kg:linkObject ?object ; kg:linkPredicate ?predicate ;
    kg:evidenceCount ?count ; prov:hadPrimarySource ?source .
  ?source dcterms:identifier ?report .
  OPTIONAL { ?source kg:year ?year }
}
GROUP BY ?subject ?predicate ?object ?report ?year"""
_REPORTS = """
SELECT ?slug ?title ?year ?country (COUNT(DISTINCT ?outcome) AS ?outcomes) WHERE {
  ?report a kg:Report ; dcterms:identifier ?slug .
  OPTIONAL { ?report dcterms:title ?title }
  OPTIONAL { ?report kg:year ?year }
  OPTIONAL { ?report kg:country ?country }
  OPTIONAL { ?report kg:hasOutcome ?outcome }
} GROUP BY ?slug ?title ?year ?country ORDER BY ?slug"""
_ROLES = """
SELECT DISTINCT ?member ?activity ?role WHERE {
  ?part org:member ?member ; kg:activity ?activity ; org:role ?role
}"""
_LABELS = """
SELECT ?node (SAMPLE(?name) AS ?label) (SAMPLE(?class) AS ?type) WHERE {
  ?node skos:prefLabel ?name ; a ?class .
  VALUES ?class { kg:Organisation kg:Programme kg:Place kg:Outcome kg:Report }
} GROUP BY ?node"""
_LINK_SENTENCES = """
SELECT DISTINCT ?sentence ?exact ?report WHERE {
  { ?link kg:linkSubject ?node ; kg:linkObject ?other }
  UNION { ?link kg:linkObject ?node ; kg:linkSubject ?other }
  ?link kg:evidence ?sentence ; prov:hadPrimarySource ?source .
  ?source dcterms:identifier ?report .
  ?sentence oa:exact ?exact .
} ORDER BY ?report ?sentence"""
_MENTIONING = """
SELECT DISTINCT ?sentence ?exact ?report WHERE {
  { ?sentence kg:mentions ?node } UNION { ?sentence kg:inOutcome ?node }
  ?sentence oa:exact ?exact ; prov:hadPrimarySource ?source .
  ?source dcterms:identifier ?report .
} ORDER BY ?report ?sentence LIMIT 500"""
# An outcome's sentences in each report that holds it, with the report's year and the figures
# each sentence states: its progress notes by year. Only the sentences kg cites (that name an
# entity or state a figure) are stored.
_PROGRESS = """
SELECT ?sentence ?exact ?start ?report ?year ?figure ?rating ?ratedYear WHERE {
  ?sentence a kg:Evidence ; kg:inOutcome ?node ; oa:exact ?exact ;
    prov:hadPrimarySource ?source .
  ?source dcterms:identifier ?report .
  OPTIONAL { ?source kg:year ?year }
  OPTIONAL { ?sentence oa:start ?start }
  OPTIONAL { ?figureNode a kg:Figure ; kg:evidence ?sentence ; rdfs:label ?figure }
  OPTIONAL {
    ?rated a kg:ProgressRating ; kg:evidence ?sentence ; kg:rating ?rating ;
      kg:progressYear ?ratedYear
  }
}"""
_SENTENCE = """
SELECT ?exact ?start ?end ?prefix ?suffix ?outcome ?report ?source WHERE {
  ?node a kg:Evidence ; oa:exact ?exact ; prov:hadPrimarySource ?source .
  ?source dcterms:identifier ?report .
  OPTIONAL { ?node oa:start ?start ; oa:end ?end }
  OPTIONAL { ?node oa:prefix ?prefix }
  OPTIONAL { ?node oa:suffix ?suffix }
  OPTIONAL { ?node kg:inOutcome ?outcome }
} LIMIT 1"""


@dataclass(frozen=True)
class ReportRow:
    """A report on the home page: slug, title, year, country page path, outcome count."""

    slug: str
    title: str
    year: str
    country: str | None
    outcomes: int


@dataclass(frozen=True)
class Hit:
    """A search hit: the entity's page path, type and label, and the name that matched."""

    path: str
    type: str
    label: str
    matched: str


@dataclass
class Link:
    """One linked entity on a page: its path, type and label, the link's predicate (local
    name) and direction, roles (from participations), and sentence counts per report."""

    path: str
    type: str
    label: str
    predicate: str
    direction: str
    roles: list[str] = field(default_factory=list)
    reports: dict[str, int] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)

    @property
    def sentences(self) -> int:
        return sum(self.reports.values())

    def per_report(self) -> str:
        """The sentence counts per report as one line ("report-a: 3; report-b: 1")."""
        return "; ".join(f"{report}: {n}" for report, n in sorted(self.reports.items()))

    def per_year(self) -> str:
        """The sentence counts per year as one line ("2022: 3, 2023: 1"; "?" for no year)."""
        return ", ".join(f"{year or '?'}: {n}" for year, n in sorted(self.years.items()))


@dataclass
class Note:
    """One sentence of an outcome's progress in a report: its page path, report, text, the
    figures it states (their text as written) and the rating it gives ("2022: off track",
    kg:ProgressRating), if any."""

    path: str
    report: str
    exact: str
    figures: list[str] = field(default_factory=list)
    rating: str | None = None


@dataclass
class YearNotes:
    """An outcome's progress notes of one year (a report's ``kg:year``; "" when a report
    gives none): the reports of that year and their notes, in report and text order."""

    year: str
    reports: list[str]
    notes: list[Note]


@dataclass
class Entity:
    """What a page shows about one entity (an outcome's with its progress notes by year)."""

    path: str
    type: str
    label: str
    values: dict[str, list[str]]
    links: list[Link]
    progress: list[YearNotes] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    """One evidence sentence: its text and where it stands, with its paragraph when the
    report's text is at hand (``before`` + ``exact`` + ``after``) or its stored context."""

    path: str
    report: str
    exact: str
    before: str
    after: str
    in_paragraph: bool
    outcome: str | None


def iri_of(path: str) -> Any:
    """The NamedNode a page path names; NotFoundError for a path no entity can have."""
    import pyoxigraph

    kind = path.split("/", 1)[0]
    if kind not in PAGE_TYPES or "/" not in path:
        raise NotFoundError(f"no page /{path}")
    try:
        return pyoxigraph.NamedNode(f"{ID}{path}")
    except ValueError:
        raise NotFoundError(f"no page /{path}") from None


def path_of(iri: str) -> str | None:
    """The page path of an IRI in kg's id namespace (None for any other IRI)."""
    base = str(ID)
    return iri[len(base) :] if iri.startswith(base) else None


# kg's symmetric properties (owl:SymmetricProperty in ontology/kg.ttl), by local name.
SYMMETRIC = frozenset({"collaboratesWith"})


class Explorer:
    """The explorer's reads over one open, read-only store; the name index and labels are read
    once (the store does not change while it is served)."""

    def __init__(self, store: Store, texts: Path | None = None) -> None:
        self.store = store
        self.texts = texts
        self._names: dict[str, list[tuple[str, str]]] | None = None
        self._labels: dict[str, tuple[str, str]] | None = None
        self._reports: list[ReportRow] | None = None
        self._link_index: dict[str, list[tuple[str, str, str, str, str, int]]] | None = None
        self._roles: dict[tuple[str, str], set[str]] = {}
        self._lock = threading.Lock()
        self._union = not store.holds_union()

    def query(self, text: str, **bound: Any) -> list[Any]:
        """Rows of a fixed SELECT with ``bound`` variables substituted (RDF terms), over the
        store's default graph (the union of its reports, each triple once: kg.store.union)."""
        return list(self.answer(text, **bound))

    def answer(self, text: str, **bound: Any) -> Any:
        """The pyoxigraph answer (solutions, boolean or triples, read as they are iterated)
        of kg's own fixed query ``text``, as ``query`` runs it; never a user's text, which
        kg.store.query reads and checks first."""
        query, _ = bind(text, bound)
        return self.store.oxigraph.query(
            query, prefixes=sparql_prefixes(), use_default_graph_as_union=self._union
        )

    def reports(self) -> list[ReportRow]:
        """The reports held, by slug (``Store.reports`` also counts each report's triples,
        which takes a scan of each graph)."""
        if self._reports is None:
            self._reports = [
                ReportRow(
                    row["slug"].value,
                    row["title"].value if row["title"] is not None else "",
                    row["year"].value if row["year"] is not None else "",
                    path_of(row["country"].value) if row["country"] is not None else None,
                    int(row["outcomes"].value),
                )
                for row in self.query(_REPORTS)
            ]
        return self._reports

    def warm(self) -> None:
        """Read what every page needs once (labels, names, links and roles)."""
        self.labels()
        self.name_index()
        self.link_index()

    def link_index(self) -> dict[str, list[tuple[str, str, str, str, str, int]]]:
        """IRI -> its links as (direction, predicate, other, report, year, sentences); the
        roles of each (member, activity) pair are read with them."""
        with self._lock:
            if self._link_index is None:
                links: dict[str, list[tuple[str, str, str, str, str, int]]] = defaultdict(list)
                for row in self.query(_LINKS):
                    subject, obj = row["subject"].value, row["object"].value
                    predicate = row["predicate"].value.rsplit("#", 1)[-1]
                    report = row["report"].value
                    year = row["year"].value if row["year"] is not None else ""
                    count = int(row["sentences"].value)
                    links[subject].append(("out", predicate, obj, report, year, count))
                    # A symmetric link is stated both ways (kg.store.union's shape checks it):
                    # each side lists it once, as its own.
                    if predicate not in SYMMETRIC:
                        links[obj].append(("in", predicate, subject, report, year, count))
                roles: dict[tuple[str, str], set[str]] = defaultdict(set)
                for row in self.query(_ROLES):
                    role = row["role"].value.rsplit("#", 1)[-1].removesuffix("Role")
                    if role != "Cited":
                        roles[(row["member"].value, row["activity"].value)].add(role.lower())
                self._roles = dict(roles)
                self._link_index = dict(links)
            return self._link_index

    def labels(self) -> dict[str, tuple[str, str]]:
        """Every entity's IRI -> (type, label)."""
        if self._labels is None:
            found: dict[str, tuple[str, str]] = {}
            for row in self.query(_LABELS):
                kind = _TYPE_OF_CLASS.get(row["type"].value.rsplit("#", 1)[-1], "")
                found[row["node"].value] = (kind, row["label"].value)
            self._labels = found
        return self._labels

    def label(self, iri: str) -> str:
        """The label of the entity ``iri``, else the IRI's last segment (its key)."""
        found = self.labels().get(iri)
        return found[1] if found else iri.rsplit("/", 1)[-1]

    def name_index(self) -> dict[str, list[tuple[str, str]]]:
        """search key -> [(IRI, name as stored)], over labels, aliases and codes."""
        if self._names is None:
            index: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for row in self.query(NAMES):
                node = row["node"].value
                for name in {row["label"].value, row["name"].value if row["name"] else None}:
                    if name is not None and (node, name) not in index[search_key(name)]:
                        index[search_key(name)].append((node, name))
            self._names = {key: sorted(names) for key, names in index.items()}
        return self._names

    def search(self, text: str, limit: int = 200) -> tuple[dict[str, list[Hit]], list[str]]:
        """Entities whose label, alias or code holds ``text`` (accents, case and spacing
        aside), grouped by type (exact names first), and near misses as suggestions when
        nothing matches. InputError for an empty or over-long text."""
        key = search_key(text)
        if not key:
            raise InputError("type a name to search for")
        if len(text) > MAX_SEARCH_TEXT:
            raise InputError(f"a search is at most {MAX_SEARCH_TEXT} characters")
        labels = self.labels()
        best: dict[str, tuple[int, str]] = {}
        for name_key, names in self.name_index().items():
            if key not in name_key:
                continue
            rank = 0 if name_key == key else 1 if name_key.startswith(key) else 2
            for iri, name in names:
                if iri in labels and (iri not in best or rank < best[iri][0]):
                    best[iri] = (rank, name)
        grouped: dict[str, list[Hit]] = defaultdict(list)
        ordered = sorted(best.items(), key=lambda kv: (kv[1][0], search_key(labels[kv[0]][1])))
        for iri, (_, name) in ordered[:limit]:
            kind, label = labels[iri]
            path = path_of(iri)
            if path is not None:
                grouped[kind].append(Hit(path, kind, label, name))
        suggestions: list[str] = []
        if not grouped:
            close = difflib.get_close_matches(key, list(self.name_index()), n=5, cutoff=0.6)
            suggestions = [self.name_index()[k][0][1] for k in close]
        return {k: grouped[k] for k in PAGE_TYPES if k in grouped}, suggestions

    def entity(self, path: str) -> Entity:
        """The summary of the entity at ``path``; NotFoundError when the store holds none."""
        node = iri_of(path)
        values: dict[str, list[str]] = defaultdict(list)
        for row in self.query(_DESCRIBE, node=node):
            name = row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            values[name].append(row["o"].value)
        expected = path.split("/", 1)[0]
        kinds = {_TYPE_OF_CLASS.get(t.rsplit("#", 1)[-1]) for t in values.get("type", ())}
        if expected not in kinds:
            raise NotFoundError(f"the store holds no {expected} /{path}")
        for name in values:
            values[name] = sorted(set(values[name]))
        label = (values.get("prefLabel") or values.get("title") or [path])[0]
        progress = self.progress(node) if expected == "outcome" else []
        return Entity(path, expected, label, dict(values), self._links(node), progress)

    def progress(self, node: Any) -> list[YearNotes]:
        """The outcome ``node``'s progress notes by year, earliest year first: in each year's
        reports, its sentences in the order of the text with the figures they state."""
        notes: dict[tuple[str, str, int, str], Note] = {}
        for row in self.query(_PROGRESS, node=node):
            path = path_of(row["sentence"].value)
            if path is None:
                continue
            year = row["year"].value if row["year"] is not None else ""
            start = int(row["start"].value) if row["start"] is not None else 0
            report = row["report"].value
            key = (year, report, start, path)
            note = notes.get(key)
            if note is None:
                note = notes[key] = Note(path, report, row["exact"].value)
            if row["rating"] is not None:
                note.rating = f"{row['ratedYear'].value}: {row['rating'].value}"
            if row["figure"] is not None and row["figure"].value not in note.figures:
                note.figures.append(row["figure"].value)
        years: dict[str, YearNotes] = {}
        for (year, report, _, _), note in sorted(notes.items()):
            found = years.setdefault(year, YearNotes(year, [], []))
            if report not in found.reports:
                found.reports.append(report)
            note.figures.sort()
            found.notes.append(note)
        return list(years.values())

    def _links(self, node: Any) -> list[Link]:
        labels = self.labels()
        index = self.link_index()
        links: dict[tuple[str, str, str], Link] = {}
        for direction, predicate, other, report, year, count in index.get(node.value, ()):
            path = path_of(other)
            if path is None:
                continue
            key = (predicate, direction, other)
            link = links.get(key)
            if link is None:
                kind, label = labels.get(other, (path.split("/", 1)[0], path))
                roles = self._roles.get((node.value, other), set())
                roles = roles | self._roles.get((other, node.value), set())
                link = links[key] = Link(path, kind, label, predicate, direction, sorted(roles))
            link.reports[report] = link.reports.get(report, 0) + count
            link.years[year] = link.years.get(year, 0) + count
        return sorted(links.values(), key=lambda x: (x.type, -x.sentences, x.label.casefold()))

    def sentences(self, path: str, other: str | None) -> list[Sentence]:
        """The sentences behind the links between ``path`` and ``other`` (or those that name
        ``path``), with their stored context."""
        node = iri_of(path)
        if other is None:
            rows = self.query(_MENTIONING, node=node)
        else:
            rows = self.query(_LINK_SENTENCES, node=node, other=iri_of(other))
        return [
            Sentence(
                path_of(r["sentence"].value) or "",
                r["report"].value,
                r["exact"].value,
                "",
                "",
                False,
                None,
            )
            for r in rows
        ]

    def sentence(self, path: str) -> Sentence:
        """One sentence in its paragraph of the report's text (from the texts folder, the
        ``<slug>.txt`` that ``kg make`` writes) when the text there holds it at its offsets;
        else with its stored prefix and suffix. NotFoundError for no such sentence."""
        node = iri_of(path)
        rows = self.query(_SENTENCE, node=node)
        if not rows:
            raise NotFoundError(f"the store holds no sentence /{path}")
        row = rows[0]
        exact, report = row["exact"].value, row["report"].value
        outcome = path_of(row["outcome"].value) if row["outcome"] is not None else None
        if row["start"] is not None:
            found = self._paragraph(report, int(row["start"].value), int(row["end"].value), exact)
            if found is not None:
                return Sentence(path, report, exact, found[0], found[1], True, outcome)
        before = row["prefix"].value if row["prefix"] is not None else ""
        after = row["suffix"].value if row["suffix"] is not None else ""
        return Sentence(path, report, exact, before, after, False, outcome)

    def _paragraph(self, report: str, start: int, end: int, exact: str) -> tuple[str, str] | None:
        if self.texts is None:
            return None
        file = self.texts / f"{report}.txt"
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if text[start:end] != exact:
            return None
        opening = text.rfind("\n", 0, start) + 1
        closing = text.find("\n", end)
        closing = len(text) if closing < 0 else closing
        return text[opening:start], text[end:closing]
