"""What IATI activities declare -> the extraction model: organisations, participations, places,
classifications, figures and money flows, each with the element it came from as evidence.

One identity with reports: an organisation with an IATI organisation identifier is keyed by it
(``partner/iati-xm-dac-41122``), or by kg's curated partner that carries it (``partner/unicef``,
``data/iati/organisations.csv``); one with an empty or "N/A" ref is resolved by name against the
curated partners the way report names are (kg.extract.resolve). Countries and GeoNames places get
the keys the report reader mints (``place/mx``, ``place/geonames-3530597``).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from functools import cache
from importlib import resources

from kg.extract import gazetteer
from kg.extract.gazetteer import PARTNER, PLACE, slugify
from kg.extract.recognize import Candidate
from kg.extract.resolve import resolve
from kg.extract.scope import country_scoped, scoped_key
from kg.model import (
    Activity,
    DeclaredOrganisation,
    DeclaredPlace,
    Document,
    Element,
    Entity,
    Extraction,
    Figure,
    Flow,
    Participation,
    Relation,
)
from kg.readers.iaticodes import codelist, is_org_identifier

# Roles that make an organisation a partner of the activity (all but the publisher's).
_PARTNER_ROLES = frozenset(
    {"iati-funding", "iati-accountable", "iati-extending", "iati-implementing", "beneficiary"}
)
# IATI 1.0x organisation type words -> OrganisationType codes.
_TYPE_WORDS = {"government": "10", "multilateral": "40", "ngo": "21", "private": "70"}


def organisation_type(code: str | None) -> str | None:
    """The OrganisationType code of a declared type (2.0x code or 1.0x word), None if unknown."""
    if code is None:
        return None
    code = _TYPE_WORDS.get(code.casefold(), code)
    return code if code in codelist("OrganisationType") else None


def concept_key(scheme: str, vocabulary: str, code: str, significance: str | None = None) -> str:
    """The key of an IATI code as a SKOS concept (``iati/sector/1/12250``,
    ``iati/policy-marker/1/1-2`` for gender equality, principal objective)."""
    code = slugify(code) or "code"
    if significance is not None:
        code = f"{code}-{slugify(significance) or 'none'}"
    return f"iati/{scheme}/{slugify(vocabulary) or 'none'}/{code}"


def extract_declared(document: Document) -> Extraction:
    """The extraction of an IATI activity file: organisations keyed once across files,
    participations in IATI roles, places, sectors and policy markers, result figures, and
    money flows summed per provider, receiver, year, currency and flow type."""
    result = Extraction(document=document)
    names = _Names()
    support: dict[tuple[str, str, str], dict[tuple[int, int], Element]] = defaultdict(dict)
    roles: dict[tuple[str, str, str], dict[tuple[int, int], Element]] = defaultdict(dict)
    types: dict[tuple[str, str, str], str] = {}
    flows: dict[tuple, list] = defaultdict(list)
    for activity in document.activities:
        outcome = f"outcome/{activity.identifier}"
        declared = [*((activity.reporting,) if activity.reporting else ()), *activity.organisations]
        countries = tuple(p.code.upper() for p in activity.places if p.kind == "country" and p.code)
        for org in declared:
            key = names.key(org, countries[0] if len(countries) == 1 else None)
            if key is None:
                result.warnings.append(
                    f"{document.source}: {org.element.xpath} names no organisation; kg left it out"
                )
                continue
            triple = (key, outcome, org.role)
            roles[triple][_span(org.element)] = org.element
            kind = organisation_type(org.type)
            if kind and triple not in types:
                types[triple] = kind
            if org.role in _PARTNER_ROLES:
                support[("involvesPartner", outcome, key)][_span(org.element)] = org.element
        for place in activity.places:
            key = names.place(place, countries)
            if key is not None:
                support[("concernsPlace", outcome, key)][_span(place.element)] = place.element
        for item in activity.classifications:
            predicate = "sector" if item.scheme == "sector" else "policyMarker"
            key = concept_key(item.scheme, item.vocabulary, item.code, item.significance)
            support[(predicate, outcome, key)][_span(item.element)] = item.element
        for _, ref, element in activity.related:
            support[("relatedActivity", outcome, f"outcome/{ref}")][_span(element)] = element
        result.figures.extend(_figures(activity))
        for item in activity.money:
            provider = names.key(item.provider) if item.provider else None
            receiver = names.key(item.receiver) if item.receiver else None
            if provider is None and receiver is None:
                continue
            group = (provider, receiver, item.flow_type, item.year, item.currency)
            flows[group].append((item, activity.identifier))
    result.entities = names.entities
    result.participations = [
        Participation(
            organisation=key,
            activity=activity,
            role=role,
            evidence=tuple(v for _, v in sorted(elements.items())),
            organisation_type=types.get((key, activity, role)),
        )
        for (key, activity, role), elements in sorted(roles.items())
    ]
    result.relations = [
        Relation(p, s, o, tuple(v for _, v in sorted(elements.items())))
        for (p, s, o), elements in sorted(support.items())
        if s != o
    ]
    result.flows = [
        Flow(
            provider=provider,
            receiver=receiver,
            activities=tuple(sorted({identifier for _, identifier in items})),
            flow_type=flow_type,
            year=year,
            currency=currency,
            value=sum((item.value for item, _ in items), Decimal(0)),
            evidence=tuple(
                sorted({_span(i.element): i.element for i, _ in items}.values(), key=_span)
            ),
        )
        for (provider, receiver, flow_type, year, currency), items in sorted(
            flows.items(), key=lambda pair: tuple(str(part) for part in pair[0])
        )
        if provider is not None
    ]
    result.warnings.extend(_unnamed_flows(document, flows))
    return result


def _unnamed_flows(document: Document, flows: dict[tuple, list]) -> list[str]:
    count = sum(len(items) for group, items in flows.items() if group[0] is None)
    if not count:
        return []
    return [
        f"{document.source}: {count} transaction(s) name a receiver but no provider; kg keeps "
        "them out of the money flows"
    ]


def _figures(activity: Activity) -> list[Figure]:
    """Result indicator values as figures on the activity (its outcome)."""
    figures = []
    for value in activity.results:
        when = f" {value.year}" if value.year is not None else ""
        figures.append(
            Figure(
                value=value.value,
                unit=value.unit,
                counts=value.indicator if len(value.indicator.split()) > 1 else value.result,
                text=f"{value.measure}{when}: {value.element.text}",
                outcome=activity.identifier,
                sentence=value.element,
                start=value.element.start,
                end=value.element.end,
            )
        )
    return figures


def _span(element: Element) -> tuple[int, int]:
    return element.start, element.end


class _Names:
    """Keys and entities for the organisations and places of one file."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        # Refs that are not IATI organisation identifiers name one organisation within a file.
        self._local: dict[str, str] = {}

    def key(self, org: DeclaredOrganisation, country: str | None = None) -> str | None:
        """The key of a declared organisation: by IATI identifier, else (a publisher's own ref
        seen before in the file) as before, else by name (a country's own body in the scope of
        ``country``, the activity's one recipient country: kg.extract.scope, as a report's);
        None when it has none of these."""
        if org.ref and is_org_identifier(org.ref):
            key = _by_identifier(org.ref)
            entity = self.entities.get(key) or _identified(key, org.ref)
        elif org.ref and org.ref in self._local:
            key = self._local[org.ref]
            entity = self.entities[key]
        elif org.name:
            entity = self._by_name(org.name, country)
            if entity is None:
                return None
            key = entity.key
            entity = self.entities.get(key, entity)
            if org.ref:
                self._local[org.ref] = key
        else:
            return None
        if org.name and org.name not in (entity.label, *entity.aliases):
            entity = replace(entity, aliases=tuple(sorted({*entity.aliases, org.name})))
        self.entities[key] = entity
        return key

    def _by_name(self, name: str, country: str | None) -> Entity | None:
        entity = _resolved(name)
        if entity is None or country is None or not country_scoped(entity.label):
            return entity
        if entity.key in _curated_partner_keys():
            return entity
        return replace(
            entity,
            key=scoped_key(entity.key, country),
            aliases=(*entity.aliases, f"{entity.label} ({_country_names().get(country, country)})"),
        )

    def place(self, place: DeclaredPlace, countries: tuple[str, ...] = ()) -> str | None:
        """The key of a declared place, the report reader's where one exists (a location named
        without a code is looked for among the cities of the activity's ``countries``)."""
        entity = _place(place)
        if entity is not None and place.kind == "location" and not place.code:
            entity = _city_named(place.name or "", countries) or entity
        if entity is None:
            return None
        self.entities.setdefault(entity.key, entity)
        return entity.key


