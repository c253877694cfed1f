"""Measure recognition against a hand-written gold file: precision and recall per entity type
and for entity-outcome links.

A gold file (TOML; see tests/data/*.gold.toml) lists every partner, programme and place of one
report with its aliases and the outcomes it is named under. A recognized entity matches a gold
entity when one of its names equals one of the gold names, ignoring accents, case, punctuation
and a leading "the". Each gold entity is matched once: a second recognized entity for it (a
split) counts as a false positive.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.extract.gazetteer import PARTNER, PLACE, PROGRAMME, fold
from kg.model import Extraction
from kg.readers.debris import normal_form

_WORD = re.compile(r"#?[^\W_]+")

TYPES = (PARTNER, PROGRAMME, PLACE)
MAX_BYTES = 10 * 1024 * 1024
# The share of a gold file's partners, programmes and places that must be named in the report's
# text for its scores to mean anything. Measured on the gold files kg ships (tests/data): 85 to
# 100% of those a gold file lists are named in its own report (entity gold lists the spellings
# the report uses; relation gold names things as its author did), at most 53% in another's (the
# portal page of the same country office).
MIN_NAMED = 0.7


@dataclass(frozen=True)
class GoldEntity:
    """One entity of the gold file: its type, names and outcomes."""

    type: str
    label: str
    names: frozenset[str]
    outcomes: frozenset[str]


@dataclass
class Score:
    """Counts for one measure, with the names behind the errors."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    spurious: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of what kg recognized that the gold file has (1.0 when nothing was found)."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        """Share of the gold file that kg recognized (1.0 when the gold file is empty)."""
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def normalize(name: str) -> str:
    """A name as compared: no accents, case, punctuation or leading article."""
    words = _WORD.findall(fold(normal_form(name)).casefold())
    while words and words[0] in ("the", "el", "la"):
        words.pop(0)
    return " ".join(w.lstrip("#") for w in words)


