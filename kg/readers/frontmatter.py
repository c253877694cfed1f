"""Front matter and forms: the lines of a report that are not its text.

Reports without IATI headers (Spotlight programme reports, UN country team results reports, donor
reviews, joint-programme monitoring forms) open with a cover form, a table of contents, a
glossary and staff credits. Their names are not partners and their lines are not narrative:

- tables of contents: lines ending in dot leaders and a page number ("Resultado 1 ..... 6"), runs
  of three or more lines ending in a page number, and a contents label ("Índice", "Table of
  Contents") with what follows it on its line;
- form fields: a line that starts with a form label ("Programme Title:", "Project ID",
  "Recipient Organization(s)", "Report Submitted By:", "Título del Programa:"), with its value;
- staff credits: "Name Surname, Position" lines whose position is a job title;
- indicator metadata: "Complementary Indicator UNAIDS, UNDP, UNFPA" (who shares an indicator);
- glossaries (kg.readers.glossary), whose entries feed the abbreviation table instead.

``strip`` returns the lines that remain (blank lines where lines were taken out, so line numbers
hold), what the table of contents lists, the form's reporting period and the glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.readers.debris import search_key
from kg.readers.glossary import read_glossaries

# Dot leaders and a page number; a search starts only at a run's first dot, and the optional
# space inside the run is always followed by another dot: linear time.
_LEADERS = re.compile(r"(?<![.…_·])[.…_·](?:\s?[.…_·]){2,}\s*\d{1,4}\s*$")
_PAGE_END = re.compile(r"\S\s+\d{1,3}\s*$")
_PAGE_NUMBER = re.compile(r"\s\d{1,3}(?=\s|$)")
# Front matter lines are short: longer lines are text (and the patterns stay linear on them).
_SHORT = 300
_CONTENTS_LABELS = (
    "table of contents",
    "contents",
    "índice",
    "indice",
    "contenido",
    "contenidos",
    "tabla de contenido",
    "tabla de contenidos",
    "sumario",
)
# Labels of programme report and monitoring forms (UN MPTF Office, Spotlight Initiative and
# MDG-F templates), English and Spanish, compared by search_key.
_FORM_LABELS = (
    "programme title",
    "program title",
    "project title",
    "programme number",
    "project number",
    "project id",
    "programme id",
    "mptf office project reference number",
    "recipient organization",
    "recipient organisation",
    "recipient un organization",
    "participating un organization",
    "implementing partners",
    "key partners",
    "programme cost",
    "program cost",
    "total approved budget",
    "programme start date",
    "programme end date",
    "start date",
    "end date",
    "reporting period",
    "report submitted by",
    "submitted by",
    "priority regions",
    "geographic coverage",
    "country and thematic window",
    "titulo del programa",
    "titulo del proyecto",
    "numero de referencia",
    "numero del proyecto",
    "organizaciones receptoras",
    "organizacion receptora",
    "organizaciones de la onu participantes",
    "socios clave",
    "socios para la ejecucion",
    "costo del programa",
    "presupuesto total",
    "fecha de inicio",
    "fecha de termino",
    "fecha de finalizacion",
    "periodo del informe",
    "informe presentado por",
    "presentado por",
    "cobertura geografica",
)
# Indicator metadata: "Complementary Indicator UNAIDS, UNDP, UNFPA" lists the agencies that
# share an indicator, not actors of the text.
INDICATOR_METADATA = re.compile(
    r"^(?:common\s|complementary\s)?indicator\s[A-Z][\w\-]{1,15}(?:,\s?[A-Z][\w\-]{1,15})+$",
    re.IGNORECASE,
)
_PERIOD_LABELS = ("reporting period", "periodo del informe")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Job titles that close a staff credit ("María López, Coordinadora del Programa").
_POSITIONS = re.compile(
    r"\b(?:coordinat|coordinad|specialist|especialista|officer|oficial|director|representative|"
    r"representante|analyst|analista|assistant|asistente|consultant|consultor|manager|gerente|"
    r"advisor|adviser|asesor|head|jefa|jefe|chief|lead|associate|asociad|economist|economista|"
    r"expert|experta|experto|focal point|punto focal|secretary|secretari)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][\w'.’\-]{1,30}(?:\s[A-ZÀ-ÖØ-Þ][\w'.’\-]{1,30}){1,4}),\s(?P<role>.{3,120})$"
)


@dataclass(frozen=True)
class FrontMatter:
    """What ``strip`` took out: table-of-contents entries (without page numbers), the years of
    the reporting period, and the glossary's (acronym, full name) pairs."""

    contents: tuple[str, ...]
    period_years: tuple[int, ...]
    glossary: tuple[tuple[str, str], ...]


def strip(lines: list[str]) -> tuple[list[str], FrontMatter]:
    """``lines`` with front matter blanked out, and what it held (see the module docstring)."""
    lines, glossary = read_glossaries(lines)
    kept = list(lines)
    contents: list[str] = []
    years: list[int] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        key = search_key(stripped)
        if key.startswith(_CONTENTS_LABELS) and (
            key in _CONTENTS_LABELS or len(_PAGE_NUMBER.findall(stripped)) >= 3
        ):
            kept[index] = ""
        elif len(stripped) > _SHORT:
            continue
        elif _LEADERS.search(stripped):
            contents.append(_LEADERS.sub("", stripped).strip())
            kept[index] = ""
        elif key.startswith(_FORM_LABELS):
            if key.startswith(_PERIOD_LABELS):
                years.extend(int(y) for y in _YEAR.findall(stripped))
            kept[index] = ""
        elif _is_credit(stripped) or INDICATOR_METADATA.match(stripped):
            kept[index] = ""
    for start, end in _page_numbered_runs(kept):
        for index in range(start, end):
            contents.append(kept[index].strip().rstrip("0123456789").rstrip())
            kept[index] = ""
    return kept, FrontMatter(tuple(contents), tuple(years), glossary)


def _is_credit(line: str) -> bool:
    match = _CREDIT.match(line)
    return bool(match) and bool(_POSITIONS.search(match["role"])) and len(line) <= 160


def _page_numbered_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Runs of three or more consecutive short lines that each end in a page number."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, line in enumerate([*lines, ""]):
        stripped = line.strip()
        if stripped and len(stripped) <= 120 and _PAGE_END.search(stripped):
            start = index if start is None else start
            continue
        if start is not None and index - start >= 3:
            runs.append((start, index))
        start = None
    return runs
