"""One identity per organisation across reports: which organisations, each named by its own
IRI in the reports that name it, are one organisation spelt differently.

Within a report kg.extract.resolve merges the names a report uses for one organisation; across
reports an organisation without a curated entry gets the IRI its label mints, so "Swedish
Embassy" (2023) and "Embassy of Sweden" (2024) are two IRIs. ``match`` compares every two of
them by their names, with these rules, strongest first (rapidfuzz scores the strings):

``same-name``
    a name of one is a name of the other, accents, case, punctuation and a leading article
    aside ("IWLN" defined in one report and used bare in another). Score 100.
``acronym``
    an acronym of one is the initials of a full name of the other, small words aside
    ("NWMO" and "Network of Women Mayors of Oaxaca"; kg.store.names.initials). Score 100.
``qualifiers``
    the words of one name are the words of the other plus qualifiers only: a legislature's
    number, "legislature", "honorable" ("LXI Legislature of the Congress of Oaxaca" and
    "Congress of Oaxaca"). Score: rapidfuzz ``token_set_ratio``.
``word-forms``
    the names share their words but for word forms of one stem (letters only: "Unit 1" and
    "Unit 2" differ), each pair close by Jaro-Winkler (at least 0.84) with a common prefix of
    at least three letters ("Swedish Embassy" and "Embassy of Sweden", "Mexican"/"Mexico").
    Score: rapidfuzz ``token_sort_ratio`` of the two names' words.

An acronym is weak evidence: two bodies can share one ("INE" is Mexico's electoral institute
and Guatemala's statistics institute). So the acronym rules, and a same-name match on an
acronym, hold only when the two organisations' full names do not ``contradict``, and an
organisation that matches two bodies which contradict each other (an "INE" named alone)
merges with neither.

A country's own bodies (kg.extract.scope: "Ministry of Finance") carry their country in their
IRI; two of different countries are never compared.

Names are compared in one form: accents folded, case aside, Spanish organisation words put in
English (kg.extract.resolve's table), small words and a trailing plural "s" dropped. Two
organisations that both carry a curated identifier (``skos:notation``) are never merged: the
gazetteer says they differ. What the rules miss (translations such as "Red Nacional de
Refugios" / "National Network of Shelters", "Swiss"/"Switzerland", "Government of Oaxaca" /
"Government of the State of Oaxaca") a merges file can add.

The result is deterministic: organisations are compared in IRI order, the first rule that fits
a pair decides, and the names it matched are the first such pair in sorted order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler, Prefix

from kg.extract.gazetteer import fold
from kg.extract.matcher import is_acronym
from kg.extract.resolve import comparable_word
from kg.extract.scope import scope_of
from kg.store.names import SMALL_WORDS, initials

RULES = ("same-name", "acronym", "qualifiers", "word-forms")
# Words a name may add without naming another body: a legislature's number (roman numerals),
# the kind of sitting and courtesy titles. Not "state": "Congress of Mexico" (the federal
# congress) and "Congress of the State of Mexico" are two bodies.
_QUALIFIERS = frozenset("legislature honorable honourable h".split())
_ROMAN = re.compile(r"^[ivxlc]+$")
_WORD = re.compile(r"[^\W_]+")
_SIMILAR_WORD = 0.84
_COMMON_PREFIX = 3


@dataclass(frozen=True)
class Organisation:
    """An organisation as the store holds it: its IRI, its names (label first) and whether a
    curated entry identifies it (``skos:notation``)."""

    iri: str
    names: tuple[str, ...]
    curated: bool = False


@dataclass(frozen=True)
class Match:
    """Two organisations judged one: their IRIs (``a`` < ``b``), the rule that decided, its
    score (0-100) and the two names it compared."""

    a: str
    b: str
    rule: str
    score: float
    names: tuple[str, str]


@cache
def words(name: str) -> tuple[str, ...]:
    """The words of ``name`` as compared: folded, lower case, in English, small words and a
    plural "s" dropped ("Embajada de Suecia" -> ("embassy", "suecia"))."""
    return tuple(
        comparable_word(word)
        for word in _WORD.findall(fold(name).casefold())
        if word not in SMALL_WORDS
    )


def match(organisations: Sequence[Organisation]) -> list[Match]:
    """Every pair of ``organisations`` one of the rules judges one organisation, in IRI order.
    Candidate pairs come from hash indexes (``_candidates``), so the pairs compared grow with
    the organisations that share a key, not with the square of all organisations."""
    ordered = sorted({o.iri: o for o in organisations}.values(), key=lambda o: o.iri)
    found: list[Match] = []
    for i, j in sorted(_candidates(ordered)):
        one, other = ordered[i], ordered[j]
        if (one.curated and other.curated) or scope_of(one.iri) != scope_of(other.iri):
            continue
        decided = _decide(one, other)
        if decided is not None:
            found.append(decided)
    return _unambiguous(found, {o.iri: o for o in ordered})


def contradict(one: Organisation, other: Organisation) -> bool:
    """Whether the full names (not acronyms) of ``one`` and ``other`` say they are two bodies:
    both have full names and no two of them agree (``_agree``). A shared acronym is not enough
    to merge such a pair: "INE" is Mexico's Instituto Nacional Electoral and Guatemala's
    Instituto Nacional de Estadística."""
    full_one = [n for n in one.names if not is_acronym(n)]
    full_other = [n for n in other.names if not is_acronym(n)]
    if not full_one or not full_other:
        return False
    return not any(_agree(words(x), words(y)) for x in full_one for y in full_other)


def _agree(x: Sequence[str], y: Sequence[str]) -> bool:
    """Whether two full names' words may name one body: they share no word (another language
    or wording: the words cannot tell), one adds words to the other, or the words each has
    alone pair up as word forms ("Swedish"/"Sweden"). "Commission" against "Council" with the
    rest shared is a disagreement."""
    core_x, core_y = _core(x), _core(y)
    if not core_x & core_y:
        return True
    alone_x, alone_y = core_x - core_y, core_y - core_x
    if not alone_x or not alone_y:
        return True
    return _word_forms(sorted(core_x), sorted(core_y))


def _unambiguous(found: Sequence[Match], by_iri: dict[str, Organisation]) -> list[Match]:
    """``found`` without the matches of an organisation that matches two bodies which
    ``contradict``: "INE" alone beside the electoral and the statistics institutes is neither."""
    partners: dict[str, set[str]] = {}
    for m in found:
        partners.setdefault(m.a, set()).add(m.b)
        partners.setdefault(m.b, set()).add(m.a)

    def torn(iri: str, partner: str) -> bool:
        return any(
            contradict(by_iri[partner], by_iri[other]) for other in partners[iri] - {partner}
        )

    return [m for m in found if not torn(m.a, m.b) and not torn(m.b, m.a)]


def _candidates(ordered: Sequence[Organisation]) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth comparing, found by hashing alone (no pair of organisations
    is scored unless it shares a key): the same words; the same words without qualifiers; an
    acronym and a full name with those initials; the same words cut to their first three
    letters (what the word-forms rule needs: its word pairs share a prefix of three)."""
    shared: dict[tuple[str, ...], set[int]] = {}
    acronyms: dict[str, set[int]] = {}
    spelled: dict[str, set[int]] = {}
    for index, organisation in enumerate(ordered):
        for name in organisation.names:
            name_words = words(name)
            shared.setdefault(("name", *name_words), set()).add(index)
            if is_acronym(name):
                acronyms.setdefault(name.casefold(), set()).add(index)
                continue
            spelled.setdefault(initials(name), set()).add(index)
            shared.setdefault(("core", *sorted(_core(name_words))), set()).add(index)
            stems = sorted(w[:_COMMON_PREFIX] if w.isalpha() else w for w in set(name_words))
            shared.setdefault(("stems", *stems), set()).add(index)
    pairs = {pair for members in shared.values() for pair in combinations(sorted(members), 2)}
    for acronym, holders in acronyms.items():
        pairs.update(
            (min(i, j), max(i, j)) for i in holders for j in spelled.get(acronym, ()) if i != j
        )
    return pairs