@cache
def _curated_partner_keys() -> frozenset[str]:
    return frozenset(e.key for e in gazetteer.curated(PARTNER))


@cache
def _country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> the country's name as a report's reader gives it."""
    return {dict(c.identifiers).get("iso3166", ""): c.label for c in gazetteer.countries()}


@cache
def _resolved(name: str) -> Entity | None:
    """The partner a name resolves to (kg.extract.resolve, against the curated partners)."""
    spelled = _unshouted(name)
    names = (spelled, name) if spelled != name else (name,)
    found = resolve(
        [Candidate(names, PARTNER)],
        [*gazetteer.curated(PARTNER), *gazetteer.curated("programme")],
    )
    partners = [e for e in found if e.type == PARTNER]
    return partners[0] if partners else None


_SMALL_WORDS = frozenset("of and the for in on to at by de del la las los el y en para".split())


def _unshouted(name: str) -> str:
    """A name written in capitals ("MINISTRY OF FINANCE") as a report writes it ("Ministry of
    Finance"), so that both name one organisation by one preferred name; acronyms stay."""
    words = name.split()
    if not name.isupper() or len(words) < 2:
        return name
    return " ".join(
        w.lower()
        if i and w.lower() in _SMALL_WORDS
        else w
        if len(w) <= 3 or w.startswith("(")
        else w.capitalize()
        for i, w in enumerate(words)
    )


def organisation(ref: str) -> Entity:
    """The partner IATI organisation identifier ``ref`` names (``XM-DAC-41119``: UNFPA): kg's
    curated partner when ``data/iati/organisations.csv`` gives it one or the DAC channel
    codelist names it by one of its names (``XM-DAC-41104``: ECLAC), else one named by the
    codelist or by the identifier itself."""
    return _identified(_by_identifier(ref), ref)


def _by_identifier(ref: str) -> str:
    curated = _curated_refs().get(ref.upper()) or _by_channel_name(ref.upper())
    return f"partner/{curated}" if curated else f"partner/iati-{_safe(ref)}"


@cache
def _by_channel_name(ref: str) -> str | None:
    """The curated partner (its key without ``partner/``) named exactly as the DAC channel
    codelist names ``XM-DAC-<code>``, when one alone is; None otherwise."""
    if not ref.startswith("XM-DAC-"):
        return None
    channel = codelist("CRSChannelCode").get(ref.removeprefix("XM-DAC-"))
    if not channel:
        return None
    wanted = gazetteer.fold(channel).casefold()
    found = {
        entity.key.removeprefix("partner/")
        for entity in gazetteer.curated(PARTNER)
        for name in (entity.label, *entity.aliases)
        if gazetteer.fold(name).casefold() == wanted
    }
    return found.pop() if len(found) == 1 else None


def _identified(key: str, ref: str) -> Entity:
    """The entity of an organisation identifier: kg's curated partner when it has one, else one
    named by the DAC channel codelist (``XM-DAC-<code>``) or by the identifier itself (so that
    every file gives it the same preferred name)."""
    for entity in gazetteer.curated(PARTNER):
        if entity.key == key:
            return replace(entity, identifiers=(*entity.identifiers, ("iati", ref.upper())))
    channel = codelist("CRSChannelCode").get(ref.upper().removeprefix("XM-DAC-"))
    label = channel if channel and ref.upper().startswith("XM-DAC-") else ref.upper()
    return Entity(key=key, type=PARTNER, label=label, identifiers=(("iati", ref.upper()),))


def curated_identifier(key: str) -> str | None:
    """The IATI organisation identifier of kg's curated partner ``key`` (``partner/undp`` ->
    ``XM-DAC-41114``), from ``data/iati/organisations.csv``; None when it has none there."""
    name = key.removeprefix("partner/")
    return next((ref for ref, curated in _curated_refs().items() if curated == name), None)


@cache
def _curated_refs() -> dict[str, str]:
    text = resources.files("kg.data").joinpath("iati", "organisations.csv").read_text("utf-8")
    return {row["ref"].upper(): row["key"] for row in csv.DictReader(text.splitlines())}


def _safe(ref: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "_" for c in ref.lower())


def _place(place: DeclaredPlace) -> Entity | None:
    """A declared place as an entity keyed as the report reader keys it: a country by its ISO
    code (or its name, for 1.0x files that give no code), a GeoNames place by its id, an ISO
    3166-2 subdivision by its code, a region by its IATI Region code."""
    countries = {e.key: e for e in gazetteer.countries()}
    code = (place.code or "").strip()
    if place.kind == "country":
        key = f"place/{code.lower()}"
        if key in countries:
            return countries[key]
        code_or_name = place.name or code
        if not code_or_name:
            return None
        named = _countries_by_name().get(_fold(code_or_name))
        if named is not None:
            return countries[named]
        if code in codelist("Region"):
            return _region(code, place)
        return _named_place(place.name, "region", place) if place.name else None
    if place.kind == "region":
        if place.vocabulary == "1" and code in codelist("Region"):
            return _region(code, place)
        return _named_place(place.name, "region", place) if place.name else None
    if place.vocabulary == "G1" and code.isdigit():
        city = _city(code)
        if city is not None:
            return city
        named = _countries_by_name().get(_fold(place.name or ""))
        if named is not None:
            return countries[named]
        return Entity(
            key=f"place/geonames-{code}",
            type=PLACE,
            label=place.name or f"GeoNames {code}",
            kind="place",
            identifiers=(("geonames", code),),
            latitude=place.latitude,
            longitude=place.longitude,
        )
    subdivision = f"place/{code.lower()}"
    for country in {code.split("-")[0].upper()} if "-" in code else ():
        for entity in gazetteer.subdivisions(country):
            if entity.key == subdivision:
                return entity
    if place.name:
        named = _countries_by_name().get(_fold(place.name))
        if named is not None:
            return countries[named]
        return _named_place(place.name, "location", place)
    return None


def _city_named(name: str, countries: tuple[str, ...]) -> Entity | None:
    """The gazetteer city of one of ``countries`` (ISO codes) with this name or alias."""
    wanted = _fold(name)
    for country in countries:
        for city in gazetteer.cities(country):
            if wanted in {_fold(n) for n in (city.label, *city.aliases)}:
                return city
    return None


def _fold(name: str) -> str:
    return " ".join(gazetteer.fold(name).casefold().split())


@cache
def _countries_by_name() -> dict[str, str]:
    """Country keys by every name and code they go by, folded."""
    names: dict[str, str] = {}
    for entity in gazetteer.countries():
        for name in (entity.label, *entity.aliases, *(i for _, i in entity.identifiers)):
            names.setdefault(_fold(name), entity.key)
    return names


def _city(geonames_id: str) -> Entity | None:
    """The city kg's gazetteer knows by this GeoNames id (kg.extract.gazetteer.cities), if any."""
    country = _city_countries().get(geonames_id)
    if country is None:
        return None
    return next(
        (e for e in gazetteer.cities(country) if e.key == f"place/geonames-{geonames_id}"), None
    )


@cache
def _city_countries() -> dict[str, str]:
    return {str(c["geonameid"]): str(c["countrycode"]) for c in gazetteer.all_cities()}


def _region(code: str, place: DeclaredPlace) -> Entity:
    return Entity(
        key=f"place/iati-region-{code}",
        type=PLACE,
        label=codelist("Region")[code],
        kind="region",
        identifiers=(("iati-region", code),),
    )


def _named_place(name: str, kind: str, place: DeclaredPlace) -> Entity:
    return Entity(
        key=f"place/{slugify(name) or 'unnamed'}",
        type=PLACE,
        label=name,
        kind=kind,
        latitude=place.latitude,
        longitude=place.longitude,
    )
