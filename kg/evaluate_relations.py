"""Measure links between entities against relation gold: programme -> partner, programme -> place,
and (where the gold lists them) partner -> partner collaboration and partner -> place activity.

The gold format and its rules are those of ``shared/gold/README.md`` (JSON): every programme of a
report with the partners taking part in it and the places it works in, each link ``explicit`` (one
sentence names both) or ``discourse`` (it needs the surrounding sentences), and ``borderline`` links
that are neither required nor penalised. kg's own gold files add optional ``collaborations`` and
``partner_places`` lists and a ``role`` on each programme partner (convener, funder,
implementer, member, beneficiary), which is compared with kg's roles on the links it found.

Names are matched as kg.evaluate matches entities (accents, case, punctuation and a leading article
ignored), through every name kg gives an entity; when an entity gold file is given too, its aliases
bridge a gold name and a recognized entity ("National Women's Institute" is INMUJERES), and a
programme title matches the same title cut short or followed by a description ("Gender as a Tool
for Equality" and "Gender as a Tool for Equality (training course)"). Precision
counts predicted links whose two ends are gold entities: a programme the relation gold lists, and
a partner or place that either gold file names (a link to a recognized entity that no gold file
knows is an entity error, scored by kg.evaluate); predicted links that match a borderline
gold link are left out of precision; recall counts the gold links that are not borderline, and
discourse recall those among them that are discourse links.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.evaluate import GoldEntity, Score, normalize, read_gold_file
from kg.extract.gazetteer import PARTNER, PLACE, PROGRAMME
from kg.model import Extraction

# Measures: name -> (predicate of the predicted link, type of its subject, type of its object).
MEASURES = {
    "programme-partner": ("hasPartner", PROGRAMME, PARTNER),
    "programme-place": ("operatesIn", PROGRAMME, PLACE),
    "partner-partner": ("collaboratesWith", PARTNER, PARTNER),
    "partner-place": ("activeIn", PARTNER, PLACE),
}


@dataclass(frozen=True)
class GoldLink:
    """One gold link between two named things."""

    subject: str
    object: str
    kind: str
    borderline: bool
    role: str | None = None


@dataclass
class RelationGold:
    """The links of one relation gold file, per measure, and every name it uses per type."""

    links: dict[str, list[GoldLink]] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)
    programme_aliases: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class RelationScore(Score):
    """A Score with recall of discourse links apart."""

    discourse_found: int = 0
    discourse_wanted: int = 0
    roles_right: int = 0
    roles_judged: int = 0
    wrong_roles: list[str] = field(default_factory=list)

    @property
    def discourse_recall(self) -> float:
        """Share of the gold's discourse links (not borderline) that kg found (1.0 when none)."""
        return self.discourse_found / self.discourse_wanted if self.discourse_wanted else 1.0


def load_relation_gold(path: str | Path) -> RelationGold:
    """Read a relation gold file (JSON), refusing one that lacks the expected shape."""
    path = Path(path)
    data = read_gold_file(path, json.loads, json.JSONDecodeError, "a relation gold file")
    if not isinstance(data, dict) or not isinstance(data.get("programmes"), list):
        raise InputError(f"{path}: a relation gold file needs a list of programmes")
    gold = RelationGold(
        links={name: [] for name in MEASURES},
        names={PARTNER: set(), PROGRAMME: set(), PLACE: set()},
    )
    for programme in data["programmes"]:
        name = _name(programme, "name", path)
        gold.names[PROGRAMME].add(name)
        aliases = programme.get("aliases") or []
        gold.programme_aliases[name] = {name, *(a for a in aliases if isinstance(a, str))}
        for row in _rows(programme, "partners", path):
            gold.links["programme-partner"].append(_link(name, row, "name", path))
            gold.names[PARTNER].add(_name(row, "name", path))
        for row in _rows(programme, "places", path):
            gold.links["programme-place"].append(_link(name, row, "name", path))
            gold.names[PLACE].add(_name(row, "name", path))
    for row in _rows(data, "collaborations", path):
        link = _link(_name(row, "a", path), row, "b", path)
        gold.links["partner-partner"].append(link)
        gold.names[PARTNER].update((link.subject, link.object))
    for row in _rows(data, "partner_places", path):
        link = _link(_name(row, "partner", path), row, "place", path)
        gold.links["partner-place"].append(link)
        gold.names[PARTNER].add(link.subject)
        gold.names[PLACE].add(link.object)
    if not any(gold.links.values()) and not gold.names[PROGRAMME]:
        raise InputError(f"{path}: the relation gold file lists no programme")
    return gold


