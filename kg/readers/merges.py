"""A merges file: a user's decisions on kg's cross-report organisation merges.

A merges file is TOML, like the corrections file (kg.readers.corrections). Each ``[[confirm]]``
table names two organisations kg merged, or should merge, by a name or key each; each
``[[split]]`` table names two it must keep apart::

    [[confirm]]
    names = ["Swiss Embassy", "Embassy of Switzerland"]

    [[split]]
    names = ["Government of Oaxaca", "Government of the State of Oaxaca"]

``kg merges --file FILE`` stores the decisions in the store, where every later build keeps
them; ``kg merges`` prints the merges with their rule, score and decision.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

ACTIONS = ("confirm", "split")


@dataclass(frozen=True)
class Decision:
    """A user's decision on two organisations, each named as in the file: ``confirm`` (one
    organisation) or ``split`` (two)."""

    action: str
    names: tuple[str, str]


def read_merges(path: Path) -> tuple[Decision, ...]:
    """The decisions of the merges file ``path``: its ``[[confirm]]`` tables, then its
    ``[[split]]`` tables, each in file order. InputError (one line) for a file that cannot be
    read, is not TOML, holds a table other than ``[[confirm]]`` and ``[[split]]`` or one
    without exactly two names, or confirms and splits one pair."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the merges file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: a merges file is UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not a TOML merges file ({exc})") from None
    unknown = sorted(set(data) - set(ACTIONS))
    if unknown:
        raise InputError(
            f"{path}: unknown table {unknown[0]!r} in a merges file (use [[confirm]] or [[split]])"
        )
    decisions = []
    for action in ACTIONS:
        tables = data.get(action, [])
        if not isinstance(tables, list):
            raise InputError(f"{path}: {action} must be [[{action}]] tables")
        for number, table in enumerate(tables, 1):
            names = table.get("names") if isinstance(table, dict) else None
            if (
                not isinstance(names, list)
                or len(names) != 2
                or not all(isinstance(n, str) and n.strip() for n in names)
            ):
                raise InputError(
                    f"{path}: [[{action}]] number {number} needs names = two non-empty names"
                )
            extra = sorted(set(table) - {"names"})
            if extra:
                raise InputError(f"{path}: [[{action}]] number {number}: unknown key {extra[0]!r}")
            decisions.append(Decision(action, (names[0].strip(), names[1].strip())))
    _refuse_both(path, decisions)
    return tuple(decisions)


def _refuse_both(path: Path, decisions: list[Decision]) -> None:
    """InputError when one pair of names is both confirmed and split."""
    actions: dict[frozenset[str], str] = {}
    for decision in decisions:
        pair = frozenset(name.casefold() for name in decision.names)
        if actions.setdefault(pair, decision.action) != decision.action:
            first, second = decision.names
            raise InputError(f"{path}: {first!r} and {second!r} are both confirmed and split")
