"""UN Women Transparency Portal pages, as text copied from a browser, into a Document.

What sets them apart from the bundled report's shape (kg.readers.text):

- headers in lower case (``outcome XM-DAC-41146-COL_D_3.2``), sometimes glued to the short form
  (``outcome COL_D_3.2XM-DAC-41146-COL_D_3.2``);
- statements that need not begin "By 20XX," and may end in a cross-reference ("(UNSDCF 3.2)"),
  with or without a blank line before the narrative: the first line after a header is the
  statement, every later line a paragraph;
- progress notes repeated once per year for the same outcome ("In 2022, UN Women Colombia made
  significant progress on outcome 1.1 (on track)."): one outcome, with a progress note per year;
- outcome-detail pages with structured blocks: an outcome summary, a results table (indicator
  code, text, then years with Baseline / Milestone / Result values, one cell a line or several on
  one line) and a funding-partners table (funder, amount in USD, year, kind such as "OECD-DAC
  donor"; one cell a line, or one row a line);
- the page's own labels and navigation ("Skip to main content", "View indicators", "Download
  data", indicator metadata such as "Complementary" / "Indicator UNDP, UNFPA"), which are not text.

Funding rows take their place in the narrative as one sentence each ("Sweden 1,250,000 2023
OECD-DAC donor"), so a funder is named where the page names it; indicators are kept in the model
(Outcome.indicators) but are not narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.model import Document, Funding, Indicator
from kg.readers.corrections import Corrections
from kg.readers.debris import search_key
from kg.readers.frontmatter import INDICATOR_METADATA
from kg.readers.registry import Source, register
from kg.readers.text import (
    Draft,
    _Block,
    _continues,
    _DocumentBuilder,
    clean_text,
    document_metadata,
    finish_document,
    identifier_country,
    repair_split_words,
)

# "outcome <identifier>", any case, at any markdown level; bounded, anchored: linear time.
_HEADER = re.compile(
    r"^\s{0,3}(?:#{1,6}\s{0,4})?outcome\s{0,4}:?\s{1,4}(?P<id>[A-Za-z0-9][\w.\-]{0,200})\s*$",
    re.IGNORECASE,
)
# An IATI organisation identifier opening a result identifier: "XM-DAC-41146-", "GB-GOV-1-".
_ORG_PREFIX = re.compile(r"[A-Z]{2}-[A-Z0-9]{2,12}-[0-9A-Z]{1,12}-")
_SHORT_ID = re.compile(r"^[A-Z]{2,6}_[A-Z]{1,2}_\d{1,2}(?:\.\d{1,2}){0,3}")
_INDICATOR_CODE = re.compile(r"^[A-Z]{2,6}_[A-Z]{1,2}_\d{1,2}(?:\.\d{1,2}){0,3}[A-Z]{1,2}(?:\s|$)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_PROGRESS_YEAR = re.compile(r"^In\s(?P<year>(?:19|20)\d\d)\b")
_RATING = re.compile(r"\((?P<rating>(?:partially\s|not\s)?on\strack|off\strack|achieved)\)", re.I)
_MEASURES = frozenset(("baseline", "milestone", "result", "target"))

# The page's own labels and navigation: lines that are not text (compared by search_key).
_CHROME = frozenset(
    {
        "skip to main content",
        "planned budget (total) other resources (non-core)",
        "country indexes",
        "country",
        "year",
        "overviewresults & resourcesour progressstrategic plan contributions",
        "overview",
        "results & resources",
        "our progress",
        "strategic plan contributions",
        "download data",
        "view indicators",
        "outcome resources",
        "outcome and output results",
        "id result statement budget utilisation progress",
        "outcome",
        "output",
        "summary",
        "resources",
        "results",
        "sdgs",
        "projects",
        "strategic plan",
        "more",
        "common",
        "complementary",
        "progress notes",
    }
)
_CHROME_PREFIXES = (
    "policy marker",
    "un system function",
    "common indicators are",
    "complementary indicators are",
    "commoncomplementary",
    "page ",
)
_SECTIONS = {
    "outcome summary": "summary",
    "outcome description": "summary",
    "outcome insights": "narrative",
    "funding partners": "funding",
}
_FUNDING_HEADERS = {
    "partner": "funder",
    "funding partner": "funder",
    "funder": "funder",
    "donor": "funder",
    "contributor": "funder",
    "amount (usd)": "amount",
    "amount usd": "amount",
    "amount": "amount",
    "amount (us$)": "amount",
    "year": "year",
    "type": "kind",
    "kind": "kind",
    "partner type": "kind",
    "donor type": "kind",
}
_CELL_SPLIT = re.compile(r"\t+|\s\|\s|\s{2,}")


def parse_portal(
    text: str, source: str = "<text>", slug: str = "report", corrections: Corrections | None = None
) -> Document:
    """Parse the text of Transparency Portal pages into a Document (see the module docstring)."""
    lines = [(number, line.strip()) for number, line in enumerate(clean_text(text).split("\n"), 1)]
    sections: list[tuple[str, int, list[tuple[int, str]]]] = []
    preamble: list[tuple[int, str]] = []
    for number, line in lines:
        header = _header(line)
        if header:
            sections.append((outcome_id(header["id"]), number, []))
        elif sections:
            sections[-1][2].append((number, line))
        else:
            preamble.append((number, line))
    if not sections:
        raise InputError(f"{source}: no outcome found (expected lines like 'outcome <identifier>')")
    warnings = [
        f"{source}:{number}: text before the first outcome is ignored"
        for number, line in preamble
        if _is_prose(line) and line[-1] in ".!?" and search_key(line) not in _CHROME
    ][:1]
    builder = _DocumentBuilder(source)
    drafts = [_Section(identifier, number).read(body) for identifier, number, body in sections]
    country_name, country_code = _country([d.id or "" for d in drafts], preamble)
    years = [year for d in drafts for year, _, _ in d.progress]
    metadata = document_metadata(
        source,
        slug,
        country=country_name,
        country_code=country_code,
        year=max(years) if years else None,
        warnings=tuple(warnings),
        reader=PortalReader.name,
    )
    return finish_document(builder, drafts, metadata, corrections)


def _header(line: str) -> re.Match[str] | None:
    """The header match of ``line`` when its identifier looks like one (it holds a digit:
    "outcome summary" is a label, not a header)."""
    if "utcome" not in line and "UTCOME" not in line:
        return None
    match = _HEADER.match(line)
    return match if match and any(c.isdigit() for c in match["id"]) else None


def outcome_id(raw: str) -> str:
    """A header's identifier, unglued: "COL_D_3.2XM-DAC-41146-COL_D_3.2" is
    "XM-DAC-41146-COL_D_3.2" (a short form written before the full one it ends)."""
    match = _ORG_PREFIX.search(raw, 1)
    if match and raw[match.start() :].endswith(raw[: match.start()]):
        return raw[match.start() :]
    return raw


@dataclass
class _Section:
    """One header's lines, read into a Draft."""

    identifier: str
    line: int
    mode: str = "narrative"
    statement: str | None = None
    blocks: list[_Block] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    funding: list[tuple[Funding, _Block]] = field(default_factory=list)

    def read(self, body: list[tuple[int, str]]) -> Draft:
        index = 0
        while index < len(body):
            number, line = body[index]
            key = search_key(line)
            if not line or key in _CHROME or key.startswith(_CHROME_PREFIXES):
                index += 1
            elif key in _SECTIONS:
                self.mode = _SECTIONS[key]
                index += 1
            elif INDICATOR_METADATA.match(line):
                index += 1
            elif _INDICATOR_CODE.match(line):
                index = self._indicator(body, index)
            elif self.mode == "funding" and (taken := self._funding(body, index)) > index:
                index = taken
            else:
                self.mode = "narrative" if self.mode == "funding" else self.mode
                self._prose(number, line)
                index += 1
        texts = repair_split_words([b.text for b in self.blocks])
        blocks = [_Block(text, b.line) for b, text in zip(self.blocks, texts, strict=True)]
        progress = []
        for block in blocks:
            year = _PROGRESS_YEAR.match(block.text)
            if year:
                rating = _RATING.search(block.text[:400])
                progress.append((int(year["year"]), rating["rating"] if rating else None, block))
        return Draft(
            self.identifier,
            self.line,
            blocks,
            statement=self.statement or "",
            indicators=tuple(self.indicators),
            funding=tuple(self.funding),
            progress=tuple(progress),
        )

    def _prose(self, number: int, line: str) -> None:
        short = _SHORT_ID.match(line)
        text = line[short.end() :].strip() if short else line
        if self.statement is None:
            self.statement = text
        elif not self.blocks and _continues(self.statement, text):
            self.statement = f"{self.statement} {text}"
        elif search_key(text) == search_key(self.statement):
            return
        elif self.blocks and _continues(self.blocks[-1].text, text):
            self.blocks[-1] = _Block(f"{self.blocks[-1].text} {text}", self.blocks[-1].line)
        else:
            self.blocks.append(_Block(text, number))

    def _indicator(self, body: list[tuple[int, str]], index: int) -> int:
        """Read the indicator starting at ``index``; return the index after it."""
        first = body[index][1]
        code, _, text = first.partition(" ")
        index += 1
        while not text and index < len(body):
            line = body[index][1]
            if line and not INDICATOR_METADATA.match(line) and search_key(line) not in _CHROME:
                text = line
            index += 1
        values: list[tuple[int, str, str]] = []
        year: int | None = None
        measure: str | None = None
        while index < len(body):
            line = body[index][1]
            key = search_key(line)
            if not line or key in _CHROME or INDICATOR_METADATA.match(line):
                index += 1
                continue
            tokens = line.split()
            if len(tokens) > 12 or not all(_cell_token(token) for token in tokens):
                break
            for token in tokens:
                lowered = token.casefold()
                if measure is not None:
                    if year is not None:
                        values.append((year, measure, token))
                    measure = None
                elif _YEAR.match(token):
                    year = int(token)
                elif lowered in _MEASURES:
                    measure = lowered
            index += 1
        self.indicators.append(Indicator(code, text.strip(), tuple(values)))
        return index

    def _funding(self, body: list[tuple[int, str]], index: int) -> int:
        """Read the funding-partners table starting at ``index`` (its header or its rows); return
        the index after what was read (``index`` itself when nothing there is a table)."""
        columns: list[str] = []
        position = index
        while position < len(body):
            line = body[position][1]
            cells = [c for c in _CELL_SPLIT.split(line) if c] if line else []
            roles = [_FUNDING_HEADERS.get(search_key(c)) for c in cells]
            if cells and all(roles):
                columns.extend(r for r in roles if r)
                position += 1
            elif not line and columns:
                position += 1
            else:
                break
        if not columns:
            columns = ["funder", "amount", "year", "kind"]
        rows = 0
        while position < len(body):
            taken = self._row(body, position, columns)
            if taken == position:
                break
            rows += 1
            position = taken
        return position if rows else index

    def _row(self, body: list[tuple[int, str]], index: int, columns: list[str]) -> int:
        number, line = body[index]
        cells = [c.strip() for c in _CELL_SPLIT.split(line) if c.strip()]
        used = index + 1
        if len(cells) == 1 and len(columns) > 1:
            cells = _cells_of_line(line, len(columns)) or []
            if not cells:
                cells = [line]
                while len(cells) < len(columns) and used < len(body) and body[used][1]:
                    cells.append(body[used][1])
                    used += 1
        if len(cells) != len(columns):
            return index
        row = dict(zip(columns, cells, strict=True))
        amount = _amount(row.get("amount", ""))
        year = row.get("year", "")
        if amount is None or not (_YEAR.match(year) or year in ("", "-")):
            return index
        if not row.get("funder") or _is_prose(row["funder"]):
            return index
        text = " ".join(cells)
        funding = Funding(
            row["funder"], amount, int(year) if _YEAR.match(year) else None, row.get("kind", "")
        )
        self.funding.append((funding, _Block(text, number)))
        return used