def gold_things(gold: RelationGold) -> list[set[str]]:
    """The programmes, partners and places a relation gold file names, each as its normalized
    names (a programme's with its aliases), for kg.evaluate.check_gold_fits."""
    programmes = [gold.programme_aliases.get(n, {n}) for n in sorted(gold.names[PROGRAMME])]
    others = sorted(gold.names[PARTNER] | gold.names[PLACE])
    return [{normalize(n) for n in names} for names in (*programmes, *({n} for n in others))]


def _rows(container: dict, key: str, path: Path) -> list[dict]:
    rows = container.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError(f"{path}: {key!r} must be a list of objects")
    return rows


def _name(row: dict, key: str, path: Path) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{path}: every link needs a {key!r} name")
    return value


def _link(subject: str, row: dict, key: str, path: Path) -> GoldLink:
    kind = row.get("kind", "explicit")
    if kind not in ("explicit", "discourse"):
        raise InputError(f"{path}: kind must be 'explicit' or 'discourse', not {kind!r}")
    return GoldLink(
        subject, _name(row, key, path), kind, bool(row.get("borderline")), row.get("role")
    )


class _Names:
    """Canonical ids for names: a gold name and a recognized entity get the same id when they
    name the same thing, directly or through an entity gold file's aliases."""

    def __init__(self, gold: RelationGold, entities: list[GoldEntity]) -> None:
        self.entities = entities
        self.gold_names = {
            kind: {normalize(n): n for n in names} for kind, names in gold.names.items()
        }
        self.aliases = {
            normalize(name): {normalize(a) for a in aliases}
            for name, aliases in gold.programme_aliases.items()
        }

    def of_gold(self, name: str, kind: str) -> str:
        """The id of a name the relation gold uses."""
        key = normalize(name)
        for index, entity in enumerate(self.entities):
            if entity.type == kind and key in entity.names:
                return f"gold:{index}"
        return f"{kind}:{key}"

    def known(self, gold: RelationGold, kind: str) -> set[str]:
        """The ids of every entity of ``kind`` a gold file names: the relation gold's names and,
        for partners and places, the entity gold's entities (programmes are judged only where
        the relation gold lists them)."""
        ids = {self.of_gold(n, kind) for n in gold.names[kind]}
        if kind != PROGRAMME:
            ids.update(f"gold:{i}" for i, e in enumerate(self.entities) if e.type == kind)
        return ids

    def of_entity(self, names: Iterable[str], kind: str, entity_match: int | None) -> str | None:
        """The id of a recognized entity (its names), or None when no gold file knows it."""
        keys = {normalize(n) for n in names}
        if entity_match is not None:
            return f"gold:{entity_match}"
        for index, entity in enumerate(self.entities):
            if entity.type == kind and entity.names & keys:
                return f"gold:{index}"
        for key, name in sorted(self.gold_names[kind].items()):
            if key in keys or (kind == PROGRAMME and self.aliases.get(key, set()) & keys):
                return self.of_gold(name, kind)
        if kind == PROGRAMME:
            for key, name in sorted(self.gold_names[kind].items()):
                if any(_same_title(key, k) for k in keys):
                    return self.of_gold(name, kind)
        return None


def _same_title(a: str, b: str) -> bool:
    """Whether two normalized programme names are one title, one cut short or followed by a
    description: "program for women s access" and "program for women s access to a life free of
    violence" (the shorter has three words or more)."""
    short, long = sorted((a, b), key=len)
    return len(short.split()) >= 3 and long.startswith(f"{short} ")


