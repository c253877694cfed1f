"""Split a paragraph into sentences, returning character spans.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by a space,
unless the word before the stop is an abbreviation, an initial or a list marker.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs approx no nos nr art fig figs mr mrs ms dr prof st jr sr inc ltd co corp "
    "dept gov govt av ave lic ing arq sra sres núm p pp vol ed eds al cf est".split()
)
# A run of stops is taken whole from its first stop (possessive, and never started inside a
# run), so a line of dots is scanned once, not once per dot.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’'»)\]]*+(?=\s+\S)")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the sentences in ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if end <= start or not _ends_sentence(text, start, match):
            continue
        spans.append((start, end))
        start = _skip_space(text, end)
    tail_end = len(text.rstrip())
    if start < tail_end:
        spans.append((start, tail_end))
    return spans


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _ends_sentence(text: str, start: int, match: re.Match[str]) -> bool:
    # _BOUNDARY's lookahead guarantees spaces and then a character that is not one.
    nxt = text[_skip_space(text, match.end())]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'«(#¿¡" or nxt.islower()):
        return False
    if match[0][0] != ".":
        return True
    word = _last_word(text, start, match.start())
    if not word:
        return True
    token = word.lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():
        return False
    if _INITIALS.fullmatch(token):
        return False
    return not (nxt.islower() and token.isdigit())


def _last_word(text: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends ``text[start:end]`` (what the regex
    ``[\\w.]+$`` finds), scanned from the end rather than searched from the start."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    index = end
    while index > start and (text[index - 1].isalnum() or text[index - 1] in "._"):
        index -= 1
    return text[index:end]