def _cells_of_line(line: str, width: int) -> list[str] | None:
    """ "Sweden 1,250,000 2023 OECD-DAC donor": a row written with single spaces, read at the
    amount followed by a year (funder before them, kind after)."""
    tokens = line.split()
    for i in range(1, len(tokens) - 1):
        if _amount(tokens[i]) is not None and _YEAR.match(tokens[i + 1]):
            cells = [" ".join(tokens[:i]), tokens[i], tokens[i + 1], " ".join(tokens[i + 2 :])]
            return cells if width == 4 and cells[3] else None
    return None


_AMOUNT = re.compile(r"^(?:US\$|USD|\$)?\s?(\d{1,3}(?:[,.\u202f ]\d{3})+|\d+)(?:\.\d{1,2})?$")


def _amount(text: str) -> float | None:
    match = _AMOUNT.match(text.strip())
    if match is None:
        return None
    return float("".join(c for c in match[1] if c.isdigit()))


def _cell_token(token: str) -> bool:
    """A token of a results table: a year, a measure name or a short value ("17", "0.4",
    "22%", "-")."""
    if token.casefold() in _MEASURES or token in ("-", "–", "—", "n/a", "N/A"):
        return True
    return len(token) <= 12 and any(c.isdigit() for c in token) and not token[0].isalpha()


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 6 and line[:1].isupper()


