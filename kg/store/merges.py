"""The store's merges graph: one identity per organisation across the reports it holds.

After every load or removal kg compares the organisations of all reports held
(kg.store.linkage) and writes its decisions into the merges graph (``MERGES_GRAPH``): a
``kg:OrganisationMatch`` per pair judged one organisation, with the rule, its score, the names
compared and the decision (automatic, or confirmed or split by a user's merges file,
kg.readers.merges), and ``kg:sameOrganisationAs`` from each merged organisation to the IRI that
stands for it (the least IRI of its group). The reports' own graphs are never changed, so a
merge can be undone; the saved queries across years read the merges graph to count one
organisation once.

A user's decisions are kept in the merges graph and outlive rebuilds; a decision on an
organisation no report names any more is dropped with it. A split keeps two organisations
apart only where no chain of other merges joins them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.readers.merges import Decision
from kg.store.linkage import Organisation, match

if TYPE_CHECKING:
    from kg.store.local import Store

_ORGANISATIONS = """
SELECT ?org ?label ?name ?code WHERE {
  ?org a kg:Organisation ; skos:prefLabel ?label .
  OPTIONAL { ?org skos:altLabel ?name }
  OPTIONAL { ?org skos:notation ?code }
}
"""
_HELD = """
SELECT ?match ?entity ?rule ?score ?decision ?name WHERE {
  GRAPH <%s> {
    ?match a kg:OrganisationMatch ; kg:matchedEntity ?entity ; kg:matchRule ?rule ;
      kg:matchScore ?score ; kg:matchDecision ?decision ; kg:matchedName ?name .
  }
}
"""


@dataclass(frozen=True)
class Merge:
    """One decision of the merges graph: the two organisations (IRIs, ``a`` < ``b``) and their
    labels, the rule and score, the names compared, and the decision (automatic, confirmed,
    split)."""

    a: str
    b: str
    labels: tuple[str, str]
    rule: str
    score: float
    names: tuple[str, ...]
    decision: str


def organisations(store: Store) -> list[Organisation]:
    """Every organisation the store's reports name, with all its names (label first), by IRI."""
    from kg.store.local import sparql_prefixes

    labels: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    curated: set[str] = set()
    for row in store.oxigraph.query(_ORGANISATIONS, prefixes=sparql_prefixes()):
        iri = row["org"].value
        labels.setdefault(iri, set()).add(row["label"].value)
        if row["name"] is not None:
            names.setdefault(iri, set()).add(row["name"].value)
        if row["code"] is not None:
            curated.add(iri)
    return [
        Organisation(
            iri,
            (*sorted(labels[iri]), *sorted(names.get(iri, set()) - labels[iri])),
            iri in curated,
        )
        for iri in sorted(labels)
    ]


def held_merges(store: Store) -> list[Merge]:
    """The decisions the store's merges graph holds, by the labels of their organisations."""
    from kg.graph.vocab import MERGES_GRAPH
    from kg.store.local import sparql_prefixes

    found: dict[str, dict] = {}
    for row in store.oxigraph.query(_HELD % MERGES_GRAPH, prefixes=sparql_prefixes()):
        one = found.setdefault(
            row["match"].value,
            {
                "entities": set(),
                "names": set(),
                "rule": row["rule"].value,
                "score": float(row["score"].value),
                "decision": row["decision"].value,
            },
        )
        one["entities"].add(row["entity"].value)
        one["names"].add(row["name"].value)
    label = {o.iri: o.names[0] for o in organisations(store)}
    merges = []
    for one in found.values():
        a, b = sorted(one["entities"])
        merges.append(
            Merge(
                a,
                b,
                (label.get(a, a), label.get(b, b)),
                one["rule"],
                one["score"],
                tuple(sorted(one["names"])),
                one["decision"],
            )
        )
    return sorted(merges, key=lambda m: (m.labels[0].casefold(), m.labels[1].casefold(), m.a))


def link_organisations(store: Store, decisions: Sequence[Decision] = ()) -> list[Merge]:
    """Compare the organisations of every report ``store`` holds, add the user's
    ``decisions`` (a merges file's) to those it keeps, and write the merges graph anew, in one
    update. Returns the decisions written (``held_merges``). InputError when a decision names
    an organisation the store does not hold, or names one organisation twice."""
    import pyoxigraph

    from kg.graph.build import match_triples
    from kg.graph.vocab import MERGES_GRAPH

    held = organisations(store)
    known = {o.iri: o for o in held}
    users = {
        (m.a, m.b): m.decision
        for m in held_merges(store)
        if m.decision != "automatic" and m.a in known and m.b in known
    }
    for decision in decisions:
        a, b = sorted(_resolve(held, name) for name in decision.names)
        if a == b:
            raise InputError(
                f"{decision.names[0]!r} and {decision.names[1]!r} name one organisation "
                f"({a}): nothing to {decision.action}"
            )
        users[(a, b)] = "confirmed" if decision.action == "confirm" else "split"
    automatic = {(m.a, m.b): m for m in match(held)}
    rows = []
    for a, b in sorted(set(automatic) | set(users)):
        found = automatic.get((a, b))
        decision = users.get((a, b), "automatic")
        if found is not None:
            rows.append((a, b, found.rule, found.score, found.names, decision))
        else:
            rows.append((a, b, "user", 100.0, (known[a].names[0], known[b].names[0]), decision))
    same = _groups([(a, b) for a, b, *_, decision in rows if decision != "split"])
    triples = match_triples(rows, same)
    graph = pyoxigraph.NamedNode(str(MERGES_GRAPH))
    update = f"DROP SILENT GRAPH {graph}"
    if triples:
        data = pyoxigraph.serialize(
            (pyoxigraph.Triple(*t) for t in sorted(triples, key=str)),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
        ).decode()
        update += f" ;\nINSERT DATA {{ GRAPH {graph} {{\n{data}\n}} }}"
    store.oxigraph.update(update)
    return held_merges(store)


def _resolve(held: Sequence[Organisation], name: str) -> str:
    """The IRI of the organisation ``name`` names (kg.store.names.resolve_name)."""
    from kg.store.names import Named, resolve_name

    things = [Named(o.iri, "partner", o.names[0], o.names[1:]) for o in held]
    return resolve_name(things, name, "organisation").iri


def _groups(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Each IRI of ``pairs`` -> the least IRI of its connected group (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in sorted(parent)}
