"""Glossaries of acronyms, in each shape reports print them, read into (acronym, full name) pairs.

A glossary starts at a label line ("Glossary of Acronyms", "List of abbreviations", "Acronyms",
"Siglario", "Siglas y acrónimos", "Abreviaturas", ...) and holds entries in any of these shapes:

- "Full Name ACRONYM", one a line ("Civil society organisations CSOs");
- "ACRO – Full name" (or "-", ":", a tab), one a line;
- acronym and name on alternating lines (the Spanish "Siglario");
- a flattened line of several "ACRO – Full name" entries, as PDF extraction leaves them.

Blank lines may separate entries. One line that fits no shape is passed over when an entry
follows it ("United Nations Entity for Gender Equality ... UN Women"); two end the glossary.
"""

from __future__ import annotations

import re

from kg.readers.debris import search_key

_LABELS = (
    "glossary",
    "glossary of acronyms",
    "glossary of terms",
    "acronyms",
    "acronyms and abbreviations",
    "abbreviations",
    "abbreviations and acronyms",
    "list of acronyms",
    "list of abbreviations",
    "list of acronyms and abbreviations",
    "siglario",
    "siglas",
    "siglas y acronimos",
    "siglas y abreviaturas",
    "acronimos",
    "acronimos y siglas",
    "abreviaturas",
    "lista de siglas",
    "lista de acronimos",
    "lista de abreviaturas",
    "glosario",
    "glosario de siglas",
)
_DASH = r"\s?:\s|\s(?:–|—|-)\s|\t+|\s{2,}"
_ACRO_FIRST = re.compile(rf"^(?P<short>\S{{2,14}})(?:{_DASH})(?P<long>\S.{{2,150}})$")
_SPLIT_FLAT = re.compile(r"(?:^|\s)(?=[A-Z][A-Za-z0-9&\-]{1,13}\s[–—]\s)")


def is_acronym_token(token: str) -> bool:
    """A short token of capitals (digits, '&', '-' and a plural 's' allowed): UNDP, G20, WEPs."""
    core = token[:-1] if token.endswith("s") and len(token) > 2 else token
    letters = [c for c in core if c.isalpha()]
    if not 2 <= len(token) <= 14 or not letters or not token[0].isupper():
        return False
    if any(not (c.isalnum() or c in "&-") for c in token):
        return False
    return sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) or (
        len(letters) == 1 and any(c.isdigit() for c in core)
    )


def read_glossaries(lines: list[str]) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """``lines`` with every glossary blanked out (labels and entries), and its entries."""
    kept = list(lines)
    entries: list[tuple[str, str]] = []
    index = 0
    while index < len(lines):
        if search_key(lines[index].strip().rstrip(":")) in _LABELS:
            kept[index] = ""
            index = _read_entries(lines, index + 1, kept, entries)
        else:
            index += 1
    return kept, tuple(dict.fromkeys(entries))


def _read_entries(
    lines: list[str], index: int, kept: list[str], entries: list[tuple[str, str]]
) -> int:
    """Read entries from ``index``, blanking what they take in ``kept``; return where the
    glossary ends."""
    misses = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        found, used = _entry(lines, index)
        if found:
            entries.extend(found)
            for taken in range(index, index + used):
                kept[taken] = ""
            index += used
            misses = 0
            continue
        following = _next_line(lines, index + 1)
        if misses or following is None or not _entry(lines, following)[0]:
            return index
        kept[index] = ""
        misses += 1
        index += 1
    return index


def _next_line(lines: list[str], index: int) -> int | None:
    while index < len(lines):
        if lines[index].strip():
            return index
        index += 1
    return None


def _entry(lines: list[str], index: int) -> tuple[list[tuple[str, str]], int]:
    """The entries at ``index`` and how many lines they take (none: ``[]``)."""
    line = lines[index].strip()
    if len(line) > 2000:
        return [], 0
    flat = [p.strip() for p in _SPLIT_FLAT.split(line) if p.strip()]
    if len(flat) >= 3:
        pairs = [_acronym_first(p) for p in flat]
        if all(pairs):
            return [p for p in pairs if p], 1
    pair = _acronym_first(line) or _acronym_last(line)
    if pair:
        return [pair], 1
    if is_acronym_token(line):
        following = _next_line(lines, index + 1)
        if following is not None:
            name = lines[following].strip()
            if _is_name(name) and not is_acronym_token(name):
                return [(line, name)], following - index + 1
    return [], 0


def _acronym_first(text: str) -> tuple[str, str] | None:
    match = _ACRO_FIRST.match(text)
    if match and is_acronym_token(match["short"]) and _is_name(match["long"]):
        return match["short"], match["long"].strip()
    return None


def _acronym_last(text: str) -> tuple[str, str] | None:
    name, _, last = text.rpartition(" ")
    if name and is_acronym_token(last) and _is_name(name) and not is_acronym_token(name):
        return last, name.strip()
    return None


def _is_name(text: str) -> bool:
    """A full name: words, the first capitalised, no sentence end, at most 20 words."""
    words = text.split()
    return (
        0 < len(words) <= 20
        and text[0].isupper()
        and not text.rstrip().endswith((".", "!", "?", ";"))
        and not any(c.isdigit() for c in words[0])
    )
