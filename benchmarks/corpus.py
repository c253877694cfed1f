"""Synthetic corpora of kg's shape, for benchmarks: reports built by
``kg.graph.build.build_triples``.

Each synthetic report is an ``Extraction`` (outcomes, sentences, mentions, derived links with
their evidence, figures) over shared pools of partners, programmes and places, so the same
partner is one IRI across reports, as in a real store. Generation is seeded: the same size gives
the same corpus. ``write_corpus`` writes one N-Triples file per report (sorted lines) into a
directory.

    python benchmarks/corpus.py 100000 /tmp/kg-corpus-100k [bundled|dense]
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import combinations
from pathlib import Path

from kg.graph.build import build_triples
from kg.model import (
    Document,
    Entity,
    Extraction,
    Figure,
    Mention,
    Outcome,
    Paragraph,
    Relation,
    Sentence,
)

COUNTRY = Entity("place/mx", "place", "Mexico", ("MX",), "country", (("wikidata", "Q96"),))
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
PARTNER_KINDS = ("government", "un-agency", "academia", "civil-society", "private-sector", "donor")


REPORTS_PER_COUNTRY = 4


@dataclass(frozen=True)
class Shape:
    """How a synthetic report is made: its size, how often a sentence names partners,
    programmes and places (and how many at most), and how many of each it draws on."""

    outcomes: int
    sentences: int
    partner_rate: float
    partners_max: int
    programme_rate: float
    place_rate: float
    places_max: int
    figure_rate: float
    global_partners: int
    local_partners: int
    global_programmes: int
    local_programmes: int
    places: int


# The bundled report's shape: 11 outcomes, ~180 sentences, 12 partners (half UN agencies working
# everywhere), 5 programmes, ~20 places; few links per report (18 outcome-partner, 11
# partner-place, 1 programme-partner) and ~90 figures.
BUNDLED = Shape(11, 17, 0.12, 2, 0.05, 0.2, 2, 0.5, 6, 6, 4, 1, 18)
# A stress shape: every sentence names 1-3 partners, half name a programme (~10x the links).
DENSE = Shape(10, 5, 1.0, 3, 0.5, 0.67, 2, 0.4, 6, 14, 2, 3, 15)
SHAPES = {"bundled": BUNDLED, "dense": DENSE}


@dataclass(frozen=True)
class Pools:
    """The entities reports draw from: 30 partners and 15 programmes working everywhere, and
    each country's own 25 partners, 4 programmes and 25 places (one country per
    REPORTS_PER_COUNTRY reports)."""

    seed: int = 7

    @property
    def partners(self) -> list[Entity]:
        rng = random.Random(self.seed)
        return [_partner(f"g{i:03d}", rng) for i in range(30)]

    @property
    def programmes(self) -> list[Entity]:
        return [_programme(f"g{i:03d}") for i in range(15)]

    def local(self, country: int) -> tuple[list[Entity], list[Entity], list[Entity]]:
        """The partners, programmes and places of one country."""
        rng = random.Random(self.seed * 7919 + country)
        return (
            [_partner(f"c{country:03d}-{i:02d}", rng) for i in range(25)],
            [_programme(f"c{country:03d}-{i:02d}") for i in range(4)],
            [_place(f"c{country:03d}-{i:02d}", country * 100 + i, rng) for i in range(25)],
        )


def _partner(key: str, rng: random.Random) -> Entity:
    return Entity(
        f"partner/{key}",
        "partner",
        f"Partner {key} Institute",
        (f"P-{key}",),
        rng.choice(PARTNER_KINDS),
    )


def _programme(key: str) -> Entity:
    return Entity(f"programme/{key}", "programme", f"Programme {key}", (f"PG-{key}",), "programme")


def _place(key: str, geonames: int, rng: random.Random) -> Entity:
    return Entity(
        f"place/{key}",
        "place",
        f"Place {key}",
        (f"PL-{key}",),
        "city",
        (("geonames", str(100000 + geonames)),),
        latitude=rng.uniform(-50, 50),
        longitude=rng.uniform(-120, 120),
    )


def _pick(rng: random.Random, pool: list[Entity], k: int) -> list[Entity]:
    """``k`` entities, favouring the first of the pool (a few partners are everywhere)."""
    chosen: dict[str, Entity] = {}
    while len(chosen) < min(k, len(pool)):
        entity = pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)]
        if rng.random() < 0.5:
            entity = rng.choice(pool)
        chosen[entity.key] = entity
    return list(chosen.values())


def report(index: int, entities: Pools, seed: int = 7, shape: Shape = BUNDLED) -> Extraction:
    """One synthetic report of ``shape`` (about 2.5k triples for BUNDLED, 4k for DENSE), over
    partners and programmes working everywhere and those and the places of its country."""
    rng = random.Random(seed * 1_000_003 + index)
    slug = f"synthetic-{index:05d}"
    own_partners, own_programmes, own_places = entities.local(index // REPORTS_PER_COUNTRY)
    partners = _pick(rng, entities.partners, shape.global_partners) + rng.sample(
        own_partners, shape.local_partners
    )
    programmes = _pick(rng, entities.programmes, shape.global_programmes) + rng.sample(
        own_programmes, shape.local_programmes
    )
    places = rng.sample(own_places, shape.places)
    text_parts: list[str] = []
    offset = 0
    outcomes: list[Outcome] = []
    mentions: list[Mention] = []
    figures: list[Figure] = []
    links: dict[tuple[str, str, str], list[Sentence]] = {}
    used: dict[str, Entity] = {COUNTRY.key: COUNTRY}
    for o in range(shape.outcomes):
        outcome_id = f"XM-SYN-{index:05d}_D_{o + 1}"
        sentences = []
        for s in range(shape.sentences):
            named = (
                _some(rng, partners, shape.partner_rate, shape.partners_max)
                + _some(rng, programmes, shape.programme_rate, 1)
                + _some(rng, places, shape.place_rate, shape.places_max)
            )
            value = rng.randint(2, 5000)
            body = f"Sentence {s} of outcome {o}: " + ", ".join(e.label for e in named)
            body += f" reached {value} women."
            sentence = Sentence(offset, offset + len(body), body)
            text_parts.append(body + " ")
            offset += len(body) + 1
            sentences.append(sentence)
            for entity in named:
                used[entity.key] = entity
                at = body.index(entity.label)
                mentions.append(
                    Mention(
                        entity.key,
                        outcome_id,
                        sentence,
                        sentence.start + at,
                        sentence.start + at + len(entity.label),
                        entity.label,
                    )
                )
            for key in _links(f"outcome/{outcome_id}", named):
                links.setdefault(key, []).append(sentence)
            if rng.random() < shape.figure_rate:
                figures.append(
                    Figure(
                        Decimal(value),
                        "count",
                        "women",
                        f"{value} women",
                        outcome_id,
                        sentence,
                        sentence.end - len(f"{value} women."),
                        sentence.end - 1,
                        tuple(e.key for e in named),
                    )
                )
        outcomes.append(
            Outcome(
                outcome_id,
                f"By 2030, synthetic outcome {o}.",
                (Paragraph(sentences[0].start, sentences[-1].end, tuple(sentences)),),
            )
        )
    document = Document(
        slug=slug,
        source=f"{slug}.txt",
        text="".join(text_parts),
        outcomes=tuple(outcomes),
        title=f"Synthetic report {index}",
        country="Mexico",
        country_code="MX",
        year=2020 + index % 5,
        data_as_of=date(2024, 1, 1),
    )
    relations = [Relation(p, s, o, tuple(ev)) for (p, s, o), ev in sorted(links.items())]
    return Extraction(document, dict(sorted(used.items())), mentions, figures, relations)


def _some(rng: random.Random, pool: list[Entity], rate: float, most: int) -> list[Entity]:
    return rng.sample(pool, rng.randint(1, most)) if rng.random() < rate else []


def _links(outcome: str, named: list[Entity]) -> Iterator[tuple[str, str, str]]:
    by_type: dict[str, list[str]] = {"partner": [], "programme": [], "place": []}
    for entity in named:
        by_type[entity.type].append(entity.key)
    involves = {
        "partner": "involvesPartner",
        "programme": "involvesProgramme",
        "place": "concernsPlace",
    }
    for kind, keys in by_type.items():
        for key in keys:
            yield involves[kind], outcome, key
    for programme in by_type["programme"]:
        for partner in by_type["partner"]:
            yield "hasPartner", programme, partner
        for place in by_type["place"]:
            yield "operatesIn", programme, place
    for a, b in combinations(sorted(by_type["partner"]), 2):
        yield "collaboratesWith", a, b
    for partner in by_type["partner"]:
        for place in by_type["place"]:
            yield "activeIn", partner, place


def write_corpus(
    triples: int, directory: Path, seed: int = 7, shape: Shape = BUNDLED
) -> tuple[int, int]:
    """Write about ``triples`` triples of synthetic reports as N-Triples files into ``directory``;
    return (reports, triples written)."""
    import pyoxigraph

    directory.mkdir(parents=True, exist_ok=True)
    entities = Pools(seed)
    written = index = 0
    while written < triples:
        built = build_triples(report(index, entities, seed, shape))
        lines = pyoxigraph.serialize(
            [pyoxigraph.Triple(s, p, o) for s, p, o in built],
            format=pyoxigraph.RdfFormat.N_TRIPLES,
        ).splitlines(keepends=True)
        (directory / f"synthetic-{index:05d}.nt").write_bytes(b"".join(sorted(lines)))
        written += len(lines)
        index += 1
    return index, written


if __name__ == "__main__":
    size, target = int(sys.argv[1]), Path(sys.argv[2])
    made, total = write_corpus(
        size, target, shape=SHAPES[sys.argv[3] if len(sys.argv) > 3 else "bundled"]
    )
    print(f"{made} reports, {total} triples in {target}")
