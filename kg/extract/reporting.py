"""The reporting organisation of a document: whose report it is, so that its own name and
offices are never read as its partners, and another organisation's report is read as carefully
as UN Women's.

It is found, in this order, from:
1. the IATI organisation identifier that starts the document's result identifiers
   (``XM-DAC-41119-CHL_D_1.1`` -> ``XM-DAC-41119``, UNFPA): kg's curated partner of that
   identifier (``data/iati/organisations.csv``), else the name the DAC channel codelist gives it;
2. the first curated organisation the document's title names ("UNFPA Chile Annual Results
   Report 2024");
3. else UN Women, the organisation of kg's first reports, with a warning that says so.

Extraction runs inside ``reporting_as(organisation)``; ``is_own`` answers for the organisation
set there (a context variable, so that threads and worker processes each keep their own).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache

from kg.extract.cues import cue_role
from kg.extract.gazetteer import PARTNER, curated, fold
from kg.extract.matcher import is_acronym
from kg.model import Document, Entity
from kg.readers.iaticodes import organisation_identifier

# kg's first reports are UN Women's: the organisation a document that names none is read as.
DEFAULT_KEY = f"{PARTNER}/unwomen"
# A body's own units, whoever it is: "the Country Office", "Regional Offices", "CO", "MCO", "la
# Oficina Regional para las Américas", "Oficina de País", "Oficina Multipaís".
_OFFICES = (
    r"\b(?:Country|Regional|Multi-Country|Liaison)\s+Offices?\b|^(?:CO|RO|MCO)$|"
    r"\bOficinas?\s+(?:Regional(?:es)?|de\s+País|Multipaís|de\s+Enlace)\b"
)


@dataclass(frozen=True)
class _Reading:
    """The organisation a document is read as, the pattern of its names and offices, and the
    names already checked against it."""

    organisation: Entity
    pattern: re.Pattern[str]
    checked: dict[str, bool] = field(default_factory=dict, compare=False)


_CURRENT: ContextVar[_Reading | None] = ContextVar("reporting_organisation", default=None)


def reporting_organisation(document: Document) -> tuple[Entity, str | None]:
    """The organisation whose report ``document`` is, and a warning when none was found and
    UN Women was assumed, or when the one found has no name kg knows (an IATI identifier in no
    curated file or codelist: its names in the text cannot be told from partners'); None
    otherwise."""
    found = _by_identifiers(document) or _by_title(document.title or "")
    if found is not None and found.label in {ref for _, ref in found.identifiers}:
        return found, (
            f"{document.source}: the reporting organisation {found.label} has no name kg knows "
            "(data/iati/organisations.csv, the DAC channel codelist); its names in the text may "
            "be read as its partners"
        )
    if found is not None:
        return found, None
    return _default().organisation, (
        f"{document.source}: no reporting organisation found (no IATI result identifier, no "
        f"organisation in the title); read as {_default().organisation.label}'s report"
    )


@contextmanager
def reporting_as(organisation: Entity) -> Iterator[Entity]:
    """Read what runs inside as ``organisation``'s report (see ``is_own``)."""
    token = _CURRENT.set(_reading(organisation))
    try:
        yield organisation
    finally:
        _CURRENT.reset(token)


def current() -> Entity:
    """The organisation set by the innermost ``reporting_as``; UN Women outside any."""
    return (_CURRENT.get() or _default()).organisation


def is_own(name: str) -> bool:
    """True for the current reporting organisation (any of its names: "UN Women", "ONU
    Mujeres", "UNIFEM") and its own offices ("UNFPA Country Office", "the Regional Office")."""
    reading = _CURRENT.get() or _default()
    found = reading.checked.get(name)
    if found is None:
        found = reading.checked[name] = bool(reading.pattern.search(name.strip()))
    return found


def _reading(organisation: Entity) -> _Reading:
    names = sorted({organisation.label, *organisation.aliases}, key=len, reverse=True)
    pattern = rf"(?<!\w)(?:{'|'.join(map(_spelled, names))})(?!\w)|{_OFFICES}"
    return _Reading(organisation, re.compile(pattern, re.IGNORECASE))


def _spelled(name: str) -> str:
    """A pattern of ``name`` written with a hyphen, spaces or nothing between its words ("UN
    Women", "UN-Women", "UNWomen")."""
    return r"[\s-]*".join(map(re.escape, name.split()))


def _by_identifiers(document: Document) -> Entity | None:
    refs = Counter(ref for o in document.outcomes if (ref := organisation_identifier(o.id)))
    if not refs:
        return None
    from kg.extract.iati import organisation

    return organisation(min(refs, key=lambda ref: (-refs[ref], ref)))


def _by_title(title: str) -> Entity | None:
    """The curated organisation named first in ``title``: a name in any case and accents, an
    acronym ("WHO", not the word "who") as written; not one the title names as a partner
    ("Results of the partnership with the European Union", "funded by", "con la")."""
    folded = fold(title)
    found = []
    for entity in curated(PARTNER):
        for name in (entity.label, *entity.aliases):
            flags = 0 if is_acronym(name) else re.IGNORECASE
            for match in re.finditer(rf"(?<!\w){_spelled(fold(name))}(?!\w)", folded, flags):
                if not _as_partner(folded[: match.start()]):
                    found.append((match.start(), entity.key, entity))
    return min(found, key=lambda f: f[:2])[2] if found else None


# The end of a title's words before an organisation it names as a partner: "... with the".
_WITH = re.compile(r"\b(?:with|con)\s+(?:(?:the|la|el|los|las)\s+)?$", re.IGNORECASE)


def _as_partner(before: str) -> bool:
    """Whether a title's words ``before`` a name make it a partner: "with", "con" or a
    partnership cue (kg.extract.cues: "funded by", "con el apoyo de")."""
    return bool(_WITH.search(before)) or cue_role(before) is not None


@cache
def _default() -> _Reading:
    return _reading(next(e for e in curated(PARTNER) if e.key == DEFAULT_KEY))
