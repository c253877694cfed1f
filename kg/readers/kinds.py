"""What a file is when it is not a report: the kinds people give kg by mistake.

``kg build exports/x.graphml`` or a spreadsheet saved as CSV must not be read as a report of
one unit, nor answered with "no outcome found": kg says what it got and what it expected. The
signs are in the content (magic numbers, an XML root element, JSON, RDF syntax, a table's
columns), never in the file name alone. Sources: the file signatures of the formats' own
specifications (PNG, JPEG, GIF, ZIP, gzip), the root elements of SVG, GraphML, GEXF, RDF/XML
and XHTML, and the Turtle/N-Triples grammars' opening forms.
"""

from __future__ import annotations

import csv
import json
import re

# (signature at offset 0, what it is)
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (Word, Excel and OpenDocument files are ZIP archives)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
)
# (root element's local name, lower-cased, what it is)
_XML_ROOTS = {
    "svg": "an SVG image",
    "graphml": "a GraphML graph",
    "gexf": "a GEXF graph",
    "rdf": "RDF/XML",
    "html": "an HTML page",
    "iati-activities": "an IATI activity file",
    "iati-organisations": "an IATI organisation file",
}
_ROOT = re.compile(r"<(?![?!])(?:[\w.-]++:)?+([\w.-]++)")
# The XML declaration, comments and a DOCTYPE before the root element (run on 4 KiB at most).
_PROLOG = re.compile(r"<\?[^>]*+>|<!--(?:[^-]++|-(?!->))*+-->|<!DOCTYPE[^>]*+>", re.IGNORECASE)
_DOCTYPE_HTML = re.compile(r"<!doctype\s++html", re.IGNORECASE)
_TURTLE = re.compile(r"(?:@prefix|@base|prefix\s|base\s)", re.IGNORECASE)
_NTRIPLE = re.compile(r"(?:<[^>\s]*+>|_:\S++)\s++<[^>\s]*+>\s++\S")
_SAMPLE = 64 * 1024
_ROWS = 20


def describe(data: bytes, text: str | None) -> str | None:
    """What ``data`` (``text``: its decoding, None when it is not text) is, when it is a kind
    of file that is not a report (an image, an archive, XML, HTML, JSON, RDF, a CSV table);
    None when it may be a report. ``text`` is looked at only in its first 64 KiB."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if text is None:
        return None
    head = text[:_SAMPLE].lstrip("\ufeff \t\r\n")
    code = _after_comments(head)
    if _TURTLE.match(code):
        return "RDF in Turtle (kg reads it as a graph under a .ttl name)"
    if _NTRIPLE.match(code):
        return "RDF in N-Triples or N-Quads (kg reads it as a graph under a .nt or .nq name)"
    if head.startswith("<"):
        return _markup(head)
    if head.startswith(("{", "[")):
        return _json(text)
    return _table(head)


def _after_comments(head: str) -> str:
    """``head`` from its first line that is not a ``#`` comment (Turtle's and N-Triples'
    comments; a markdown heading is skipped too, and prose follows it)."""
    lines = head.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.lstrip().startswith("#")), 0)
    return "".join(lines[start : start + 50]).lstrip()


def _markup(head: str) -> str | None:
    if _DOCTYPE_HTML.match(head):
        return "an HTML page"
    body = _PROLOG.sub("", head[:4096])
    root = _ROOT.search(body)
    if root is None:
        return None
    name = root.group(1).lower()
    return _XML_ROOTS.get(name, f"an XML document (root element <{root.group(1)}>)")


def _json(text: str) -> str | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if (isinstance(value, dict) and "@context" in value) or (
        isinstance(value, list) and any(isinstance(v, dict) and "@id" in v for v in value)
    ):
        return "JSON-LD (kg reads it as a graph under a .jsonld name)"
    return "JSON data"


def _table(head: str) -> str | None:
    """A CSV or TSV table: at least three rows, the first and four in five of the first
    twenty with the same number (two or more) of fields. Report prose has lines of one field
    or of varying numbers of commas."""
    lines = [line for line in head.splitlines() if line.strip()][:_ROWS]
    if len(lines) < 3:
        return None
    for delimiter, name in ((",", "a CSV table"), ("\t", "a tab-separated table"), (";", None)):
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        first = widths[0]
        if first >= 2 and sum(w == first for w in widths) >= 0.8 * len(widths):
            return name or "a CSV table (semicolon-separated)"
    return None
