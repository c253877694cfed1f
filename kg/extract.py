"""Document -> mentions, figures and relations, each tied to the sentence it came from.

Pure Python: no rdflib here. Names are found with one compiled pattern per document (longest
name wins, so "El Colegio de México" is a partner, not the place México inside it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kg import gazetteer
from kg.gazetteer import PARTNER, PLACE, PROGRAMME, fold
from kg.model import Document, Entity, Extraction, Figure, Mention, Relation, Sentence

# Derived direct links: (subject type, object type) -> predicate name in the vocabulary.
LINKS = {
    ("outcome", PROGRAMME): "involvesProgramme",
    ("outcome", PARTNER): "involvesPartner",
    ("outcome", PLACE): "concernsPlace",
    (PROGRAMME, PARTNER): "hasPartner",
    (PARTNER, PARTNER): "collaboratesWith",
    (PROGRAMME, PLACE): "operatesIn",
    (PARTNER, PLACE): "activeIn",
}

_FIGURE = re.compile(
    r"(?<![\w.,])(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<unit>\s?%|\s(?:percent|per cent))?"
    r"(?:\s(?P<counts>(?:[A-Za-zÀ-ÿ'-]+\s){0,3}?(?:[a-zà-ÿ'-]+s|women|men|people|children|"
    r"girls|staff|personnel)))?(?![\w])"
)


@dataclass(frozen=True)
class Matcher:
    """A compiled pattern over every name of every entity a document may mention."""

    pattern: re.Pattern[str]
    exact: dict[str, str]
    loose: dict[str, str]

    def find(self, text: str) -> Iterable[tuple[int, int, str]]:
        """Yield (start, end, entity key) for each name in ``text``."""
        for match in self.pattern.finditer(fold(text)):
            name = match[0]
            key = self.exact.get(name) or self.loose.get(name.casefold())
            if key is not None:
                yield match.start(), match.end(), key


def entities_for(document: Document) -> dict[str, Entity]:
    """The entities a document can mention: curated partners and programmes, and places."""
    code = document.country_code
    candidates = [*gazetteer.curated(PARTNER), *gazetteer.curated(PROGRAMME)]
    candidates += gazetteer.countries()
    if code:
        candidates += gazetteer.subdivisions(code)
        candidates += gazetteer.cities(code)
    entities: dict[str, Entity] = {}
    for entity in candidates:
        entities.setdefault(entity.key, entity)
    return entities


def build_matcher(entities: Iterable[Entity]) -> Matcher:
    """Compile one pattern; acronyms match exactly, longer names ignore case and accents."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for entity in entities:
        for name in (entity.label, *entity.aliases):
            folded = fold(name)
            if _is_acronym(name):
                exact.setdefault(folded, entity.key)
            else:
                loose.setdefault(folded.casefold(), entity.key)
    names = sorted({*exact, *loose}, key=lambda n: (-len(n), n))
    body = "|".join(re.escape(n) for n in names) or r"(?!x)x"
    flags = re.IGNORECASE if loose else 0
    return Matcher(re.compile(rf"(?<![\w#@])(?:{body})(?![\w])", flags), exact, loose)


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(name) <= 10 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def extract(document: Document) -> Extraction:
    """Find every mention, figure and derived link in ``document``."""
    entities = entities_for(document)
    matcher = build_matcher(entities.values())
    result = Extraction(document=document)
    for outcome in document.outcomes:
        for sentence in outcome.sentences:
            for start, end, key in matcher.find(sentence.text):
                result.mentions.append(
                    Mention(
                        entity=key,
                        outcome=outcome.id,
                        sentence=sentence,
                        start=sentence.start + start,
                        end=sentence.start + end,
                        surface=sentence.text[start:end],
                    )
                )
    seen: dict[str, set[str]] = defaultdict(set)
    for mention in result.mentions:
        seen[mention.entity].add(mention.surface)
    result.entities = {k: _with_aliases(entities[k], seen[k]) for k in sorted(seen)}
    if document.country_code:
        country = f"place/{document.country_code.lower()}"
        result.entities.setdefault(country, entities[country])
    result.figures = list(_figures(document, result.mentions))
    result.relations = derive_relations(result.mentions, result.entities)
    if not seen:
        result.warnings.append(f"{document.source}: no partner, programme or place recognized")
    return result


def _with_aliases(entity: Entity, surfaces: set[str]) -> Entity:
    """The entity with every spelling the report used added to its aliases."""
    new = sorted(surfaces - {entity.label, *entity.aliases})
    return replace(entity, aliases=(*entity.aliases, *new)) if new else entity


def _figures(document: Document, mentions: list[Mention]) -> Iterable[Figure]:
    by_sentence: dict[tuple[int, int], list[str]] = defaultdict(list)
    for m in mentions:
        if m.entity not in by_sentence[(m.sentence.start, m.sentence.end)]:
            by_sentence[(m.sentence.start, m.sentence.end)].append(m.entity)
    for outcome in document.outcomes:
        for sentence in outcome.sentences:
            for match in _FIGURE.finditer(sentence.text):
                unit = "percent" if match["unit"] else "count"
                counts = (match["counts"] or "").strip()
                if unit == "count" and not counts:
                    continue
                yield Figure(
                    value=float(match["value"].replace(",", "")),
                    unit=unit,
                    counts=counts,
                    text=match[0].strip(),
                    outcome=outcome.id,
                    sentence=sentence,
                    start=sentence.start + match.start(),
                    end=sentence.start + match.end(),
                    entities=tuple(by_sentence.get((sentence.start, sentence.end), ())),
                )


def derive_relations(mentions: list[Mention], entities: dict[str, Entity]) -> list[Relation]:
    """Direct links between outcomes and entities, and between entities named in one sentence."""
    support: dict[tuple[str, str, str], dict[tuple[int, int], Sentence]] = defaultdict(dict)
    by_sentence: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_sentence[(m.sentence.start, m.sentence.end)].append(m)
        predicate = LINKS[("outcome", entities[m.entity].type)]
        support[(predicate, f"outcome/{m.outcome}", m.entity)][_span(m.sentence)] = m.sentence
    for group in by_sentence.values():
        keys = sorted({m.entity for m in group})
        sentence = group[0].sentence
        for a in keys:
            for b in keys:
                predicate = LINKS.get((entities[a].type, entities[b].type))
                if predicate is None or a == b:
                    continue
                if predicate == "collaboratesWith" and a > b:
                    continue
                support[(predicate, a, b)][_span(sentence)] = sentence
    return [
        Relation(p, s, o, tuple(v for _, v in sorted(sents.items())))
        for (p, s, o), sents in sorted(support.items())
    ]


def _span(sentence: Sentence) -> tuple[int, int]:
    return sentence.start, sentence.end
