"""Merge the names a report uses for one organisation or programme into one entity.

Names are one entity when a definition ties them ("National Institute of Women (INMUJERES)"),
when a curated gazetteer entry lists them, or when they use the same words in another order or
language: "National Women's Institute", "National Institute of Women" and "Instituto Nacional
de las Mujeres" all reduce to {institute, national, women}. Keys are minted from the preferred
name, so the same partner gets the same IRI in every report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from kg.extract.gazetteer import fold, slugify
from kg.extract.matcher import is_acronym
from kg.extract.recognize import Candidate, is_sitting, is_specific
from kg.model import Entity

# Spanish organisation vocabulary -> English, for comparing names across languages.
TRANSLATIONS = {
    "instituto": "institute",
    "nacional": "national",
    "mujeres": "women",
    "mujer": "women",
    "ministerio": "ministry",
    "secretaria": "secretariat",
    "comision": "commission",
    "consejo": "council",
    "fondo": "fund",
    "fundacion": "foundation",
    "universidad": "university",
    "banco": "bank",
    "asociacion": "association",
    "red": "network",
    "programa": "programme",
    "program": "programme",
    "iniciativa": "initiative",
    "alianza": "alliance",
    "campana": "campaign",
    "estrategia": "strategy",
    "defensoria": "ombudsman",
    "pueblo": "people",
    "igualdad": "equality",
    "genero": "gender",
    "derechos": "rights",
    "humanos": "human",
    "justicia": "justice",
    "salud": "health",
    "trabajo": "labour",
    "labor": "labour",
    "federal": "federal",
    "estado": "state",
    "gobierno": "government",
    "embajada": "embassy",
    "oficina": "office",
    "agencia": "agency",
    "cooperacion": "cooperation",
    "internacional": "international",
    "desarrollo": "development",
    "centro": "centre",
    "center": "centre",
    "organizacion": "organization",
    "organisation": "organization",
    "defense": "defence",
    "policia": "police",
    "violencia": "violence",
    "mexicano": "mexican",
    "colombiano": "colombian",
    "corte": "court",
    "tribunal": "court",
    "congreso": "congress",
}
_STOP = frozenset(
    "of for the and to on in de del la las los el y para a an s against contra por between un "
    "united nations".split()
)
_PROGRAMME_TAIL = frozenset(
    "programme initiative campaign strategy methodology alliance project".split()
)
_TYPE_WORDS = _PROGRAMME_TAIL | {"program"}


_ALNUM = re.compile(r"[^\W_]+")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def comparable_word(word: str) -> str:
    """A folded, lower-case word as names are compared: in English (``TRANSLATIONS``) and
    without a plural "s" ("instituciones" -> "institucione", "embassies" -> "embassie")."""
    word = TRANSLATIONS.get(word, word)
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


@cache
def signature(name: str) -> frozenset[str]:
    """The words of a name that identify it, in any order and either language."""
    words = _ALNUM.findall(_INNER_HYPHEN.sub("", fold(name).casefold()))
    result = set()
    for word in words:
        if word in _STOP:
            continue
        result.add(comparable_word(word))
    core = result - _PROGRAMME_TAIL
    return frozenset(core if len(core) >= 2 else result)


@cache
def _curated_groups(curated: tuple[Entity, ...]) -> tuple[dict[str, Entity], dict[str, str]]:
    """Curated names by normalised form, and their union-find state (computed once)."""
    groups = _Groups()
    known: dict[str, Entity] = {}
    for entity in curated:
        names = [entity.label, *entity.aliases]
        for name in names:
            known.setdefault(_norm(name), entity)
            groups.union(_norm(names[0]), _norm(name))
        for name in names:
            if not is_acronym(name) and len(signature(name)) >= 2:
                groups.union(_norm(names[0]), "sig:" + " ".join(sorted(signature(name))))
    return known, groups.parent


class _Groups:
    """Union-find over names (folded and case-folded)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, name: str) -> str:
        self.parent.setdefault(name, name)
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_THE = re.compile(r"^(?:the|The)\s+")
_NORM_WORD = re.compile(r"#?[^\W_]+")


@cache
def _norm(name: str) -> str:
    text = fold(name).strip()
    text = _THE.sub("", text)
    return " ".join(_NORM_WORD.findall(text if is_acronym(text) else text.casefold()))


