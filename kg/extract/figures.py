"""Quantified results in a sentence: a value, its unit and what it counts.

"2,763 marginalized women enrolled" counts marginalized women; "28% are governed by women" is a
percentage; years ("the 2017 earthquakes"), durations ("3 months") and ages are not results.
Each figure is tied to its outcome, its sentence and the entities that sentence names.

Values are exact decimals (``decimal.Decimal``: "48.6" stays 48.6, "1.5 million" is 1500000),
never floats. A value a store cannot hold exactly (xsd:decimal in Oxigraph: under 10^20, at most
18 digits after the point) is left out with a warning rather than rounded or made "Infinity".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from kg.model import Document, Figure, Mention

_FIGURE = re.compile(
    r"(?<![\w.,])(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s(?:thousand|million|billion))?"
    r"(?P<unit>\s?%|\s(?:percent|per\s?cent|por\s?ciento))?"
    r"(?P<tail>(?:\s[A-Za-zÀ-ÿ'’-]++(?![\w])){0,4})(?![\w])"
)
# The head noun of what a figure counts: a plural (a lower-case word ending in s) or a noun
# whose plural has no s. A possessive ("women's", "workers'") is a modifier, never the head.
_HEAD = re.compile(
    r"^(?:[a-zà-ÿ'’-]*[a-zà-ÿ]s|women|men|people|children|girls|boys|staff|personnel|"
    r"mujeres|personas|niñas|niños)$"
)
_POSSESSIVE = re.compile(r"['’]s?$")
# Words that end a noun phrase (conjunctions, prepositions, determiners, pronouns, auxiliaries;
# English and Spanish): "40% and businesses ..." counts nothing, "120 officials in Guerrero"
# counts officials. "of"/"de" after a percentage say what it is a share of.
_ENDS_PHRASE = frozenset(
    """
    and or but nor in on at by for with to from into onto of off over under than as that which
    who whom whose while where when if so the a an this these those their its his her our your
    my were was are is be been being have has had will would can could may might must shall
    should do does did per via across among between about after before during within without
    y e o u ni en a al de del con por para que se su sus la las el los lo un una unos unas
    este esta estos estas fueron fue son es han ha había entre sin sobre desde hasta como
    """.split()
)
_OF = frozenset({"of", "de", "del"})
_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
# A conjunction inside the phrase joins two modifiers ("refugee and migrant women"); one that
# comes first ("40% and businesses") ends it.
_JOINS = frozenset({"and", "or", "y", "e", "o", "u"})
_SCALE = {"thousand": Decimal(10**3), "million": Decimal(10**6), "billion": Decimal(10**9)}
LARGEST = Decimal(10) ** 20
MOST_DECIMALS = 18
_NOT_COUNTED = re.compile(
    r"^(?:years?|months?|weeks?|days?|hours?|minutes?|times|años|meses|días|horas)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def counted_phrase(words: list[str]) -> int:
    """How many of ``words`` (those after a figure) make the noun phrase it counts: modifiers
    up to the first head noun (``_HEAD``, never a possessive), ending early at a word that
    ends a phrase (``_ENDS_PHRASE``); 0 when no head comes first. "women's organizations and
    movements" gives 2, "and businesses in many cases" 0, "refugee and migrant women" 4."""
    for index, word in enumerate(words):
        if word.lower() in _JOINS and index > 0:
            continue
        if word.lower() in _ENDS_PHRASE:
            return 0
        if _HEAD.match(word) and not _POSSESSIVE.search(word):
            return index + 1
    return 0


def find_figures(
    document: Document,
    mentions: list[Mention],
    max_sentence: int = 20_000,
    warnings: list[str] | None = None,
) -> Iterable[Figure]:
    """Every figure in the narrative of ``document`` (sentences up to ``max_sentence``
    characters), with the entities of its sentence; one that cannot be kept exactly is
    reported in ``warnings`` instead."""
    by_sentence: dict[tuple[int, int], list[str]] = defaultdict(list)
    for m in mentions:
        keys = by_sentence[(m.sentence.start, m.sentence.end)]
        if m.entity not in keys:
            keys.append(m.entity)
    for outcome in document.outcomes:
        for sentence in outcome.sentences:
            if len(sentence.text) > max_sentence:
                continue
            for match in _FIGURE.finditer(sentence.text):
                figure = _figure(match)
                if figure is None:
                    continue
                value, unit, counts, end = figure
                text = sentence.text[match.start() : end]
                if not storable(value):
                    if warnings is not None:
                        warnings.append(
                            f"{document.source}: the figure {text[:40]!r} at offset "
                            f"{sentence.start + match.start()} is too large or too precise to "
                            "keep exactly; kg leaves it out"
                        )
                    continue
                yield Figure(
                    value=value,
                    unit=unit,
                    counts=counts,
                    text=text,
                    outcome=outcome.id,
                    sentence=sentence,
                    start=sentence.start + match.start(),
                    end=sentence.start + end,
                    entities=tuple(sorted(by_sentence.get((sentence.start, sentence.end), ()))),
                )


def storable(value: Decimal) -> bool:
    """Whether an xsd:decimal store keeps ``value`` exactly (Oxigraph: under 10^20 in size,
    at most 18 digits after the point)."""
    return (
        value.is_finite() and abs(value) < LARGEST and -value.as_tuple().exponent <= MOST_DECIMALS
    )


def _figure(match: re.Match[str]) -> tuple[Decimal, str, str, int] | None:
    """(value, unit, what it counts, where the figure's text ends in the sentence) for a match,
    or None when the number is not a result. What a count counts is the noun phrase after it
    (``counted_phrase``); what a percentage is a share of is the phrase after "of"/"de" (or
    a phrase of women: "28% women")."""
    raw = match["value"]
    if _YEAR.match(raw) and not match["unit"]:
        return None
    try:
        value = Decimal(raw.replace(",", "")) * _SCALE.get((match["scale"] or "").strip(), 1)
    except InvalidOperation:
        return None
    words = [(w.group(), match.start("tail") + w.end()) for w in _WORD.finditer(match["tail"])]
    number_end = match.end("unit") if match["unit"] else match.end("scale")
    number_end = max(number_end, match.end("value"))
    if match["unit"]:
        skip = 1 if words and words[0][0].lower() in _OF else 0
        if skip and len(words) > 1 and words[1][0].lower() in _ARTICLES:
            skip = 2  # "63% of the victims" is a share of victims
        taken = counted_phrase([w for w, _ in words[skip:]])
        if taken and (skip or words[0][0].lower() in ("women", "mujeres")):
            phrase = words[skip : skip + taken]
            return value, "percent", " ".join(w for w, _ in phrase), phrase[-1][1]
        return value, "percent", "", number_end
    taken = counted_phrase([w for w, _ in words])
    if not taken or _NOT_COUNTED.match(words[0][0]):
        return None
    phrase = words[:taken]
    return value, "count", " ".join(w for w, _ in phrase), phrase[-1][1]


_WORD = re.compile(r"\S++")
