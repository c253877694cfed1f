"""PDF documents: their text layer, without what repeats on every page, handed to a text reader.

pdfplumber (on pdfminer.six) reads each page's text lines with their positions. From them:

- running headers and footers go: a line in the top or bottom tenth of a page whose text, digits
  aside, comes back on at least half the pages (two at least), and page numbers ("12",
  "Page 3 of 10", "- 4 -", "Página 2 de 9") in those margins; the first running header is kept
  once, as the text's first line, since it names the document (its country, its year);
- paragraphs are kept: a vertical gap clearly wider than the page's usual line spacing, and a
  page break, end a paragraph (a blank line in the text); lines inside a paragraph stay lines,
  so words hyphenated at a line end are rejoined as in any text (kg.readers.debris) and a
  sentence a page break cut is joined again by the text reader.

The text then goes to the text reader the registry picks for it (portal page, IATI headers,
numbered headings), so a PDF of any of those shapes reads as that shape; evidence offsets index
the text kg made of the PDF. A PDF without a text layer (a scan) is refused with a clear error.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import replace
from statistics import median

from kg.errors import InputError
from kg.model import Document
from kg.readers.corrections import Corrections
from kg.readers.registry import Source, reader_for, register

_MARGIN = 0.1
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p[áa]gina|p\.)\s{0,3})?[-–—(]?\s{0,3}\d{1,4}\s{0,3}[-–—)]?"
    r"(?:\s{0,3}(?:of|de|/)\s{0,3}\d{1,4})?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
# A gap this many times the usual line spacing ends a paragraph.
_PARAGRAPH_GAP = 1.4


def pdf_text(data: bytes, name: str) -> str:
    """The text of the PDF ``data``: pages' lines without running headers, footers and page
    numbers, paragraphs separated by blank lines. InputError for a PDF kg cannot open and for
    one with no text layer."""
    pages = _page_lines(data, name)
    if not any(text for _, lines in pages for text, _, _ in lines):
        raise InputError(
            f"{name}: the PDF has no text layer (a scanned document?); kg reads text: run OCR "
            "on it first (for example with ocrmypdf)"
        )
    running = _running_lines(pages)
    # The running header the document prints on its pages names it: it is kept once, as the
    # first line, where readers look for a title.
    parts: list[str] = [_running_title(pages, running)]
    for height, lines in pages:
        kept = [
            (text, top, bottom)
            for text, top, bottom in lines
            if not (_in_margin(top, bottom, height) and _is_running(text, running))
        ]
        parts.append(_page_text(kept))
    return "\n\n".join(p for p in parts if p)


def _page_lines(data: bytes, name: str) -> list[tuple[float, list[tuple[str, float, float]]]]:
    """Each page's height and its text lines (text, top, bottom), top to bottom."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for page in pdf.pages:
                lines = page.extract_text_lines(return_chars=False)
                rows = [(ln["text"].strip(), float(ln["top"]), float(ln["bottom"])) for ln in lines]
                pages.append((float(page.height), [r for r in rows if r[0]]))
            return pages
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken or locked files
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputError(f"{name}: not a PDF kg can read ({detail})") from None


def _in_margin(top: float, bottom: float, height: float) -> bool:
    return top < height * _MARGIN or bottom > height * (1 - _MARGIN)


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()).casefold())


def _running_lines(pages: list[tuple[float, list[tuple[str, float, float]]]]) -> set[str]:
    """Keys of margin lines that come back on at least half the pages (and two at least)."""
    counts: Counter[str] = Counter()
    for height, lines in pages:
        counts.update({_key(t) for t, top, bottom in lines if _in_margin(top, bottom, height)})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= needed}


def _running_title(
    pages: list[tuple[float, list[tuple[str, float, float]]]], running: set[str]
) -> str:
    """The first running header (a top-margin line of the first page that comes back on the
    others, not a page number), or ""."""
    for height, lines in pages[:1]:
        for text, top, _ in lines:
            if top < height * _MARGIN and _key(text) in running and not _PAGE_NUMBER.match(text):
                return text
    return ""


def _is_running(text: str, running: set[str]) -> bool:
    return _key(text) in running or bool(_PAGE_NUMBER.match(text.strip()))


def _page_text(lines: list[tuple[str, float, float]]) -> str:
    """A page's lines, a blank line wherever the gap before a line is wider than usual."""
    if not lines:
        return ""
    gaps = [b[1] - a[1] for a, b in itertools.pairwise(lines) if b[1] > a[1]]
    usual = median(gaps) if gaps else 0.0
    out = [lines[0][0]]
    for previous, line in itertools.pairwise(lines):
        gap = line[1] - previous[1]
        if usual and gap > usual * _PARAGRAPH_GAP:
            out.append("")
        out.append(line[0])
    return "\n".join(out)


@register
class PdfReader:
    """PDF files (by their ``%PDF-`` signature): the text layer, read as its shape calls for."""

    name = "pdf"

    def detect(self, source: Source) -> int:
        return 100 if source.data[:1024].lstrip().startswith(b"%PDF-") else 0

    def read(self, source: Source, corrections: Corrections | None) -> Document:
        text = pdf_text(source.data, source.name)
        inner = Source(text.encode("utf-8"), source.name, source.slug)
        reader = reader_for(inner, exclude=(self.name,))
        document = reader.read(inner, corrections)
        return replace(document, reader=f"{self.name}/{reader.name}")
