"""Document -> mentions, figures and relations, each tied to the sentence it came from.

Pure Python: no rdflib here. A country's curated names and places form a lexicon built once per
process; each report adds the partners and programmes recognized in its own text
(kg.extract.recognize, merged by kg.extract.resolve). Longest name wins, so "El Colegio de
México" is a partner, not the place México inside it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from kg.errors import InputError
from kg.extract import gazetteer
from kg.extract.context import reading
from kg.extract.figures import find_figures
from kg.extract.gazetteer import PARTNER, PLACE, PROGRAMME, fold
from kg.extract.matcher import Lexicon
from kg.extract.participations import read_participations
from kg.extract.recognize import (
    candidates,
    distributed_spans,
    glossary_candidates,
    head_of,
    parent_body,
)
from kg.extract.reporting import reporting_as, reporting_organisation
from kg.extract.resolve import resolve
from kg.extract.scope import country_scoped, scoped_key
from kg.model import Document, Entity, Extraction, Mention, Relation, Sentence

# Links from an outcome to what its narrative names: (object type) -> predicate name. Links to
# partners, and between programmes, partners and places, come from participations
# (kg.extract.participations).
OUTCOME_LINKS = {PROGRAMME: "involvesProgramme", PLACE: "concernsPlace"}


@dataclass(frozen=True)
class Base:
    """What every report of one country may mention: curated entities, places, their lexicon."""

    entities: dict[str, Entity]
    lexicon: Lexicon
    place_names: frozenset[str]
    city_of: dict[str, str]


@cache
def base_for(country_code: str | None) -> Base:
    """The entities and lexicon for reports of one country, built once per country and process."""
    subdivisions = gazetteer.subdivisions(country_code) if country_code else ()
    state_names = {fold(s.label).casefold(): s.key for s in subdivisions}
    city_of: dict[str, str] = {}
    cities = []
    for city in gazetteer.cities(country_code) if country_code else ():
        state = state_names.get(fold(city.label).casefold())
        if state is not None:
            city_of[state] = city.key
            city = replace(city, aliases=(*city.aliases, f"{city.label} City"))
        cities.append(city)
    candidates = [
        *gazetteer.curated(PARTNER),
        *gazetteer.curated(PROGRAMME),
        *gazetteer.countries(),
        *gazetteer.curated_for(PLACE, country_code),
        *subdivisions,
        *cities,
    ]
    entities: dict[str, Entity] = {}
    lexicon = Lexicon()
    for entity in candidates:
        if entity.key in entities:
            continue
        entities[entity.key] = entity
        for name in (entity.label, *entity.aliases):
            lexicon.add(name, entity.key)
    place_names = frozenset(
        fold(name).casefold()
        for e in entities.values()
        if e.type == PLACE
        for name in (e.label, *e.aliases)
    )
    return Base(entities, lexicon, place_names, city_of)


# Bounds that keep extraction (and the graph built from it) proportionate to real reports: a
# results report runs to tens of thousands of characters, a sentence to a few hundred.
MAX_NARRATIVE = 2_000_000
MAX_SENTENCE = 20_000


def entities_for(document: Document) -> tuple[dict[str, Entity], Lexicon]:
    """The entities a document can mention and the lexicon that finds them: the country's base
    plus the partners and programmes recognized in this document's own text."""
    base = base_for(document.country_code)
    sentences = [s.text for s in _prose(document)]
    found = resolve(
        [
            *candidates(sentences, base.place_names),
            *glossary_candidates(document.glossary, base.place_names),
        ],
        [*gazetteer.curated(PARTNER), *gazetteer.curated(PROGRAMME)],
    )
    entities = dict(base.entities)
    lexicon = Lexicon(parent=base.lexicon)
    for entity in _in_country_scope(found, document):
        if entity.key in base.entities and entity.type == PLACE:
            known = base.entities[entity.key]
            new = [
                n for n in (entity.label, *entity.aliases) if n not in (known.label, *known.aliases)
            ]
            entity = replace(known, aliases=(*known.aliases, *new))
            entities[entity.key] = entity
        elif entity.key in base.entities:
            entities[entity.key] = entity
        else:
            entities.setdefault(entity.key, entity)
        for name in (entity.label, *entity.aliases):
            lexicon.add(name, entity.key)
    return entities, lexicon


def _in_country_scope(found: Sequence[Entity], document: Document) -> list[Entity]:
    """``found`` with each partner no curated entry names that is its country's own
    (kg.extract.scope: "Ministry of Finance") keyed in the report's country, with its name and
    country as an alias ("Ministry of Finance (Mexico)") that tells it from another country's;
    and each place found in the text keyed in the report's country."""
    if not document.country_code or not document.country:
        return list(found)
    curated = {e.key for e in gazetteer.curated(PARTNER)}
    return [
        replace(
            e,
            key=scoped_key(e.key, document.country_code),
            aliases=(*e.aliases, f"{e.label} ({document.country})"),
        )
        if e.type == PARTNER and e.key not in curated and country_scoped(e.label)
        else _found_place(e, document.country_code)
        if e.type == PLACE
        else e
        for e in found
    ]


