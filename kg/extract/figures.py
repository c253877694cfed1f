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
    r"(?:\s(?P<counts>(?:[A-Za-zÀ-ÿ'-]+\s){0,3}?(?:[a-zà-ÿ'-]+s|women|men|people|children|"
    r"girls|boys|staff|personnel|mujeres|personas|niñas|niños)))?(?![\w])"
)
_SCALE = {"thousand": Decimal(10**3), "million": Decimal(10**6), "billion": Decimal(10**9)}
LARGEST = Decimal(10) ** 20
MOST_DECIMALS = 18
_NOT_COUNTED = re.compile(
    r"^(?:years?|months?|weeks?|days?|hours?|minutes?|times|años|meses|días|horas|"
    r"of\s+them|and|or|to|between)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_PERCENT_OF = re.compile(r"^(?:of\s+)?(?P<what>(?:[A-Za-zÀ-ÿ'-]+\s){0,2}?[A-Za-zÀ-ÿ'-]+)$")


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
                if not storable(figure[0]):
                    if warnings is not None:
                        warnings.append(
                            f"{document.source}: the figure {match[0].strip()[:40]!r} at offset "
                            f"{sentence.start + match.start()} is too large or too precise to "
                            "keep exactly; kg leaves it out"
                        )
                    continue
                value, unit, counts = figure
                yield Figure(
                    value=value,
                    unit=unit,
                    counts=counts,
                    text=match[0].strip(),
                    outcome=outcome.id,
                    sentence=sentence,
                    start=sentence.start + match.start(),
                    end=sentence.start + match.end(),
                    entities=tuple(sorted(by_sentence.get((sentence.start, sentence.end), ()))),
                )


def storable(value: Decimal) -> bool:
    """Whether an xsd:decimal store keeps ``value`` exactly (Oxigraph: under 10^20 in size,
    at most 18 digits after the point)."""
    return (
        value.is_finite() and abs(value) < LARGEST and -value.as_tuple().exponent <= MOST_DECIMALS
    )


def _figure(match: re.Match[str]) -> tuple[Decimal, str, str] | None:
    """(value, unit, what it counts) for a match, or None when the number is not a result."""
    raw = match["value"]
    counts = (match["counts"] or "").strip()
    if _YEAR.match(raw) and not match["unit"]:
        return None
    try:
        value = Decimal(raw.replace(",", "")) * _SCALE.get((match["scale"] or "").strip(), 1)
    except InvalidOperation:
        return None
    if match["unit"]:
        what = _PERCENT_OF.match(counts) if counts else None
        return (
            value,
            "percent",
            (what["what"] if what and counts.startswith(("of ", "women")) else ""),
        )
    if not counts or _NOT_COUNTED.match(counts):
        return None
    return value, "count", counts
