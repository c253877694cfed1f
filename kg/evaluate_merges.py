"""Measure cross-report organisation merges against a gold file of which names are one
organisation.

The gold file is TOML: each ``[[same]]`` table lists, in ``names``, the names reports use for
one organisation; a name in no group is an organisation of its own; ``[[apart]]`` tables list
distractors for the reader and change no count (tests/data/years/merges.gold.toml).

The units are the partners of each report graph the store holds (a partner named by two reports
is two units). Every two units from different reports are a pair: kg merged them when they have
one identity (the same IRI, or the same ``kg:sameOrganisationAs`` in the merges graph); the gold
says they are one when a name of each (accents, case, punctuation and a leading article aside,
kg.evaluate.normalize) is in one ``[[same]]`` group, or their labels are the same outside any
group. Precision is merged pairs that are one over merged pairs, recall merged pairs that are one
over pairs that are one. Gold names no report's partner carries are listed as not recognized:
they are extraction misses, which no merge can mend.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.evaluate import normalize

if TYPE_CHECKING:
    from kg.store.local import Store

_UNITS = """
SELECT ?g ?org ?name WHERE {
  GRAPH ?g { ?org a kg:Partner ; skos:prefLabel|skos:altLabel ?name }
  FILTER(?g != <%s> && ?g != <%s>)
}
"""
_SAME = "SELECT ?org ?same WHERE { GRAPH <%s> { ?org kg:sameOrganisationAs ?same } }"


@dataclass
class MergeScore:
    """Merged pairs against the gold: counts, the pairs behind the errors (label pairs) and the
    gold names no partner carries."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    unrecognized: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of kg's merges that the gold file makes too (1.0 when kg merged nothing)."""
        merged = self.true_positives + self.false_positives
        return self.true_positives / merged if merged else 1.0

    @property
    def recall(self) -> float:
        """Share of the gold file's merges that kg makes (1.0 when the gold has none)."""
        same = self.true_positives + self.false_negatives
        return self.true_positives / same if same else 1.0

    def format(self, verbose: bool = False) -> str:
        """Precision and recall on one line (with the wrong and missed pairs when ``verbose``)."""
        lines = [
            f"merges: precision {self.precision:.3f} recall {self.recall:.3f} "
            f"(tp {self.true_positives}, fp {self.false_positives}, fn {self.false_negatives})"
        ]
        if verbose:
            lines += [f"  wrong merge: {pair}" for pair in self.wrong]
            lines += [f"  missed merge: {pair}" for pair in self.missed]
            lines += [f"  not recognized: {name}" for name in self.unrecognized]
        return "\n".join(lines)


def read_merge_gold(path: Path) -> list[frozenset[str]]:
    """The ``[[same]]`` groups of a merge gold file, as sets of normalized names. InputError for
    a file that cannot be read or is not such TOML."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a merge gold file ([[same]] names = [...]): {exc}") from None
    tables = data.get("same")
    if not isinstance(tables, list) or not tables:
        raise InputError(f"{path}: not a merge gold file: no [[same]] tables (names = [...])")
    groups = []
    for number, table in enumerate(tables, 1):
        # A string is iterable too: names = "Swiss Embassy" was read as its letters, each a
        # name, and scored.
        names = table.get("names") if isinstance(table, dict) else None
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(name, str) and name.strip() for name in names)
        ):
            raise InputError(f"{path}: [[same]] number {number} needs names = a list of names")
        groups.append(frozenset(normalize(name) for name in names))
    return groups


def evaluate_merges(store: Store, gold: Path) -> MergeScore:
    """Score the store's identities of organisations across its reports against ``gold``."""
    from kg.graph.vocab import ENTITIES_GRAPH, MERGES_GRAPH
    from kg.store.local import sparql_prefixes

    groups = read_merge_gold(gold)
    prefixes = sparql_prefixes()
    names: dict[tuple[str, str], set[str]] = {}
    for row in store.oxigraph.query(_UNITS % (ENTITIES_GRAPH, MERGES_GRAPH), prefixes=prefixes):
        names.setdefault((row["g"].value, row["org"].value), set()).add(row["name"].value)
    same = {
        row["org"].value: row["same"].value
        for row in store.oxigraph.query(_SAME % MERGES_GRAPH, prefixes=prefixes)
    }
    units = sorted(names)

    def group(unit: tuple[str, str]) -> object:
        normal = {normalize(n) for n in names[unit]}
        for number, members in enumerate(groups):
            if normal & members:
                return number
        return min(normal)

    score = MergeScore()
    for one, other in combinations(units, 2):
        if one[0] == other[0]:
            continue
        merged = same.get(one[1], one[1]) == same.get(other[1], other[1])
        gold_same = group(one) == group(other)
        pair = f"{min(names[one])} / {min(names[other])}"
        if merged and gold_same:
            score.true_positives += 1
        elif merged:
            score.false_positives += 1
            score.wrong.append(pair)
        elif gold_same:
            score.false_negatives += 1
            score.missed.append(pair)
    carried = {normalize(n) for ns in names.values() for n in ns}
    score.unrecognized = sorted({n for g in groups for n in g} - carried)
    return score