def _found_place(entity: Entity, country_code: str) -> Entity:
    """A place found in the text by its cue ("the municipality of X", a list of places): the
    GeoNames city it names where there is one ("Lago Agrio" is Nueva Loja), else a place of the
    report's country (two countries have a San Marcos)."""
    city = gazetteer.city_named(entity.label, country_code)
    if city is None:
        return replace(entity, key=scoped_key(entity.key, country_code))
    names = {entity.label, *entity.aliases} - {city.label}
    return replace(city, aliases=tuple(sorted(names)))


def _prose(document: Document) -> list[Sentence]:
    """The narrative sentences kg reads: all but run-ons too long to be prose."""
    return [s for o in document.outcomes for s in o.sentences if len(s.text) <= MAX_SENTENCE]


def _check_size(document: Document) -> list[str]:
    """Refuse a narrative too long for one report; warn about sentences that are not prose."""
    size = sum(len(s.text) for o in document.outcomes for s in o.sentences)
    if size > MAX_NARRATIVE:
        raise InputError(
            f"{document.source}: {size:,} characters of narrative; kg extracts at most "
            f"{MAX_NARRATIVE:,} per report (split it into several reports)"
        )
    return [
        f"{document.source}: a sentence of {len(s.text):,} characters at offset {s.start} is not "
        "prose; kg recognized nothing in it"
        for o in document.outcomes
        for s in o.sentences
        if len(s.text) > MAX_SENTENCE
    ]


# An office's head, the organisation it may name ("Oficina Regional de ONU Mujeres", "Regional
# Office of UNICEF") and the word that opens its remit, ending where a place name starts.
# Capitalised, as a name is: in "the country office in Chile" the place is where it works.
_OFFICE_FOR = re.compile(
    r"(?:\b(?:Country|Regional|Sub-?[Rr]egional|Multi-Country|Liaison)\s+Offices?"
    r"|\bOficinas?\s+(?:Regional(?:es)?|Subregional|de\s+País|Multipaís|de\s+Enlace))"
    r"(?:\s+(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?[A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*){0,3})?"
    r"\s+(?:for|of|para|de)\s+(?:the\s+|la\s+|las\s+|el\s+|los\s+)?$"
)
# What joins two places of one remit: a comma or "and", and an article.
_REMIT_GOES_ON = re.compile(
    r"\s*(?:,\s*|\s(?:and|y|e)\s+)(?:the\s+|la\s+|las\s+|el\s+|los\s+)?", re.IGNORECASE
)


def extract(document: Document) -> Extraction:
    """Find every mention, figure and derived link in ``document`` (for an IATI activity file,
    what its activities declare: kg.extract.iati)."""
    if document.activities:
        from kg.extract.iati import extract_declared

        return extract_declared(document)
    organisation, unnamed = reporting_organisation(document)
    with reporting_as(organisation):
        result = _extract_text(document, organisation.key)
    result.reporting = organisation
    if unnamed:
        result.warnings.append(unnamed)
    return result


def _extract_text(document: Document, own: str) -> Extraction:
    """``extract`` for a report's text, read as the report of the organisation keyed ``own``:
    its name is never one of its partners."""
    skipped = _check_size(document)
    entities, lexicon = entities_for(document)
    city_of = base_for(document.country_code).city_of
    result = Extraction(document=document, warnings=skipped)
    spellings: dict[str, set[str]] = defaultdict(set)
    for outcome in document.outcomes:
        for sentence in outcome.sentences:
            if len(sentence.text) > MAX_SENTENCE:
                continue
            titles = _quoted_titles(sentence.text)
            office_end = None
            for start, end, key, named in _find(sentence.text, lexicon):
                if entities[key].type == PROGRAMME and _IN_LAW.search(sentence.text, 0, start):
                    continue
                read = reading(sentence.text, start, end, entities[key])
                if read is None:
                    continue
                key = read.key
                if key == own:
                    continue
                entities.setdefault(key, read)
                if entities[key].type == PLACE:
                    if _in_office_name(sentence.text, start, office_end):
                        office_end = end
                        continue
                    if _inside_name(sentence.text, end) or any(a <= start < b for a, b in titles):
                        continue
                    key = _city_by_context(sentence.text, start, key, city_of)
                if named:
                    spellings[key].add(_spelling(sentence.text[start:end]))
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
    seen = {m.entity for m in result.mentions}
    result.entities = {k: _with_aliases(entities[k], spellings[k]) for k in sorted(seen)}
    result.spellings = {k: tuple(sorted(spellings[k])) for k in sorted(seen)}
    if document.country_code:
        country = gazetteer.country_key(document.country_code)
        result.entities.setdefault(country, entities[country])
    result.figures = list(find_figures(document, result.mentions, MAX_SENTENCE, result.warnings))
    result.participations, links = read_participations(document, result.mentions, result.entities)
    result.relations = sorted(
        [*outcome_relations(result.mentions, result.entities), *links],
        key=lambda r: (r.predicate, r.subject, r.object),
    )
    if not seen:
        result.warnings.append(
            f"{document.source}: no partner, programme or place recognized; "
            "the graph holds the outcomes only"
        )
    return result


