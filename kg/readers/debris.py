"""Text debris: characters and breaks that PDF extraction, copy-paste and other systems leave in
text, and the one normal form kg compares every text in.

The normal form (``normal_form``) is NFC after three repairs:

- compatibility characters that stand for plain letters, digits, punctuation or spaces take
  their plain form (Unicode NFKC for them alone): ligatures ("ﬃ" is "ffi"), full-width and
  mathematical letters, no-break and other fixed-width spaces, the no-break hyphen. A
  compatibility character whose plain form would carry a combining mark (the spacing accent "´"
  that reports use as an apostrophe) or is a superscript, subscript or fraction keeps its form:
  NFKC would turn "women´s" into "women ́s" and a footnote mark "¹" into a digit glued to a word;
- format characters (Unicode category Cf) are dropped wherever they stand: soft hyphens,
  zero-width spaces and joiners, word joiners, direction marks, byte-order marks;
- decomposed accents (as macOS writes them) are composed.

Documents, command-line arguments, ``--param`` values and corrections files all pass through it,
so "Juárez" typed with a decomposed accent is the "Juárez" of the report. ``rejoin_hyphenation``
repairs words split at a line end ("Secre-" / "tariat").
"""

from __future__ import annotations

import re
import unicodedata

# Compatibility tags (Unicode Character Database, decomposition mapping) whose characters stand
# for plain text; <super>, <sub>, <fraction>, <circle>, <square>, <vertical>, ... do not.
_PLAIN_TAGS = frozenset(("<compat>", "<font>", "<wide>", "<narrow>", "<noBreak>", "<small>"))


class _Table(dict):
    """A str.translate table that works out each character's plain form the first time."""

    def __missing__(self, code: int) -> str | None:
        value = _plain(chr(code))
        self[code] = value
        return value


def _plain(char: str) -> str | None:
    if char.isascii():
        return char
    if unicodedata.category(char) == "Cf":
        return None
    tag = unicodedata.decomposition(char).split(" ", 1)[0]
    if tag not in _PLAIN_TAGS:
        return char
    plain = unicodedata.normalize("NFKC", char)
    if any(unicodedata.combining(c) for c in plain):
        return char
    return plain


_TABLE = _Table()
# A soft hyphen at a line end marks where a word was broken: the two halves are one word.
_SOFT_BREAK = re.compile("\u00ad[ \t]*\r?\n[ \t]*")


def normal_form(text: str) -> str:
    """``text`` in kg's one normal form (see the module docstring); line breaks are kept."""
    if text.isascii():
        return text
    text = _SOFT_BREAK.sub("", text) if "\u00ad" in text else text
    return unicodedata.normalize("NFC", text.translate(_TABLE))


def search_key(text: str) -> str:
    """The form names are looked up in: the normal form without accents, case-folded, spaces
    collapsed ("Ciudad Juarez", "CIUDAD JUÁREZ" and a decomposed "Ciudad Juárez" are one key)."""
    from kg.extract.gazetteer import fold

    return " ".join(fold(normal_form(text)).casefold().split())


# Possessive runs that start only at a word's first letter: each word is scanned once.
_HYPHENATED = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?:[-\u2010][^\W\d_]++)+")


def rejoin_hyphenation(text: str) -> str:
    """Join words hyphenated at a line end ("Secre-" / "tariat" is "Secretariat").

    The hyphen and the line break go when the next line starts with a lower-case letter, unless
    the document writes the hyphenated word whole elsewhere ("co-" / "financed" stays
    "co-financed" when "co-financed" appears on one line): then only the line break goes.
    Lines are otherwise kept. Runs in one pass over the text.
    """
    if "-\n" not in text and "\u2010\n" not in text:
        return text
    on_one_line = text.replace("-\n", " ").replace("\u2010\n", " ")
    whole = {w.casefold() for w in _HYPHENATED.findall(on_one_line)}
    joined: list[str] = []
    for line in text.split("\n"):
        if joined and _broken(joined[-1].rstrip(), line):
            previous = joined[-1].rstrip()
            head = _last_word(previous[:-1])
            tail = _first_word(line.lstrip())
            keep = f"{head}-{tail}".casefold() in whole
            joined[-1] = previous[:-1] + ("-" if keep else "") + line.lstrip()
        else:
            joined.append(line)
    return "\n".join(joined)


def _broken(previous: str, line: str) -> bool:
    stripped = line.lstrip()
    return (
        len(previous) >= 2
        and previous[-1] in "-\u2010"
        and _is_letter(previous[-2])
        and bool(stripped)
        and _is_letter(stripped[0])
        and stripped[0].islower()
    )


def _is_letter(char: str) -> bool:
    return char.isalpha()


def _last_word(text: str) -> str:
    index = len(text)
    while index > 0 and text[index - 1].isalpha():
        index -= 1
    return text[index:]


def _first_word(text: str) -> str:
    index = 0
    while index < len(text) and text[index].isalpha():
        index += 1
    return text[:index]


_KEY_WORD = re.compile(r"[^\W_]+")


def statement_key(statement: str) -> str:
    """The form in which two outcome statements are the same statement: the normal form without
    a closing cross-reference ("(UNSDCF 3.2)"), accents, case, punctuation and spacing; "" for no
    statement. Deterministic, and the whole rule: no similarity threshold, so the same text gives
    the same outcome in every report and a reworded statement is another outcome."""
    from kg.extract.gazetteer import fold

    text = without_cross_reference(normal_form(statement))
    return " ".join(_KEY_WORD.findall(fold(text).casefold()))


def without_cross_reference(statement: str) -> str:
    """``statement`` without a closing cross-reference to another framework: a bracket of at
    most 80 characters holding a digit ("(UNSDCF 3.2)", "(SP Output 8)")."""
    text = statement.rstrip(" .\t\n")
    if not text.endswith(")"):
        return statement
    opening = text.rfind("(")
    inner = text[opening + 1 : -1]
    if opening < 0 or len(inner) > 80 or ")" in inner or not any(c.isdigit() for c in inner):
        return statement
    return text[:opening].rstrip()