def evaluate_relations(
    extraction: Extraction,
    gold: RelationGold,
    entities: list[GoldEntity] | None = None,
    entity_matches: dict[str, int] | None = None,
) -> dict[str, RelationScore]:
    """Scores per measure the gold file covers ("programme-partner", "programme-place", and
    "partner-partner", "partner-place" when it lists them). ``entities`` is an entity gold file's
    list, ``entity_matches`` kg.evaluate's matching of recognized entity keys to its indexes."""
    names = _Names(gold, entities or [])
    matches = entity_matches or {}
    ids: dict[str, str | None] = {}
    for key, entity in extraction.entities.items():
        ids[key] = names.of_entity((entity.label, *entity.aliases), entity.type, matches.get(key))
    labels: dict[str, str] = {}
    scores: dict[str, RelationScore] = {}
    for measure, (predicate, subject_type, object_type) in MEASURES.items():
        wanted = gold.links[measure]
        if not wanted and measure not in ("programme-partner", "programme-place"):
            continue
        symmetric = subject_type == object_type
        expected: dict[tuple[str, str], GoldLink] = {}
        for link in wanted:
            pair = (
                names.of_gold(link.subject, subject_type),
                names.of_gold(link.object, object_type),
            )
            labels.update({pair[0]: link.subject, pair[1]: link.object})
            key = _ordered(pair, symmetric)
            if key not in expected or _weight(link) > _weight(expected[key]):
                expected[key] = link
        known = names.known(gold, subject_type)
        known_objects = names.known(gold, object_type)
        predicted: set[tuple[str, str]] = set()
        for relation in extraction.relations:
            if relation.predicate != predicate:
                continue
            pair = (ids.get(relation.subject), ids.get(relation.object))
            # Two recognized entities for one gold entity linked to each other are an entity
            # split (scored by kg.evaluate), not a link.
            if pair[0] in known and pair[1] in known_objects and pair[0] != pair[1]:
                predicted.add(_ordered(pair, symmetric))
                labels.setdefault(pair[0], extraction.entities[relation.subject].label)
                labels.setdefault(pair[1], extraction.entities[relation.object].label)
        scores[measure] = _score(predicted, expected, labels)
        if measure == "programme-partner":
            _score_roles(scores[measure], extraction, ids, expected, labels)
    return scores


def _score_roles(
    score: RelationScore,
    extraction: Extraction,
    ids: dict[str, str | None],
    expected: dict[tuple[str, str], GoldLink],
    labels: dict[str, str],
) -> None:
    """Role agreement on found programme -> partner links whose gold names a role: right when
    one of kg's roles for the partner in that programme is the gold's (the gold's "implementer"
    covers collaborating on the work, which kg calls "partner")."""
    roles: dict[tuple[str | None, str | None], set[str]] = {}
    for p in extraction.participations:
        roles.setdefault((ids.get(p.activity), ids.get(p.organisation)), set()).add(p.role)
    for pair, link in sorted(expected.items()):
        found = roles.get(pair)
        if link.borderline or not link.role or found is None:
            continue
        score.roles_judged += 1
        if link.role in found or (link.role == "implementer" and "partner" in found):
            score.roles_right += 1
        else:
            score.wrong_roles.append(
                f"{_show(pair, labels)}: {', '.join(sorted(found))} ({link.role})"
            )


def _weight(link: GoldLink) -> tuple[bool, bool]:
    """Where two gold links name one pair (two names of one entity), the one that counts: a
    required link over a borderline one, an explicit one over a discourse one."""
    return (not link.borderline, link.kind == "explicit")


def _ordered(pair: tuple, symmetric: bool) -> tuple:
    return tuple(sorted(pair)) if symmetric else pair


def _score(
    predicted: set[tuple[str, str]],
    expected: dict[tuple[str, str], GoldLink],
    labels: dict[str, str],
) -> RelationScore:
    score = RelationScore()
    for pair in sorted(predicted):
        link = expected.get(pair)
        if link is None:
            score.false_positives += 1
            score.spurious.append(_show(pair, labels))
        elif not link.borderline:
            score.true_positives += 1
    for pair, link in sorted(expected.items()):
        if link.borderline:
            continue
        found = pair in predicted
        if not found:
            score.false_negatives += 1
            score.missed.append(f"{_show(pair, labels)} ({link.kind})")
        if link.kind == "discourse":
            score.discourse_wanted += 1
            score.discourse_found += found
    return score


def _show(pair: tuple[str, str], labels: dict[str, str]) -> str:
    return " -> ".join(labels.get(p, p) for p in pair)


def format_relation_scores(scores: dict[str, RelationScore], verbose: bool = False) -> str:
    """A plain-text table of precision, recall and discourse recall per measure."""
    head = f"{'links':<18} {'precision':>9} {'recall':>7} {'discourse':>9}"
    lines = [f"{head} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for name, s in scores.items():
        lines.append(
            f"{name:<18} {s.precision:>9.3f} {s.recall:>7.3f} {s.discourse_recall:>9.3f} "
            f"{s.true_positives:>4} {s.false_positives:>4} {s.false_negatives:>4}"
        )
    for name, s in scores.items():
        if s.roles_judged:
            lines.append(f"{'roles':<18} {s.roles_right}/{s.roles_judged} of {name} links agree")
    if verbose:
        for name, s in scores.items():
            lines.extend(f"  {name} spurious: {x}" for x in s.spurious)
            lines.extend(f"  {name} missed: {x}" for x in s.missed)
            lines.extend(f"  {name} role: {x}" for x in s.wrong_roles)
    return "\n".join(lines) + "\n"