def resolve(candidates: Sequence[Candidate], curated: Iterable[Entity]) -> list[Entity]:
    """The entities ``candidates`` name: curated ones with the report's spellings added, and new
    ones keyed by their preferred name."""
    known, parents = _curated_groups(tuple(curated))
    groups = _Groups()
    groups.parent = dict(parents)
    spelled: dict[str, list[str]] = defaultdict(list)
    typed: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for candidate in candidates:
        first = _norm(candidate.names[0])
        for name in candidate.names:
            norm = _norm(name)
            if not norm:
                continue
            spelled[norm].append(name)
            groups.union(first, norm)
            base = _without_programme_tail(name)
            if base is not None:
                groups.union(norm, _norm(base))
            head_phrase = _head_phrase(name)
            if head_phrase is not None:
                groups.union(norm, "sig:" + " ".join(sorted(signature(head_phrase))))
            if not is_acronym(name) and len(signature(name)) >= 2:
                groups.union(norm, "sig:" + " ".join(sorted(signature(name))))
        typed[first].append((candidate.type, candidate.kind))
    members: dict[str, list[str]] = defaultdict(list)
    for norm in spelled:
        members[groups.find(norm)].append(norm)
    curated_roots: dict[str, Entity] = {}
    for norm in sorted(known):
        curated_roots.setdefault(groups.find(norm), known[norm])
    entities = []
    for root, norms in sorted(members.items()):
        curated_entity = next((known[n] for n in sorted(norms) if n in known), None)
        if curated_entity is None:
            curated_entity = curated_roots.get(root)
        surfaces = sorted({s for n in norms for s in spelled[n]})
        if curated_entity is not None:
            entities.append(_with_names(curated_entity, surfaces))
            continue
        kinds = [t for n in norms for t in typed.get(n, ())]
        if not kinds:
            continue
        entities.append(_new_entity(surfaces, kinds))
    return entities


_BEFORE_OF = re.compile(r"(\S+(?:\s+\S+)+?)\s+(?:of|for|on|in|de|del|para|en)\s+")


def _head_phrase(name: str) -> str | None:
    """ "Inter-American Court of Human Rights" -> "Inter-American Court": the words before the
    first "of"/"for", by which a report may name the same body again."""
    match = _BEFORE_OF.match(name)
    if match is None or is_acronym(name):
        return None
    words = match[1].split()
    if len(words) < 2 or not words[0][0].isupper() or not is_specific(match[1]):
        return None
    return match[1]


def _without_programme_tail(name: str) -> str | None:
    """ "MOWIP Methodology" -> "MOWIP", "SCE program" -> "SCE": a name plus its type word."""
    words = name.split()
    if len(words) >= 2 and words[-1].casefold() in _TYPE_WORDS:
        rest = " ".join(words[:-1])
        return rest if is_acronym(rest) or rest.startswith("#") else None
    return None


def _with_names(entity: Entity, surfaces: list[str]) -> Entity:
    from dataclasses import replace

    new = [s for s in surfaces if s not in (entity.label, *entity.aliases)]
    return replace(entity, aliases=(*entity.aliases, *new)) if new else entity


# Ties between kinds go to the one context tells most reliably ("companies like X").
_KIND_ORDER = [
    "private-sector",
    "government",
    "un-agency",
    "academia",
    "donor",
    "media",
    "international",
    "civil-society",
    "joint-programme",
    "programme",
    "initiative",
    "alliance",
    "campaign",
    "strategy",
    "methodology",
]
_TYPE_WORD_TAIL = re.compile(
    r"\s(?:campaign|initiative|programme|program|strategy|methodology|alliance|project)$"
)


def _new_entity(surfaces: list[str], kinds: list[tuple[str, str | None]]) -> Entity:
    """A partner or programme first seen in this report: the longest full name is its label."""
    types = sorted({t for t, _ in kinds}, key=lambda t: (-sum(1 for k in kinds if k[0] == t), t))
    entity_type = types[0]
    votes = [k for t, k in kinds if t == entity_type and k]
    kind = min(votes, key=lambda k: (-votes.count(k), _kind_rank(k))) if votes else None
    names = [s for s in surfaces if not _TYPE_WORD_TAIL.search(s)] or surfaces
    full = [s for s in names if not is_acronym(s) and not s.startswith("#") and not is_sitting(s)]
    label = max(full or names, key=lambda s: (len(s.split()) <= 12, len(s), s))
    aliases = tuple(sorted(set(surfaces) - {label}))
    return Entity(
        key=f"{entity_type}/{slugify(label) or 'unnamed'}",
        type=entity_type,
        label=label,
        aliases=aliases,
        kind=kind,
    )


def _kind_rank(kind: str) -> int:
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
