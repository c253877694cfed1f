"""Which organisations a report names are its country's own: a state's institutions (ministries,
secretariats, legislature, courts, prosecutors, ombudsman, police, national and federal bodies)
and the foreign and UN missions in the country (embassies, consulates, the UN country team, the
resident coordinator's office).

Such a name says which body it is only together with the report's country: "Ministry of Finance"
in a report on Mexico and in one on Guatemala are two ministries, as are the "Swedish Embassy" in
each. kg.extract.mentions gives a scoped organisation without a curated entry an IRI that ends
with its country's ISO 3166-1 alpha-2 code (``partner/ministry-of-finance--mx``), so reports of
one country share it and reports of two do not (kg.store.linkage never merges two scopes). A
name that places the body itself ("Ministry of Labour of Guatemala", "Congress of the State of
Guerrero") is left as it is: the place names it in any report.

The heads are the common English and Spanish names of the branches of a state (executive,
legislature, judiciary, oversight) and of missions, as UN country results reports use them.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract.gazetteer import find_country, fold

# A state's institutions: the body a name heads is its country's.
_STATE = (
    r"ministry|ministries|ministerio|secretariat|secretaria|secretary|"
    r"congress|congreso|senate|senado|chamber of deputies|camara de diputados|parliament|"
    r"national assembly|asamblea nacional|supreme court|corte suprema|judiciary|judicial|"
    r"attorney general|fiscalia|prosecutor|ombudsman|defensoria|police|policia|"
    r"presidency|presidencia|national|nacional|federal"
)
# Missions in the country: named by who sends them, they are where the report is.
_MISSION = r"embassy|embajada|consulate|consulado|country team|country office|resident coordinator"
_STATE_WORDS = re.compile(rf"\b(?:{_STATE})\b")
_MISSION_WORDS = re.compile(rf"\b(?:{_MISSION})\b")
# Words that make a body international whatever else it names.
_INTERNATIONAL = re.compile(r"\b(?:international|inter-american|united nations|regional)\b")


def country_scoped(name: str) -> bool:
    """Whether ``name`` names a body of the report's country: a mission in it, or a state
    institution whose name places it nowhere (no country, state or city of any country)."""
    text = fold(name).casefold()
    if _MISSION_WORDS.search(text):
        return True
    if not _STATE_WORDS.search(text) or _INTERNATIONAL.search(text):
        return False
    return not _names_a_place(text)


def scoped_key(key: str, country_code: str) -> str:
    """``key`` in the scope of a country (``partner/ministry-of-finance--mx``): slugs never
    hold two hyphens in a row, so no other name mints it."""
    return f"{key}--{country_code.lower()}"


def _names_a_place(text: str) -> bool:
    """Whether folded ``text`` names a country or a first-level subdivision of any country
    (pycountry's ISO 3166-2 names), or a place of kg's curated gazetteer."""
    return find_country(text)[0] is not None or _subdivision_pattern().search(text) is not None


@cache
def _subdivision_pattern() -> re.Pattern[str]:
    import pycountry

    from kg.extract.gazetteer import PLACE, curated

    names = {fold(s.name).casefold() for s in pycountry.subdivisions}
    for entity in curated(PLACE):
        names.update(fold(n).casefold() for n in (entity.label, *entity.aliases))
    names = {n for n in names if len(n) > 3}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"\b(?:{alternatives})\b")
