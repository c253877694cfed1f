"""What the words around a known name say it is: readings of a gazetteer match in context.

A name the lexicon finds is not always what its entry says:

- a donor country named as the source of support or funding ("With the support of Sweden",
  "Thanks to funding from Norway", "in partnership with Canada", "una contribución de Canadá",
  a funding-table row "Norway 830,000 2023 OECD-DAC donor") is its government, a partner;
- a place name inside a person's name is not a place: "the activist Ana Hidalgo", "said Ángela
  Santander", "Ángela Santander, a reincorporated leader", "Sofía Ramírez Guerrero";
- an organisation's acronym that classifies another ("OECD-DAC donor") names no actor.

``reading`` applies these rules; every window it looks at is bounded, so it costs little per
match whatever the sentence.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract.gazetteer import PARTNER, PLACE, fold, slugify
from kg.model import Entity

_WINDOW = 120
# Cues that end right before a donor's name (the prefix is searched from its end: anchored).
_FUNDING_BEFORE = re.compile(
    r"(?:\b(?:support|funding|financing|contributions?|grants?|donations?|resources)\s(?:of|from)"
    r"|\b(?:funded|financed|sponsored|supported|provided)\sby"
    r"|\b(?:in\spartnership|partnered|in\scooperation|in\scollaboration)\swith"
    r"|\b(?:apoyo|financiamiento|fondos|recursos|contribuci[oó]n|aporte|donaci[oó]n)"
    r"(?:\sadicional)?\s(?:de|del)"
    r"|\bfinanciad[oa]s?\spor|\ben\salianza\scon|\bgracias\sa)"
    r"\s(?:the\s|la\s|el\s)?(?:(?:generous|additional|adicional)\s)?(?:government\sof\s|gobierno\sde\s)?$",
    re.IGNORECASE,
)
# "Sweden and " / "Suecia, " before the name: the earlier items of a list share the cue.
_LIST_BEFORE = re.compile(
    r"[A-ZÀ-Þ][\w'’\-]{1,30}(?:\s[A-ZÀ-Þ][\w'’\-]{1,30}){0,2}(?:,\s|\s(?:and|y|e)\s)$"
)
_FUNDING_AFTER = re.compile(
    r"^,?\s(?:(?:an?\s)?(?:OECD-DAC\s)?donor\b|\d[\d,.]{0,15}\s(?:19|20)\d\d\s(?:OECD-DAC\s)?donor\b)"
)
_ROLES = frozenset(
    "activist leader defender minister mayor senator president director coordinator journalist "
    "ms mr mrs dr dra sra sr doña don lady sir councillor councilor deputy judge "
    "activista lideresa líder defensora defensor ministra ministro alcaldesa alcalde senadora "
    "senador presidenta presidente directora coordinadora periodista diputada diputado jueza "
    "juez regidora regidor".split()
)
_SPEECH = re.compile(r"\b(?:said|says|stated|explained|noted|dijo|señaló|afirmó|explicó)\s$")
_APPOSITION = re.compile(r"^,\s(?:a|an|the|una?|la|el)\s")
_WORD_BEFORE = re.compile(r"(?:^|\s)([A-ZÀ-Þ][a-zß-ÿ'’\-]{1,30})\s$")
_NOT_A_NAME = frozenset(
    "the la el los las of de del in en and y for para with con by por from to at a an "
    "city ciudad state estado department departamento municipality municipio region región "
    "republic república north south east west norte sur este oeste new nueva nuevo san santa "
    "santo puerto valle villa".split()
)


def reading(text: str, start: int, end: int, entity: Entity) -> Entity | None:
    """What the match ``text[start:end]`` of ``entity`` stands for: the entity, another one (a
    donor's government), or None (no mention at all)."""
    if entity.type == PLACE:
        before = text[max(0, start - _WINDOW) : start]
        after = text[end : end + _WINDOW]
        if entity.kind == "country" and _funds(before, after):
            return donor_government(entity)
        if _in_person_name(before, after):
            return None
        return entity
    if text.startswith("-DAC", end):
        return None
    return entity


def _funds(before: str, after: str) -> bool:
    if _FUNDING_AFTER.match(after):
        return True
    prefix = before
    for _ in range(4):
        if _FUNDING_BEFORE.search(prefix):
            return True
        item = _LIST_BEFORE.search(prefix)
        if item is None:
            return False
        prefix = prefix[: item.start()]
    return False


def _in_person_name(before: str, after: str) -> bool:
    """Whether the place ends a person's name: a given name (and maybe a first surname) before
    it, with a role, a speech verb or an apposition around, or two name words before it."""
    first = _WORD_BEFORE.search(before)
    if first is None or _plain(first[1]) in _NOT_A_NAME:
        return False
    rest = before[: first.start(1)]
    second = _WORD_BEFORE.search(rest)
    if second is not None and _plain(second[1]) not in _NOT_A_NAME:
        return True
    role = rest.rstrip().rsplit(" ", 1)[-1] if rest.strip() else ""
    return _plain(role) in _ROLES or bool(_SPEECH.search(rest)) or bool(_APPOSITION.match(after))


def _plain(word: str) -> str:
    return fold(word).casefold().rstrip(".")


@cache
def donor_government(country: Entity) -> Entity:
    """The government of a donor country, as a partner ("Government of Sweden")."""
    label = f"Government of {country.label}"
    alias = f"Gobierno de {country.label}"
    return Entity(
        key=f"{PARTNER}/{slugify(label)}",
        type=PARTNER,
        label=label,
        aliases=(alias,),
        kind="donor",
        languages=((label, "en"),),
    )
