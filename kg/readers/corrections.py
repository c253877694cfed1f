"""Corrections a user gives for a report: today, the true identifiers of outcomes.

A corrections file is TOML. Each ``[[outcome]]`` table names one outcome by the start of its
statement, or by the identifier kg gave it, and says its real identifier::

    [[outcome]]
    statement = "By 2025, the Mexican State effectively implements regulatory frameworks"
    id = "XM-DAC-41146-MEX_D_3.1"

kg looks for ``<report name>.corrections.toml`` beside the report, or takes ``--corrections FILE``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import InputError
from kg.model import Outcome
from kg.readers.debris import normal_form

# An outcome identifier as a report's OUTCOME header writes it (kg.readers.text): a letter or
# digit, then word characters, dots and hyphens, ending in a word character.
OUTCOME_ID = r"[A-Za-z0-9][\w.\-]*\w"


@dataclass(frozen=True)
class OutcomeCorrection:
    """Give ``id`` to the outcome whose statement starts with ``statement`` (or id is ``was``)."""

    id: str
    statement: str | None = None
    was: str | None = None

    def matches(self, outcome: Outcome) -> bool:
        if self.was is not None and outcome.id == normal_form(self.was):
            return True
        return self.statement is not None and _norm(outcome.statement).startswith(
            _norm(self.statement)
        )


@dataclass(frozen=True)
class Corrections:
    """The corrections read from one file."""

    source: str
    outcomes: tuple[OutcomeCorrection, ...] = ()

    def apply(self, outcomes: list[Outcome], report: str, warnings: list[str]) -> list[Outcome]:
        """Return ``outcomes`` with corrected identifiers; warn of corrections that match none."""
        result = list(outcomes)
        for correction in self.outcomes:
            hits = [i for i, o in enumerate(result) if correction.matches(o)]
            if not hits:
                warnings.append(
                    f"{self.source}: correction for {correction.id} matches no outcome of {report}"
                )
                continue
            if len(hits) > 1:
                raise InputError(
                    f"{self.source}: correction for {correction.id} matches {len(hits)} outcomes"
                )
            result[hits[0]] = replace(
                result[hits[0]], id=correction.id, inferred_id=False, corrected_id=True
            )
        return result


MAX_BYTES = 10 * 1024 * 1024


def load_corrections(path: str | Path) -> Corrections:
    """Read a corrections file, raising InputError with the file name on any problem."""
    from kg.files import read_limited

    path = Path(path)
    try:
        data = tomllib.loads(read_limited(path, MAX_BYTES, "corrections file").decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: the corrections file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not a valid corrections file ({exc})") from None
    entries = data.get("outcome", [])
    unknown = set(data) - {"outcome"}
    if unknown or not isinstance(entries, list):
        raise InputError(f"{path}: unknown section {sorted(unknown)[0] if unknown else 'outcome'}")
    corrections = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise InputError(f"{path}: outcome correction {number} needs an id")
        if not isinstance(entry.get("statement", entry.get("was")), str):
            raise InputError(f"{path}: outcome correction {number} needs a statement or was")
        extra = set(entry) - {"id", "statement", "was"}
        if extra:
            raise InputError(f"{path}: outcome correction {number}: unknown key {sorted(extra)[0]}")
        if not re.fullmatch(OUTCOME_ID, entry["id"]):
            raise InputError(
                f"{path}: outcome correction {number}: {entry['id']!r} is not an outcome "
                "identifier (letters, digits, '_', '.' and '-', as in XM-DAC-41146-MEX_D_1.1)"
            )
        was = entry.get("was")
        corrections.append(
            OutcomeCorrection(
                normal_form(entry["id"]), entry.get("statement"), was and normal_form(was)
            )
        )
    return Corrections(str(path), tuple(corrections))


def corrections_beside(report: Path) -> Path:
    """Where kg looks for a report's corrections file when none is named."""
    return report.with_name(f"{report.name.split('.')[0]}.corrections.toml")


def _norm(text: str) -> str:
    """Statements compared as every name is: normal form, no accents, any case."""
    from kg.readers.debris import search_key

    return search_key(text)
