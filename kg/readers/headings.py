"""Reports without IATI identifiers: numbered result headings are the result units.

Spotlight Initiative reports number six pillars ("Outcome 1: Policies and Legislation" ...
"Outcome 6"), UN country team reports write "Área de Resultado Estratégico 1.", "Efecto 1.1" and
"Producto 1.1.1", others "Pillar 2", "Result Area 3", "Resultado 4". Each such heading starts a
unit named by its words and number ("Outcome-1", "Efecto-1.1") whose statement is the heading's
title. Text before the first heading, and the sections a table of contents lists beside the
numbered ones ("Challenges and Lessons Learned"), form the unit "general". A document with no
such heading at all (a donor review) is read as one unit, "general", with a warning.

These identifiers are unique only within their context, so each unit is scoped (Outcome.scope)
by the report's country (ISO 3166 code) or, without one, by the report's slug; "general" always by
the slug. Front matter (kg.readers.frontmatter) is taken out first; the glossary it holds feeds
the abbreviation table (Document.glossary).
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.errors import InputError
from kg.model import Document
from kg.readers.corrections import Corrections
from kg.readers.debris import search_key
from kg.readers.frontmatter import strip
from kg.readers.registry import Source, register
from kg.readers.text import (
    _DANGLING,
    _YEAR,
    Draft,
    _Block,
    _blocks,
    _country,
    _DocumentBuilder,
    _heading,
    _join_broken_paragraphs,
    clean_text,
    document_metadata,
    finish_document,
    repair_split_words,
)

GENERAL = "general"

# A numbered result heading; every quantifier bounded and the match anchored: linear time.
_HEADING = re.compile(
    r"^\s{0,3}(?:#{1,6}\s{0,4})?(?P<kind>outcome|output|pillar|strategic\s{1,3}result\s{1,3}area|"
    r"result\s{1,3}area|strategic\s{1,3}priority|resultado|pilar|"
    r"[áa]rea\s{1,3}de\s{1,3}resultado(?:\s{1,3}estrat[ée]gico)?|efecto(?:\s{1,3}directo)?|"
    r"producto|eje(?:\s{1,3}estrat[ée]gico)?)\s{1,4}(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})"
    r"(?![\d])\.?\s{0,4}[:\-–—]?\s{0,4}(?P<title>[^\n]{0,200})$",
    re.IGNORECASE,
)
_TERMINAL = ".!?;:,"
# Four words in a row: some prose (markup, data and binary debris have none). Possessive runs
# that start at a word's first letter keep the search linear.
_PROSE = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,}+(?:[ \t]++[^\W\d_]{2,}+){3}")


def heading(text: str) -> tuple[str, str] | None:
    """(unit identifier, title) of a numbered result heading ("Outcome 1: Policies and
    Legislation" gives ("Outcome-1", "Policies and Legislation")), or None for other text.
    Identifiers are tokens (the shapes allow no spaces in them): the heading's words and number
    joined by hyphens ("Área-de-Resultado-Estratégico-1")."""
    if len(text) > 220:
        return None
    match = _HEADING.match(text)
    if match is None:
        return None
    title = match["title"].strip().rstrip(".").strip()
    if title and ((not title[0].isupper() and not title[0].isdigit()) or ". " in title):
        return None
    if len(title.split()) > 25:
        return None
    words = match["kind"].split()
    kind = "-".join(w.capitalize() if w.isupper() else w for w in words)
    return f"{kind[0].upper()}{kind[1:]}-{match['number']}", title


def _unnumbered_heading(text: str) -> bool:
    """A short line that reads as a section heading ("Resumen ejecutivo", "Lessons Learned")."""
    words = text.split()
    return (
        0 < len(words) <= 12
        and len(text) <= 100
        and text[0].isupper()
        and text[-1] not in _TERMINAL
        and ". " not in text
    )


def parse_headed(
    text: str, source: str = "<text>", slug: str = "report", corrections: Corrections | None = None
) -> Document:
    """Parse a report without IATI headers into a Document (see the module docstring)."""
    lines, front = strip(clean_text(text).split("\n"))
    blocks = _paragraphs(lines)
    if not blocks:
        raise InputError(f"{source}: no text found (only front matter, or nothing readable)")
    title, blocks = _title(blocks)
    country_name, country_code = _country(title)
    year_match = _YEAR.search(title or "")
    year = int(year_match[0]) if year_match else max(front.period_years, default=None)
    scope = country_code or slug
    listed = {search_key(c) for c in front.contents if heading(c) is None}
    general = Draft(GENERAL, 1, [], statement="", scope=slug)
    drafts = [general]
    current = general
    for block in blocks:
        found = heading(block.text)
        if found is not None:
            identifier, title_text = found
            current = Draft(identifier, block.line, [], statement=title_text or None, scope=scope)
            drafts.append(current)
        elif _unnumbered_heading(block.text):
            if search_key(block.text) in listed and current is not general:
                current = Draft(GENERAL, block.line, [], statement="", scope=slug)
                drafts.append(current)
        else:
            current.blocks.append(block)
    drafts = [d for d in drafts if d.id != GENERAL or d.blocks]
    warnings = []
    if all(d.id == GENERAL for d in drafts):
        warnings.append(
            f"{source}: no outcome header or numbered result heading found; kg reads the whole "
            f"document as one unit, '{GENERAL}'"
        )
    if not drafts:
        raise InputError(f"{source}: no text found (only headings and front matter)")
    metadata = document_metadata(
        source,
        slug,
        title=title,
        country=country_name,
        country_code=country_code,
        year=year,
        warnings=tuple(warnings),
        glossary=front.glossary,
        reader=HeadingsReader.name,
    )
    return finish_document(_DocumentBuilder(source), drafts, metadata, corrections)


def _title(blocks: list[_Block]) -> tuple[str | None, list[_Block]]:
    """The document's title and the blocks after it: a first markdown header, or the first
    short block without a closing stop, with the title lines right below it."""
    first = blocks[0].text
    header = _heading(first)
    if header is not None:
        return header, blocks[1:]
    if heading(first) is not None or len(first) > 200 or first[-1] in _TERMINAL:
        return None, blocks
    taken = 1
    while taken < len(blocks) and _title_line(blocks[taken], blocks[taken - 1]):
        taken += 1
    return " ".join(b.text for b in blocks[:taken]), blocks[taken:]


def _title_line(block: _Block, previous: _Block) -> bool:
    text = block.text
    return (
        block.line == previous.line + 1
        and heading(text) is None
        and len(text) <= 200
        and text[-1] not in _TERMINAL
    )


def _heading_line(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` is a heading on a line of its own: a numbered result heading,
    or a short capitalised line without a closing stop, between a sentence's end (or a blank
    line) and a line that starts with a capital ("Key results" above its text)."""
    line = lines[index].strip()
    if heading(line) is not None:
        return True
    if not line or len(line) > 60 or len(line.split()) > 8 or not _unnumbered_heading(line):
        return False
    if line.split()[-1].casefold() in _DANGLING:
        return False
    before = lines[index - 1].strip() if index else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return (not before or before[-1] in ".!?:") and bool(after) and after[0].isupper()


def _paragraphs(lines: list[str]) -> list[_Block]:
    """Paragraphs as kg.readers.text reads them, with each numbered heading a paragraph of its
    own: a heading ends the paragraph before it even without a blank line."""
    blocks: list[_Block] = []
    segment: list[str] = []
    first = 1
    for number, line in enumerate([*lines, ""], start=1):
        if number <= len(lines) and not _heading_line(lines, number - 1):
            segment.append(line)
            continue
        blocks.extend(
            replace(b, line=b.line + first - 1)
            for b in _join_broken_paragraphs(_blocks("\n".join(segment)))
        )
        if number <= len(lines):
            blocks.append(_Block(" ".join(line.split()), number))
        segment, first = [], number + 1
    repaired = repair_split_words([b.text for b in blocks])
    return [replace(b, text=text) for b, text in zip(blocks, repaired, strict=True)]


@register
class HeadingsReader:
    """Any text report: numbered result headings, or none (the reader of last resort)."""

    name = "headings"

    def detect(self, source: Source) -> int:
        text = source.text
        if text is None or text.lstrip().startswith("<") or not _PROSE.search(text):
            return 0
        return 10

    def read(self, source: Source, corrections: Corrections | None) -> Document:
        return parse_headed(source.decoded(), source.name, source.slug, corrections)