def _find(text: str, lexicon: Lexicon) -> list[tuple[int, int, str, bool]]:
    """Names in ``text`` (start, end, key, whether the span spells a name): the lexicon's, plus
    items of a shared head ("the Ministries of National Defense and the Navy")."""
    found = [(start, end, key, True) for start, end, key in lexicon.find(text)]
    found.extend(_parents(text, found, lexicon))
    for start, end, name in distributed_spans(text):
        key = lexicon.key_of(name)
        if key is None:
            continue
        found = [f for f in found if f[1] <= start or f[0] >= end]
        found.append((start, end, key, False))
    return sorted(found)


_OFFICE = frozenset("office oficina despacho".split())


def _parents(
    text: str, found: list[tuple[int, int, str, bool]], lexicon: Lexicon
) -> list[tuple[int, int, str, bool]]:
    """The body each found name ends by belonging to, as a name of its own inside it: the
    Chamber of Deputies in "the Commission on Constitution ... of the Chamber of Deputies"
    (recognize.parent_body), not the post an office serves. kg.extract.participations reads
    only the outer name's role."""
    parents = []
    for start, end, _, _ in found:
        if text[start:end].split(" ", 1)[0].casefold() in _OFFICE:
            continue  # the office of a post ("Oficina de la Coordinadora Residente")
        parent = parent_body(text[start:end])
        key = lexicon.key_of(parent) if parent and head_of(parent.split(" ", 1)[0]) else None
        if parent and key is not None and key.startswith(f"{PARTNER}/"):
            at = start + text[start:end].rindex(parent)
            parents.append((at, at + len(parent), key, True))
    return parents


_QUOTES = re.compile(r"[\"“”]")
# A programme named inside a law's name ("the General Law of the National Care System") is the
# law's subject, not a mention of the programme at work.
_IN_LAW = re.compile(
    r"\b(?:Law|Laws|Act|Bill|Code|Decree|Ley|Código|Decreto)\s+(?:of|on|for|de|del|sobre)\s+"
    r"(?:the\s+|la\s+|el\s+)?$"
)


def _spelling(surface: str) -> str:
    """A name as an alias: the span without quotation marks or doubled spaces."""
    return " ".join(_QUOTES.sub(" ", surface).split())


_NAME_GOES_ON = re.compile(r" (?!(?:And|Or|In|On|At|The|To|For|Of|By)\b)[A-Z][a-z]")
_CITY_CONTEXT = re.compile(r"(?:city|municipality|ciudad|municipio)\s+(?:of|de)\s+$", re.I)


_QUOTED = re.compile(r"[\"“]([^\"“”]{12,400})[\"”]")


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Spans of quoted titles of four words or more: a place named in the title of a study or
    event ("Care economy in Colombia: costs and returns") is not a place the outcome concerns."""
    return [m.span(1) for m in _QUOTED.finditer(text) if len(m[1].split()) >= 4]


def _inside_name(text: str, end: int) -> bool:
    """A place name followed by more capitalised words is part of a longer name ("Buenos Aires
    Commitment", "Bali Care Economy Dialogue"), not a mention of the place."""
    return bool(_NAME_GOES_ON.match(text, end))


def _in_office_name(text: str, start: int, office_end: int | None) -> bool:
    """A place that names an office's remit is part of the office's name ("Regional Office for
    the Americas and the Caribbean", "Oficina Regional para las Américas y el Caribe"), not a
    mention of the place: it follows the office's head, or the previous such place (ending at
    ``office_end``) and a list's comma or "and"."""
    if office_end is not None and _REMIT_GOES_ON.fullmatch(text, office_end, start):
        return True
    return bool(_OFFICE_FOR.search(text, max(0, start - 80), start))


def _city_by_context(text: str, start: int, key: str, city_of: dict[str, str]) -> str:
    """ "the city of Oaxaca" is the city, "Oaxaca" alone the state."""
    city = city_of.get(key)
    if city is not None and _CITY_CONTEXT.search(text[max(0, start - 20) : start]):
        return city
    return key


def _with_aliases(entity: Entity, surfaces: set[str]) -> Entity:
    """The entity with every spelling the report used added to its aliases."""
    new = sorted(surfaces - {entity.label, *entity.aliases})
    return replace(entity, aliases=(*entity.aliases, *new)) if new else entity


def outcome_relations(mentions: list[Mention], entities: dict[str, Entity]) -> list[Relation]:
    """Links from each outcome to the programmes and places its narrative names."""
    support: dict[tuple[str, str, str], dict[tuple[int, int], Sentence]] = defaultdict(dict)
    for m in mentions:
        predicate = OUTCOME_LINKS.get(entities[m.entity].type)
        if predicate is not None:
            support[(predicate, f"outcome/{m.outcome}", m.entity)][_span(m.sentence)] = m.sentence
    return [
        Relation(p, s, o, tuple(v for _, v in sorted(sents.items())))
        for (p, s, o), sents in sorted(support.items())
    ]


def _span(sentence: Sentence) -> tuple[int, int]:
    return sentence.start, sentence.end
