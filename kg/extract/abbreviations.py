"""Abbreviation definitions in running text, after Schwartz and Hearst (2003).

"National Women's Institute (INMUJERES)" and "INMUJERES (National Women's Institute)" both define
INMUJERES. The long form is the shortest run of words before the parenthesis whose letters take in
the short form's characters in order, the first at the start of a word. Reports in translation
often define a Spanish acronym against an English name ("National Bank of Data ... (BANAVIM for its
acronym in Spanish)"); such a definition takes the run of capitalised words before the bracket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract.gazetteer import PARTNER, curated, fold
from kg.extract.matcher import is_acronym

_PAREN = re.compile(r"\(([^()]{1,120})\)")
_TRAILING_ACRONYM_NOTE = re.compile(
    r"^(?P<short>\S+?)[,;]?\s+(?:for\s+its|by\s+its|por\s+sus)\s+(?:acronym|initials|siglas)\b.*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\s()]+")
# What joins a list's last name to the one before it.
_AND = frozenset("and y e".split())
_CONNECTOR = frozenset(
    "of for to and on the against in at de del la las los el y para e en between por with a".split()
)


@dataclass(frozen=True)
class Definition:
    """A short form and the long form it abbreviates, with the long form's span in the text."""

    short: str
    long: str
    start: int
    end: int


def find_definitions(text: str) -> list[Definition]:
    """Every abbreviation definition in ``text``, in either order."""
    found = []
    for match in _PAREN.finditer(text):
        inner = match[1].strip()
        note = _TRAILING_ACRONYM_NOTE.match(inner)
        if note and is_acronym(note["short"]):
            definition = _capitalised_before(text, match.start(), note["short"])
        elif is_acronym(inner):
            definition = _long_before(text, match.start(), inner)
        else:
            definition = _short_before(text, match.start(), match.start(1), inner)
        if definition is not None:
            found.append(definition)
    return found


_LOOKBACK = 400


def _words_before(text: str, paren: int) -> list[re.Match[str]]:
    """The words in the few hundred characters before ``paren`` (a long form is never longer),
    after the last bracket: a long form does not reach across another definition."""
    start = max(0, paren - _LOOKBACK, text.rfind(")", 0, paren) + 1, text.rfind("(", 0, paren) + 1)
    return list(_WORD.finditer(text, start, paren))


def _long_before(text: str, paren: int, short: str) -> Definition | None:
    """Schwartz-Hearst: the shortest preceding word run that contains the short form's letters."""
    words = _words_before(text, paren)
    letters = [c for c in short if c.isalnum()]
    limit = min(len(letters) + 5, len(letters) * 2)
    window = words[-limit:] if limit else []
    for size in range(1, len(window) + 1):
        run = window[-size:]
        candidate = text[run[0].start() : run[-1].end()]
        if _matches(short, candidate):
            return Definition(short, candidate.strip(" ,;:-–—\"'“”"), run[0].start(), run[-1].end())
    return _capitalised_before(text, paren, short)


def _matches(short: str, long: str) -> bool:
    """The Schwartz-Hearst test: short-form characters appear right to left in the long form,
    and the first one starts a word. Accents are folded: the X and E of COLMEX are in México."""
    s_chars = [c.lower() for c in fold(short) if c.isalnum()]
    l_text = fold(long).lower()
    li = len(l_text) - 1
    for si in range(len(s_chars) - 1, -1, -1):
        ch = s_chars[si]
        while li >= 0 and (l_text[li] != ch or (si == 0 and li > 0 and l_text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        li -= 1
    return l_text.split()[0][0].lower() == s_chars[0] if l_text.split() else False


def _capitalised_before(text: str, paren: int, short: str) -> Definition | None:
    """The run of capitalised words (and connectors) that ends just before ``paren``; it ends
    at "and" after another organisation's acronym or curated name ("UNICEF and the National
    Union of Domestic Workers (SINACTRAHO)", "UN Women and ..." are lists of two, the second
    defined)."""
    words = _words_before(text, paren)
    run: list[re.Match[str]] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        token = word[0]
        if run and token[-1] in ",;:.":
            break
        if token.lower() in _AND and _ends_a_name([w[0] for w in words[:index]]):
            break
        if token[0].isupper() or (run and token.lower() in _CONNECTOR):
            run.insert(0, word)
            continue
        break
    while run and run[0][0].lower() in _CONNECTOR:
        run.pop(0)
    if len(run) < 2 or run[-1][0][-1] in ",;:.":
        return None
    return Definition(short, text[run[0].start() : run[-1].end()], run[0].start(), run[-1].end())


def _ends_a_name(words: list[str]) -> bool:
    """Whether ``words`` end with an acronym or a curated organisation's name ("UN Women")."""
    if not words:
        return False
    if is_acronym(words[-1]):
        return True
    names = _curated_names()
    return any(
        fold(" ".join(words[-size:])).casefold() in names
        for size in range(2, min(len(words), _LONGEST_NAME) + 1)
    )


# The most words of a curated name that ends a list item before "and".
_LONGEST_NAME = 8


@cache
def _curated_names() -> frozenset[str]:
    """The curated organisations' names of two words or more, accents off, case folded."""
    return frozenset(
        fold(name).casefold()
        for entity in curated(PARTNER)
        for name in (entity.label, *entity.aliases)
        if len(name.split()) > 1
    )


def _short_before(text: str, paren: int, inner_start: int, inner: str) -> Definition | None:
    """ "INMUJERES (National Women's Institute)": an acronym right before a bracketed long form."""
    words = _words_before(text, paren)
    if not words or len(inner.split()) < 2 or not inner[0].isupper():
        return None
    short = words[-1][0].strip(",;:\"'“”")
    if not is_acronym(short) or not (_matches(short, inner) or _is_name(inner)):
        return None
    return Definition(short, inner, inner_start, inner_start + len(inner))


def _is_name(text: str) -> bool:
    """True for a run of capitalised words and connectors ("National Women's Institute")."""
    words = text.split()
    return all(w[0].isupper() or w.lower() in _CONNECTOR for w in words) and words[0][0].isupper()