def read_gold_file(
    path: Path, parse: Callable[[str], Any], error: type[Exception], what: str
) -> Any:
    """``path`` read as UTF-8 and parsed; InputError naming the file when it is missing or is
    not ``what`` (``parse`` raised ``error``)."""
    from kg.files import read_limited

    try:
        return parse(read_limited(path, MAX_BYTES, "gold file").decode("utf-8"))
    except (error, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not {what} ({exc})") from None


# The keys of a gold file's [[partner]], [[programme]] and [[place]] rows.
_ROW_KEYS = frozenset({"label", "aliases", "outcomes"})


def load_gold(path: str | Path) -> list[GoldEntity]:
    """Read a gold file, refusing one that is not TOML, lacks the expected tables or has a
    table or key kg does not know (a misspelt ``[[partners]]`` would leave every partner kg
    finds spurious and score recall against nothing)."""
    path = Path(path)
    data = read_gold_file(path, tomllib.loads, tomllib.TOMLDecodeError, "a gold file")
    unknown = sorted(set(data) - {*TYPES, "report"})
    if unknown:
        raise InputError(
            f"{path}: unknown table [[{unknown[0]}]] (a gold file has report, "
            f"{', '.join(f'[[{t}]]' for t in TYPES)})"
        )
    gold = []
    for kind in TYPES:
        for row in data.get(kind, []):
            if not isinstance(row, dict) or not isinstance(row.get("label"), str):
                raise InputError(f"{path}: every [[{kind}]] needs a label")
            unknown = sorted(set(row) - _ROW_KEYS)
            if unknown:
                raise InputError(
                    f"{path}: unknown key {unknown[0]!r} in a [[{kind}]] (it has "
                    f"{', '.join(sorted(_ROW_KEYS))})"
                )
            names = [row["label"], *row.get("aliases", [])]
            gold.append(
                GoldEntity(
                    type=kind,
                    label=row["label"],
                    names=frozenset(normalize(n) for n in names),
                    outcomes=frozenset(row.get("outcomes", [])),
                )
            )
    if not gold:
        raise InputError(f"{path}: the gold file lists no partner, programme or place")
    return gold


def gold_report(path: Path) -> str | None:
    """The report a gold file says it was written for (its ``report`` key), or None."""
    if path.suffix.lower() == ".json":
        data = read_gold_file(path, json.loads, json.JSONDecodeError, "a relation gold file")
    else:
        data = read_gold_file(path, tomllib.loads, tomllib.TOMLDecodeError, "a gold file")
    report = data.get("report") if isinstance(data, dict) else None
    return report if isinstance(report, str) else None


def check_gold_fits(
    path: Path, report: Path, text: str, things: Sequence[Iterable[str]]
) -> list[str]:
    """Refuse a gold file written for another report. ``things`` are the partners, programmes
    and places the gold file at ``path`` lists, each as its normalized names, and ``text`` is
    ``report``'s as kg read it. InputError when fewer than MIN_NAMED of them are named in the
    text: every score would measure the mismatch, not kg (a researcher gave the wrong file, and
    a warning would scroll past while the zeros reach a table). A warning (returned) when the
    gold file names another report file but its names are there: a renamed copy of the report,
    or the same report in another format, scores as it should."""
    words = f" {normalize(text)} "
    named = sum(1 for names in things if any(n and f" {n} " in words for n in names))
    declared = gold_report(path)
    if named < MIN_NAMED * len(things):
        verdict = f"it is the gold of {declared}" if declared else "is it another report's gold?"
        raise InputError(
            f"{path}: only {named} of the {len(things)} partners, programmes and places it lists"
            f" are named in {report} ({MIN_NAMED:.0%} must be): {verdict}"
        )
    if declared and Path(declared).stem != report.stem:
        return [
            f"{path} was written for {declared}, not {report}; its names are there, so it is scored"
        ]
    return []


def match_entities(extraction: Extraction, gold: list[GoldEntity]) -> dict[str, int]:
    """Each recognized entity (key) that matches a gold entity, with the gold entity's index.
    Entities are taken in key order and each gold entity is matched once."""
    matched: dict[int, str] = {}
    named = {m.entity for m in extraction.mentions}
    for key, entity in sorted(extraction.entities.items()):
        if key not in named:
            continue
        names = {normalize(n) for n in (entity.label, *entity.aliases)}
        index = next(
            (
                i
                for i, g in enumerate(gold)
                if g.type == entity.type and g.names & names and i not in matched
            ),
            None,
        )
        if index is not None:
            matched[index] = key
    return {key: index for index, key in matched.items()}


def evaluate(extraction: Extraction, gold: list[GoldEntity]) -> dict[str, Score]:
    """Scores per entity type and for outcome links ("outcome-links")."""
    scores = {kind: Score() for kind in (*TYPES, "outcome-links")}
    matches = match_entities(extraction, gold)
    predicted_links: set[tuple[str, str]] = set()
    outcomes_of: dict[str, set[str]] = {}
    for mention in extraction.mentions:
        outcomes_of.setdefault(mention.entity, set()).add(mention.outcome)
    for key, entity in sorted(extraction.entities.items()):
        if key not in outcomes_of:
            continue
        score = scores[entity.type]
        if key in matches:
            score.true_positives += 1
            target = f"gold:{matches[key]}"
        else:
            score.false_positives += 1
            score.spurious.append(entity.label)
            target = f"spurious:{key}"
        predicted_links.update((target, o) for o in outcomes_of[key])
    matched = set(matches.values())
    for i, g in enumerate(gold):
        if i not in matched:
            scores[g.type].false_negatives += 1
            scores[g.type].missed.append(g.label)
    gold_links = {(f"gold:{i}", o) for i, g in enumerate(gold) for o in g.outcomes}
    links = scores["outcome-links"]
    links.true_positives = len(predicted_links & gold_links)
    links.false_positives = len(predicted_links - gold_links)
    links.false_negatives = len(gold_links - predicted_links)
    labels = {f"gold:{i}": g.label for i, g in enumerate(gold)}
    links.spurious = sorted(f"{labels.get(t, t)} @ {o}" for t, o in predicted_links - gold_links)
    links.missed = sorted(f"{labels[t]} @ {o}" for t, o in gold_links - predicted_links)
    return scores


def format_scores(scores: dict[str, Score], verbose: bool = False) -> str:
    """A plain-text table of precision and recall, with the errors when ``verbose``."""
    lines = [f"{'measure':<14} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for name, s in scores.items():
        lines.append(
            f"{name:<14} {s.precision:>9.3f} {s.recall:>7.3f} "
            f"{s.true_positives:>4} {s.false_positives:>4} {s.false_negatives:>4}"
        )
    if verbose:
        for name, s in scores.items():
            lines.extend(f"  {name} spurious: {x}" for x in s.spurious)
            lines.extend(f"  {name} missed: {x}" for x in s.missed)
    return "\n".join(lines) + "\n"