def _country(ids: list[str], preamble: list[tuple[int, str]]) -> tuple[str | None, str | None]:
    """The country of the page: the ISO 3166 alpha-3 unit in its identifiers ("COL"), else the
    first country its navigation names."""
    name, code = identifier_country(ids)
    if code:
        return name, code
    from kg.extract.gazetteer import find_country

    for _, line in preamble:
        name, code = find_country(line)
        if code:
            return name, code
    return None, None


def has_portal_headers(text: str) -> bool:
    """Whether ``text`` has portal outcome headers: ``outcome <identifier>`` lines not written
    all in capitals (the bundled report's OUTCOME lines are kg.readers.text's), or glued ones."""
    for line in text.split("\n"):
        match = _header(line)
        if match is None:
            continue
        if not line.lstrip(" #").startswith("OUTCOME") or outcome_id(match["id"]) != match["id"]:
            return True
    return False


@register
class PortalReader:
    """Transparency Portal pages (see the module docstring)."""

    name = "portal"

    def detect(self, source: Source) -> int:
        cleaned = source.cleaned
        return 60 if cleaned is not None and has_portal_headers(cleaned) else 0

    def read(self, source: Source, corrections: Corrections | None) -> Document:
        return parse_portal(source.decoded(), source.name, source.slug, corrections)
