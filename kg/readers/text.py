"""Read a results report with IATI outcome headers into a Document; the text repair that every
text reader shares lives here too.

Reports arrive as noisy text: HTML-entity debris, text debris (kg.readers.debris), paragraphs
broken by page breaks, words split by a stray space or hyphenated at a line end, outcome headers
at any markdown level or missing altogether. This module reads them as a careful person would and
records every guess it makes as a warning. Other readers (kg.readers.portal,
kg.readers.headings) lay their outcomes out with the same builder (``finish_document``).
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Document, Funding, Indicator, Outcome, Paragraph, ProgressNote, Sentence
from kg.readers.corrections import OUTCOME_ID, Corrections
from kg.readers.debris import normal_form, rejoin_hyphenation, statement_key
from kg.readers.registry import Source, register
from kg.readers.sentences import split_sentences

# Every pattern here reads untrusted text, so each runs in time linear in the text's length
# (tests/test_regex_linear.py measures it): no pattern leaves two ways to split one run of
# characters (".*?" then "\s*" then "$"). Possessive quantifiers ("\s++") never give back what
# they took, and what "(.*?)\s*#*\s*$" used to trim is trimmed by str methods instead.
_HEADER = re.compile(r"^\s{0,3}(#{1,6})\s++(.*+)$")
_OUTCOME = re.compile(rf"^\s{{0,3}}(?:#{{1,6}}\s*+)?OUTCOME(?:\s*+:)?\s++(?P<id>{OUTCOME_ID})\s*+$")
_STATEMENT = re.compile(r"^By\s+(?:the\s+end\s+of\s+)?\d{4}\s*,", re.IGNORECASE)
_DATA_AS_OF = re.compile(r"^\s*+Data\s++as\s++of\s*+:(?P<date>.*+)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_ENTITY = re.compile(r"&\s?(#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_SPACE_RUN = re.compile(r"[ \t\u00a0]+")
# Spaces after an opening quotation mark, and before a closing one (a run is taken whole from its
# first space: starting inside a run could only fail again, and would make the scan quadratic).
_SPACE_AFTER_OPENING = re.compile(r"([“‘«])[ \t]+")
_SPACE_BEFORE_CLOSING = re.compile(r"(?<![ \t])[ \t]++(?=[”»])")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_LAST_WORDS = re.compile(r"[\w']+")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
# Control characters (Unicode Cc) but tab and newline, lone surrogates, and non-characters.
_BAD_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]")

# Characters that look alike in entity debris (OCR and copy-paste): "&Idquo;" is "&ldquo;".
_CONFUSABLE = {"I": "l", "l": "I", "1": "l", "g": "q", "q": "g", "0": "o", "O": "o"}
_OPENING = set("“‘«‹„")
_CLOSING = set("”’»›")
_TERMINAL = ".!?…"
_DANGLING = frozenset(
    "a an the of for to in on at by with and or but from into as that which whose "
    "its their our his her this these those between among including such than via "
    "y de del la las el los en con para por e o".split()
)
_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%Y-%m-%d", "%d/%m/%Y", "%d %b %Y")


@dataclass(frozen=True)
class _Block:
    """A paragraph of the source text after repair, before it takes its place in the Document."""

    text: str
    line: int


@dataclass
class Draft:
    """An outcome as a reader found it, before it is laid out in the Document: its identifier
    (None when it must be inferred), the line it starts at, its paragraphs, and what a reader
    read from structure (a statement given by a heading, tables, progress notes)."""

    id: str | None
    line: int
    blocks: list[_Block]
    statement: str | None = None
    scope: str | None = None
    indicators: tuple[Indicator, ...] = ()
    funding: tuple[tuple[Funding, _Block], ...] = ()
    progress: tuple[tuple[int, str | None, _Block], ...] = ()


def read_report(
    path: str | Path, corrections: Corrections | None = None, slug: str | None = None
) -> Document:
    """Read the report with IATI outcome headers at ``path`` into a Document, applying
    ``corrections`` if given (kg.readers.registry.read_document reads any kind); its name is
    ``slug`` if given, else the file's (``slug_for``)."""
    from kg.readers.registry import read_bytes

    path = Path(path)
    text = decode_report(read_bytes(path), str(path))
    name = slug or slug_for(path)
    return parse_report(text, source=str(path), slug=name, corrections=corrections)