def _core(name_words: Sequence[str]) -> frozenset[str]:
    return _core_of(frozenset(name_words))


@cache
def _core_of(name_words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in name_words if w not in _QUALIFIERS and not _ROMAN.match(w))


def _decide(one: Organisation, other: Organisation) -> Match | None:
    """The first rule that judges ``one`` and ``other`` one organisation, or None."""
    pairs = [(x, y) for x in sorted(one.names) for y in sorted(other.names)]
    acronym = {name: is_acronym(name) for name in (*one.names, *other.names)}
    apart = contradict(one, other)
    for x, y in pairs:
        if words(x) and words(x) == words(y) and not (apart and acronym[x]):
            return Match(one.iri, other.iri, "same-name", 100.0, (x, y))
    for x, y in pairs:
        if apart:
            break
        short, full = (x, y) if acronym[x] else (y, x)
        if acronym[short] and not acronym[full] and short.casefold() == initials(full):
            return Match(one.iri, other.iri, "acronym", 100.0, (x, y))
    for x, y in pairs:
        if acronym[x] or acronym[y]:
            continue
        wx, wy = set(words(x)), set(words(y))
        if wx != wy and len(_core(wx)) >= 2 and _core(wx) == _core(wy):
            score = fuzz.token_set_ratio(" ".join(words(x)), " ".join(words(y)))
            return Match(one.iri, other.iri, "qualifiers", round(score, 1), (x, y))
    for x, y in pairs:
        if acronym[x] or acronym[y]:
            continue
        if _word_forms(words(x), words(y)):
            score = fuzz.token_sort_ratio(" ".join(words(x)), " ".join(words(y)))
            return Match(one.iri, other.iri, "word-forms", round(score, 1), (x, y))
    return None


def _word_forms(x: Sequence[str], y: Sequence[str]) -> bool:
    """Whether ``x`` and ``y`` share at least one word and pair their other words one to one
    as forms of one stem (Jaro-Winkler and a common prefix)."""
    shared = set(x) & set(y)
    rest_x = sorted(set(x) - shared)
    rest_y = sorted(set(y) - shared)
    if not shared or not rest_x or len(rest_x) != len(rest_y):
        return False
    for a, b in zip(rest_x, _best_order(rest_x, rest_y), strict=True):
        if not (a.isalpha() and b.isalpha()):
            return False  # "Unit 1" and "Unit 2", "g001" and "g002" are other bodies
        if JaroWinkler.similarity(a, b) < _SIMILAR_WORD or Prefix.similarity(a, b) < _COMMON_PREFIX:
            return False
    return True


def _best_order(rest_x: Sequence[str], rest_y: Sequence[str]) -> list[str]:
    """``rest_y`` ordered so that each word faces its most similar word of ``rest_x``."""
    left = list(rest_y)
    ordered = []
    for word in rest_x:
        best = max(left, key=lambda w: (JaroWinkler.similarity(word, w), w))
        left.remove(best)
        ordered.append(best)
    return ordered
