"""The document model and the extraction model: plain dataclasses, no RDF.

Offsets are character offsets into ``Document.text``, the repaired report text, so every
piece of evidence can be found again in the text kg read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report: its text and where it stands in ``Document.text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an outcome's narrative, split into sentences."""

    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Outcome:
    """A result area of the report, named by an IATI result identifier."""

    id: str
    statement: str
    paragraphs: tuple[Paragraph, ...]
    inferred_id: bool = False
    corrected_id: bool = False
    statement_span: tuple[int, int] | None = None

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every narrative sentence of the outcome, in order."""
        return tuple(s for p in self.paragraphs for s in p.sentences)


@dataclass(frozen=True)
class Document:
    """A report as kg read it: metadata, repaired text and outcomes."""

    slug: str
    source: str
    text: str
    outcomes: tuple[Outcome, ...]
    title: str | None = None
    country: str | None = None
    country_code: str | None = None
    year: int | None = None
    data_as_of: date | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """A partner, programme or place, with every name it goes by."""

    key: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Mention:
    """An entity named in a sentence, with the exact span of the name."""

    entity: str
    outcome: str
    sentence: Sentence
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Figure:
    """A quantified result: a value (exact), its unit and what it counts, in one sentence."""

    value: Decimal
    unit: str
    counts: str
    text: str
    outcome: str
    sentence: Sentence
    start: int
    end: int
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    """A derived direct link between two things, with the sentences that support it."""

    predicate: str
    subject: str
    object: str
    evidence: tuple[Sentence, ...]


@dataclass
class Extraction:
    """Everything recognized in one document."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