def slug_for(path: Path) -> str:
    """The report's stable name: its file name without extension, lower-cased and hyphenated."""
    stem = path.name.split(".")[0] or "report"
    return _NOT_SLUG.sub("-", _ascii(stem).lower()).strip("-") or "report"


def decode_report(data: bytes, name: str) -> str:
    """Decode report bytes as UTF-8, or as UTF-16 or UTF-32 when a byte-order mark says so
    (what some Windows editors save); refuse empty, binary and undecodable input."""
    encoding = _bom_encoding(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not {encoding.upper()} text though it starts with its byte-order mark "
                f"(invalid bytes at offset {exc.start})"
            ) from None
        if not text.strip():
            raise InputError(f"{name}: the file is empty")
        return _check_controls(text, name)
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    head = data[:8192]
    if head.count(b"\x00") * 100 > len(head):
        # Over 1% NUL bytes: binary data (or UTF-16 without its mark); a stray NUL that a
        # PDF-to-text tool left is read as a space (_BAD_CONTROL).
        raise InputError(f"{name}: looks like a binary file, not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return _check_controls(text, name)


# Byte-order marks (Unicode 15, section 23.8), UTF-32 first: its little-endian mark starts
# with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _bom_encoding(data: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte-order mark at the start of ``data`` names (the
    codec reads the mark for the byte order and drops it); None without one."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _check_controls(text: str, name: str) -> str:
    controls = len(_BAD_CONTROL.findall(text, 0, 8192))
    if controls > max(8, len(text[:8192]) // 20):
        raise InputError(f"{name}: looks like a binary file, not a text report")
    return text


def parse_report(
    text: str,
    source: str = "<text>",
    slug: str = "report",
    corrections: Corrections | None = None,
) -> Document:
    """Parse decoded report text into a Document; see the module docstring for the repairs."""
    warnings: list[str] = []
    blocks = paragraph_blocks(clean_text(text))

    data_as_of = None
    title = None
    body: list[_Block] = []
    for block in blocks:
        match = _DATA_AS_OF.match(block.text)
        if match and data_as_of is None and not body:
            written = match["date"].strip()
            data_as_of = _parse_date(written)
            if data_as_of is None:
                warnings.append(f"{source}:{block.line}: cannot read the date {written!r}")
            continue
        heading = _heading(block.text)
        if heading is not None and title is None and not _OUTCOME.match(block.text) and not body:
            title = heading
            continue
        body.append(block)

    builder = _DocumentBuilder(source)
    drafts = builder.group(body)
    if not drafts:
        raise InputError(f"{source}: no outcome found (expected lines like 'OUTCOME <identifier>')")
    country_name, country_code = _country(title)
    year_match = _YEAR.search(title or "")
    metadata = document_metadata(
        source,
        slug,
        title=title,
        country=country_name,
        country_code=country_code,
        year=int(year_match[0]) if year_match else None,
        data_as_of=data_as_of,
        warnings=tuple(warnings),
    )
    return finish_document(builder, drafts, metadata, corrections)


def _heading(text: str) -> str | None:
    """The text of a markdown heading line (``## Title ##`` gives ``Title``), or None."""
    match = _HEADER.match(text)
    return None if match is None else match[2].rstrip().rstrip("#").rstrip()


def document_metadata(source: str, slug: str, **fields: Any) -> Document:
    """A Document that holds metadata only (title, country, year, warnings, ...), which
    ``finish_document`` fills with the laid-out text and outcomes."""
    return Document(slug=slug, source=source, text="", outcomes=(), **fields)


def finish_document(
    builder: _DocumentBuilder,
    drafts: list[Draft],
    metadata: Document,
    corrections: Corrections | None = None,
) -> Document:
    """Lay ``drafts`` out into the Document whose metadata ``metadata`` holds: infer missing
    identifiers, apply ``corrections``, merge an outcome repeated with the same statement (a
    page's progress notes, one per year) and refuse one identifier with two statements. A
    report whose title names no country takes the one its result identifiers name, else the one
    its text names most (with a warning), so its states and cities are found
    (kg.extract.mentions looks them up by country)."""
    source = metadata.source
    warnings = list(metadata.warnings)
    outcomes = builder.outcomes(drafts)
    warnings.extend(builder.warnings)
    if corrections is not None:
        outcomes = corrections.apply(outcomes, source, warnings)
    outcomes = _merge_repeats(outcomes, source)
    warnings.extend(
        f"{source}:{builder.inferred_lines[o.id]}: an outcome statement has no OUTCOME header; "
        f"kg calls it {o.id} (inferred); give its real identifier in a corrections file"
        for o in outcomes
        if o.inferred_id
    )
    country, country_code = metadata.country, metadata.country_code
    if country_code is None:
        country, country_code = identifier_country([o.id for o in outcomes])
    if country_code is None:
        from kg.extract.gazetteer import main_country

        country, country_code = main_country(builder.text)
        if country_code is not None:
            warnings.append(
                f"{source}: no title or identifier names the report's country; kg takes "
                f"{country}, the country its text names most"
            )
    return replace(
        metadata,
        text=builder.text,
        outcomes=tuple(outcomes),
        warnings=tuple(warnings),
        country=country,
        country_code=country_code,
    )


def _merge_repeats(outcomes: list[Outcome], source: str) -> list[Outcome]:
    """One outcome per identifier: a repeat with the same statement (compared as
    kg.readers.debris.statement_key does; an empty statement matches any) adds its paragraphs,
    tables and progress notes to the first; a repeat with another statement is an error."""
    merged: dict[str, Outcome] = {}
    for outcome in outcomes:
        first = merged.get(outcome.id)
        if first is None:
            merged[outcome.id] = outcome
            continue
        keys = {statement_key(first.statement), statement_key(outcome.statement)} - {""}
        if len(keys) > 1:
            raise InputError(
                f"{source}: outcome {outcome.id} appears twice with different statements"
            )
        merged[outcome.id] = replace(
            first,
            statement=first.statement or outcome.statement,
            statement_span=first.statement_span or outcome.statement_span,
            paragraphs=first.paragraphs + outcome.paragraphs,
            indicators=first.indicators + outcome.indicators,
            funding=first.funding + outcome.funding,
            progress=first.progress + outcome.progress,
        )
    return list(merged.values())


# --- character-level repair -------------------------------------------------------------


def clean_text(text: str) -> str:
    """Normalise line ends, bring text into kg's normal form (kg.readers.debris), drop control
    characters and markdown escapes (``MEX\\_D\\_1.1``), repair entity debris and rejoin words
    hyphenated at a line end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = normal_form(text)
    text = drop_controls(text)
    return rejoin_hyphenation(repair_entities(_MD_ESCAPE.sub(r"\1", text)))


def paragraph_blocks(text: str) -> list[_Block]:
    """Cleaned text as paragraphs: split at blank lines, paragraphs a page break cut in two
    joined, words split by a stray space rejoined."""
    blocks = _join_broken_paragraphs(_blocks(text))
    repaired = repair_split_words([b.text for b in blocks])
    return [replace(b, text=text) for b, text in zip(blocks, repaired, strict=True)]


def drop_controls(text: str) -> str:
    """``text`` with each control character (but tab and newline), lone surrogate, line or
    paragraph separator and non-character replaced by a space: what XML 1.0, spreadsheets and
    terminals cannot hold or show. RDF files kg reads get the same treatment as reports."""
    return _BAD_CONTROL.sub(" ", text)


def repair_entities(text: str) -> str:
    """Turn HTML entities, and debris that is one look-alike letter off one, into characters.

    ``&ldquo;``, ``&Idquo;`` and ``& Idquo;`` all become a left double quotation mark; the space
    left between a quotation mark and the words it encloses is removed.
    """

    def substitute(match: re.Match[str]) -> str:
        char = _entity_char(match[1])
        return match[0] if char is None else char

    text = _ENTITY.sub(substitute, text)
    text = _SPACE_AFTER_OPENING.sub(r"\1", text)
    return _SPACE_BEFORE_CLOSING.sub("", text)


def _entity_char(name: str) -> str | None:
    if name.startswith("#"):
        return html.unescape(f"&{name};")
    if f"{name};" in html.entities.html5:
        return html.entities.html5[f"{name};"]
    for i, ch in enumerate(name):
        swap = _CONFUSABLE.get(ch)
        if swap is None:
            continue
        candidate = f"{name[:i]}{swap}{name[i + 1 :]};"
        value = html.entities.html5.get(candidate)
        if value is not None and not value.isalnum():
            return value
    return None


# --- paragraphs ---------------------------------------------------------------------------


def _blocks(text: str) -> list[_Block]:
    """Split text into paragraphs at blank lines; lines inside one paragraph are joined."""
    blocks: list[_Block] = []
    lines: list[str] = []
    first_line = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not lines:
                first_line = number
            lines.append(line.strip())
            if _HEADER.match(line) or _OUTCOME.match(line) or _DATA_AS_OF.match(line):
                blocks.append(_Block(_SPACE_RUN.sub(" ", " ".join(lines)), first_line))
                lines = []
        elif lines:
            blocks.append(_Block(_SPACE_RUN.sub(" ", " ".join(lines)), first_line))
            lines = []
    if lines:
        blocks.append(_Block(_SPACE_RUN.sub(" ", " ".join(lines)), first_line))
    return blocks


def _join_broken_paragraphs(blocks: list[_Block]) -> list[_Block]:
    """Join a paragraph that a page break cut in two, as a reader would."""
    joined: list[_Block] = []
    for block in blocks:
        if joined and _continues(joined[-1].text, block.text):
            joined[-1] = replace(joined[-1], text=f"{joined[-1].text} {block.text}")
        else:
            joined.append(block)
    return joined


def _is_structural(text: str) -> bool:
    return bool(_HEADER.match(text) or _OUTCOME.match(text) or _DATA_AS_OF.match(text))


def _continues(previous: str, following: str) -> bool:
    """True when ``following`` is the rest of a sentence that ``previous`` left unfinished."""
    if _is_structural(previous) or _is_structural(following) or _STATEMENT.match(following):
        return False
    tail = previous.rstrip()
    if tail[-1] in _TERMINAL or (tail[-1] in '"”’)]' and tail[-2:-1] in tuple(_TERMINAL)):
        return False
    first = following.lstrip()[0]
    if first.islower():
        return True
    if tail[-1] in ",;:'\"“‘(-–—/&" or tail.count("(") > tail.count(")"):
        return True
    last_word = _LAST_WORDS.findall(tail.lower())
    return bool(last_word) and last_word[-1] in _DANGLING


# --- split words --------------------------------------------------------------------------

# Possessive quantifiers: giving letters back can never let the space or the word boundary after
# them match, so the engine need not try.
_SPLIT = re.compile(r"\b([^\W\d_]{2,}+)\s([^\W\d_A-Z]{1,6}+)\b")
_SPLIT_AHEAD = re.compile(r"(?=\b([^\W\d_]{2,}+)\s([^\W\d_A-Z]{1,6}+)\b)")
_WORD = re.compile(r"[^\W\d_]+")


def repair_split_words(texts: list[str]) -> list[str]:
    """Join words split by a stray space ("Caribbea n", "Juá rez") where the join is reliable.

    A join is made when the joined word is known (spelt whole elsewhere in the report, or a place
    name) and neither part is a word the report uses on its own, or when the first part ends in a
    letter no word ends in (ü, as in "Argü ello").
    """
    from kg.extract.gazetteer import place_words

    # NUL is neither a letter nor a space, so no word or pair runs across two paragraphs.
    joined = "\x00".join(texts)
    counts = Counter(map(str.lower, _WORD.findall(joined)))
    in_pairs = Counter(map(str.lower, chain.from_iterable(_SPLIT_AHEAD.findall(joined))))
    whole_words = {w for w in counts if counts[w] > in_pairs[w]}
    places = place_words()

    def standalone(word: str) -> bool:
        return counts[word.lower()] > in_pairs[word.lower()]

    def join(match: re.Match[str]) -> str:
        head, tail = match[1], match[2]
        whole = head + tail
        if head[-1] in "üÜ":
            return whole
        known = whole.lower() in whole_words or whole in places
        if known and not standalone(head) and not standalone(tail):
            return whole
        return match[0]

    return [_SPLIT.sub(join, text) for text in texts]


# --- outcomes -----------------------------------------------------------------------------


class _DocumentBuilder:
    """Lay outcome blocks into the repaired text, recording offsets and guesses."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.warnings: list[str] = []
        self.inferred_lines: dict[str, int] = {}

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def _append(self, text: str) -> tuple[int, int]:
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def outcomes(self, drafts: list[Draft]) -> list[Outcome]:
        """The outcomes of ``drafts`` laid out in order, identifiers inferred where missing."""
        ids = [d.id for d in drafts]
        result = []
        for index, draft in enumerate(drafts):
            inferred = draft.id is None
            outcome_id = draft.id
            if outcome_id is None:
                outcome_id = _infer_id(ids, index)
                ids[index] = outcome_id
                self.inferred_lines[outcome_id] = draft.line
            result.append(self._outcome(outcome_id, draft, inferred))
        return result

    def group(self, body: list[_Block]) -> list[Draft]:
        """Group blocks by OUTCOME header; a statement after a narrative starts an unheaded
        outcome."""
        groups: list[Draft] = []
        for block in body:
            match = _OUTCOME.match(block.text)
            if match:
                groups.append(Draft(match["id"], block.line, []))
                continue
            if not groups:
                if block.text.strip():
                    self.warnings.append(
                        f"{self.source}:{block.line}: text before the first outcome is ignored"
                    )
                continue
            blocks = groups[-1].blocks
            if _STATEMENT.match(block.text) and _has_narrative(blocks):
                groups.append(Draft(None, block.line, [block]))
            else:
                blocks.append(block)
        return groups

    def _outcome(self, outcome_id: str, draft: Draft, inferred: bool) -> Outcome:
        blocks = draft.blocks
        statement, span, rest = "", None, blocks
        if draft.statement is not None:
            statement = draft.statement
            span = self._append(statement) if statement else None
        elif blocks and _is_statement(blocks[0].text, len(blocks) > 1):
            heading = _heading(blocks[0].text)
            statement = blocks[0].text if heading is None else heading
            span = self._append(statement)
            rest = blocks[1:]
        paragraphs = [self._paragraph(block) for block in rest]
        funding = []
        for row, block in draft.funding:
            paragraph = self._paragraph(block)
            paragraphs.append(paragraph)
            funding.append(replace(row, sentence=paragraph.sentences[0]))
        starts = {id(b): p.start for b, p in zip(rest, paragraphs, strict=False)}
        progress = tuple(
            ProgressNote(year, rating, starts.get(id(block), span[0] if span else 0))
            for year, rating, block in draft.progress
        )
        return Outcome(
            id=outcome_id,
            statement=statement,
            paragraphs=tuple(paragraphs),
            inferred_id=inferred,
            statement_span=span,
            scope=draft.scope,
            indicators=draft.indicators,
            funding=tuple(funding),
            progress=progress,
        )

    def _paragraph(self, block: _Block) -> Paragraph:
        heading = _heading(block.text)
        text = block.text if heading is None else heading
        start, _ = self._append(text)
        sentences = tuple(
            Sentence(start + a, start + b, text[a:b]) for a, b in split_sentences(text)
        )
        return Paragraph(start, start + len(text), sentences)


def _has_narrative(blocks: list[_Block]) -> bool:
    return any(not _STATEMENT.match(b.text) and not _HEADER.match(b.text) for b in blocks)


def _is_statement(text: str, more_follows: bool) -> bool:
    """The first block is the outcome statement if it is a heading, a 'By 2025,' sentence,
    or a single sentence followed by the narrative."""
    if _HEADER.match(text) or _STATEMENT.match(text):
        return True
    return more_follows and len(split_sentences(text)) == 1


# The identifier's last "major.minor" (searched: the lookbehind starts it at a run of digits).
_ID_TAIL = re.compile(r"(?<!\d)(?P<major>\d++)\.(?P<minor>\d++)$")


def _infer_id(ids: list[str | None], index: int) -> str:
    """Guess an unheaded outcome's identifier from its neighbours (D_2.3 ... D_4.1 gives D_3.1)."""
    previous = next((i for i in reversed(ids[:index]) if i), None)
    following = next((i for i in ids[index + 1 :] if i), None)
    taken = {i for i in ids if i}
    candidate = f"{previous or 'OUTCOME'}-inferred-{index + 1}"
    match = _ID_TAIL.search(previous or "")
    if match:
        prefix, major, minor = previous[: match.start()], int(match["major"]), int(match["minor"])
        after = _ID_TAIL.search(following or "")
        if after and following[: after.start()] == prefix and int(after["major"]) > major + 1:
            candidate = f"{prefix}{major + 1}.1"
        else:
            candidate = f"{prefix}{major}.{minor + 1}"
    while candidate in taken:
        candidate += "-inferred"
    return candidate


# --- metadata -----------------------------------------------------------------------------


def _parse_date(text: str) -> date | None:
    cleaned = _ORDINAL.sub(r"\1", text.strip().rstrip("."))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _country(title: str | None) -> tuple[str | None, str | None]:
    """The country a report's title names, by ISO 3166 name (pycountry)."""
    if not title:
        return None, None
    from kg.extract.gazetteer import find_country

    return find_country(title)


# The country unit inside a result identifier: "..._COL_D_3.2" or "COL_D_3.2" (ISO 3166 alpha-3).
_UNIT = re.compile(r"(?:^|[-_])(?P<code>[A-Z]{3})_[A-Z]{1,2}_\d")


def identifier_country(ids: list[str]) -> tuple[str | None, str | None]:
    """The country (name, ISO 3166 alpha-2) of the first result identifier with a country unit
    (``XM-DAC-41122-BOL_D_2.1``: Bolivia, BO), or (None, None): an untitled report's country is
    the one its identifiers name before the one its text names most (a donor, often)."""
    import pycountry

    for identifier in ids:
        unit = _UNIT.search(identifier)
        country = pycountry.countries.get(alpha_3=unit["code"]) if unit else None
        if country is not None:
            return getattr(country, "common_name", country.name), country.alpha_2
    return None, None


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def has_outcome_headers(cleaned: str) -> bool:
    """Whether cleaned text (``clean_text``) has a line ``OUTCOME <identifier>``."""
    return "OUTCOME" in cleaned and any(
        _OUTCOME.match(line) for line in cleaned.split("\n") if "OUTCOME" in line
    )


@register
class TextReader:
    """Reports with ``OUTCOME <identifier>`` headers (the bundled report's shape)."""

    name = "text"

    def detect(self, source: Source) -> int:
        cleaned = source.cleaned
        return 50 if cleaned is not None and has_outcome_headers(cleaned) else 0

    def read(self, source: Source, corrections: Corrections | None) -> Document:
        return parse_report(source.decoded(), source.name, source.slug, corrections)
