"""Find known names in text by word n-grams: a lexicon of names and a longest-match scan.

Names and text are compared as sequences of words, folded (accents off) and case-folded for long
names, and in capitals for acronyms when the text's words are acronym-shaped too: "Tlahuac" finds
Tláhuac, the gazetteer's "UNiTE" finds a report's "UNITE", and "INEGI" does not match "inegi" nor
"UNiTE" the word "Unite". A lexicon can be layered (a report's own names over a country's cached
lexicon) without copying.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from kg.extract.gazetteer import fold

_TOKEN = re.compile(r"#?[^\W_]+")
_ARTICLE = re.compile(r"^(?:the|el|la|los|las)\s+(?=\S)")
# What may stand between two words of one name: spaces, a hyphen, an apostrophe, an ampersand.
_GAP = re.compile(r"\s*+[-'’´&.,\"“”]?\s*+")


def tokens(text: str) -> list[re.Match[str]]:
    """The words of ``text`` (letters and digits; a leading # kept for hashtags)."""
    return list(_TOKEN.finditer(text))


@cache
def is_acronym(name: str) -> bool:
    """True for names like INMUJERES, WEPs, SCA-ECLAC, G7, W20 or UNW RO: short and mostly
    capitals, digits allowed after a capital, two or three such words at most."""
    words = name.split()
    if not words or len(name) > 12 or len(words) > 3:
        return False
    return all(_acronym_word(w) for w in words) and (len(words) == 1 or len(words[0]) >= 2)


def _acronym_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    capitals = sum(c.isupper() for c in letters)
    if capitals >= max(2, len(letters) - 1):
        return True
    # "G7", "W20", "C40": one capital and digits.
    return len(letters) == 1 and capitals == 1 and word[0].isupper() and word[1:].isdigit()


@cache
def name_key(name: str) -> tuple[str, bool]:
    """The lexicon key of ``name`` and whether it is an acronym's (matched in capitals, only
    by acronym-shaped text)."""
    words = [m[0] for m in tokens(fold(name))]
    if is_acronym(name):
        return " ".join(words).upper(), True
    return " ".join(w.casefold() for w in words), False


@dataclass
class Lexicon:
    """Names -> entity keys; ``parent`` is consulted after this lexicon's own names."""

    parent: Lexicon | None = None
    loose: dict[str, str] = field(default_factory=dict)
    exact: dict[str, str] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def add(self, name: str, key: str) -> None:
        """Add ``name`` for ``key`` unless the name is already taken (first one wins). A leading
        article is dropped ("the Caribbean" is found as "Caribbean")."""
        text, exact = name_key(_ARTICLE.sub("", name))
        if not text or self.lookup(text, exact) is not None:
            return
        (self.exact if exact else self.loose)[text] = key
        first = text.split(" ", 1)[0].casefold()
        size = text.count(" ") + 1
        if size not in self.lengths.get(first, ()):
            self.lengths[first] = tuple(sorted({*self.lengths.get(first, ()), size}, reverse=True))

    def lookup(self, text: str, exact: bool) -> str | None:
        """The key for a lexicon key ``text``, here or in the parent."""
        found = (self.exact if exact else self.loose).get(text)
        if found is None and self.parent is not None:
            return self.parent.lookup(text, exact)
        return found

    def key_of(self, name: str) -> str | None:
        """The entity key a whole name stands for, if the lexicon knows the name."""
        text, exact = name_key(_ARTICLE.sub("", name))
        return self.lookup(text, exact) if text else None

    def _lengths(self, first: str) -> tuple[int, ...]:
        own = self.lengths.get(first, ())
        if self.parent is None:
            return own
        inherited = self.parent._lengths(first)
        if not own or not inherited:
            return own or inherited
        return tuple(sorted({*own, *inherited}, reverse=True))

    def find(self, text: str) -> Iterable[tuple[int, int, str]]:
        """Yield (start, end, key) for each known name in ``text``, longest first, no overlaps."""
        words = tokens(fold(text))
        raw = [w[0] for w in words]
        lower = [w.casefold() for w in raw]
        i = 0
        while i < len(words):
            if text[words[i].start()].islower():
                i += 1
                continue
            hit = self._match_at(text, words, raw, lower, i)
            if hit is None:
                i += 1
                continue
            n, key = hit
            yield words[i].start(), words[i + n - 1].end(), key
            i += n

    def _match_at(
        self, text: str, words: list[re.Match[str]], raw: list[str], lower: list[str], i: int
    ) -> tuple[int, str] | None:
        for n in self._lengths(lower[i]):
            if n > len(words) - i or (n > 1 and not _joined(text, words, i, n)):
                continue
            exact = self.lookup(_acronym_key(" ".join(raw[i : i + n])), True)
            if exact is not None:
                return n, exact
            loose = self.lookup(" ".join(lower[i : i + n]), False)
            if loose is not None:
                return n, loose
        return None


def _acronym_key(words: str) -> str:
    """The key under which ``words`` of a text are looked up among acronyms: in capitals when
    they are acronym-shaped, so "UNITE" finds "UNiTE" but "Unite" finds nothing; otherwise as
    they are ("A.C.", read as "A C", still finds the acronym "A.C.")."""
    return words.upper() if is_acronym(words) else words


def _joined(text: str, words: list[re.Match[str]], i: int, n: int) -> bool:
    """True when the n words from i are separated only by name-internal gaps."""
    for j in range(i, i + n - 1):
        if not _GAP.fullmatch(text, words[j].end(), words[j + 1].start()):
            return False
    return True
