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
class Indicator:
    """A row of an outcome's results table: an indicator, its baseline and its yearly values.

    ``values`` holds (year, measure, value) with measure one of "baseline", "milestone",
    "result" or "target", and value as written ("17", "0.4", "-" for none yet)."""

    code: str
    text: str
    values: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class Funding:
    """A row of an outcome's funding-partners table: who gave how much (USD), when, as what
    kind of funder ("OECD-DAC donor", "Local government")."""

    funder: str
    amount_usd: float | None
    year: int | None
    kind: str
    sentence: Sentence | None = None


@dataclass(frozen=True)
class ProgressNote:
    """A yearly progress note on an outcome ("In 2022, ... progress on outcome 1.1 (on track)")."""

    year: int
    rating: str | None
    start: int


@dataclass(frozen=True)
class Outcome:
    """A result unit of the report: an outcome named by an IATI result identifier, a numbered
    result heading ("Outcome 1", "Efecto 2.1") or, for a document without either, the whole
    document ("general").

    ``scope`` is None for globally unique identifiers (IATI); for identifiers that only a
    document's context makes unique it names that context (a country code, or the report's slug),
    and takes part in the outcome's identity (kg.graph.vocab.outcome_iri)."""

    id: str
    statement: str
    paragraphs: tuple[Paragraph, ...]
    inferred_id: bool = False
    corrected_id: bool = False
    statement_span: tuple[int, int] | None = None
    scope: str | None = None
    indicators: tuple[Indicator, ...] = ()
    funding: tuple[Funding, ...] = ()
    progress: tuple[ProgressNote, ...] = ()

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every narrative sentence of the outcome, in order."""
        return tuple(s for p in self.paragraphs for s in p.sentences)


@dataclass(frozen=True)
class Document:
    """A report as kg read it: metadata, repaired text and outcomes.

    ``glossary`` holds the (acronym, full name) pairs of the document's glossary, which feed the
    abbreviation table; ``reader`` names the reader that read it (kg.readers.registry);
    ``activities`` holds what an IATI activity file declares (kg.readers.iati);
    ``language`` is the BCP 47 tag of the report's language (kg.readers.language), which tags
    the text kg quotes from it."""

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
    glossary: tuple[tuple[str, str], ...] = ()
    reader: str = "text"
    activities: tuple[Activity, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class Entity:
    """A partner, programme or place, with every name it goes by; ``languages`` pairs the names
    whose language is known (curated names, kg.extract.gazetteer) with a BCP 47 tag."""

    key: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    languages: tuple[tuple[str, str], ...] = ()


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
class Participation:
    """An organisation taking part in a programme or in an outcome's work, in one role, with the
    sentences that say so. ``activity`` is a programme key or ``outcome/<id>``; ``role`` one of
    kg.extract.cues.ROLES (``cited``: the report only cites the body); ``discourse`` is True
    when no one sentence names both, so the link rests on the surrounding sentences;
    ``organisation_type`` is the IATI OrganisationType code an IATI file declares."""

    organisation: str
    activity: str
    role: str
    evidence: tuple[Sentence, ...]
    discourse: bool = False
    organisation_type: str | None = None


@dataclass(frozen=True)
class Relation:
    """A derived direct link between two things, with the sentences that support it;
    ``discourse`` as for a Participation."""

    predicate: str
    subject: str
    object: str
    evidence: tuple[Sentence, ...]
    discourse: bool = False


@dataclass
class Extraction:
    """Everything recognized in one document."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    # The organisation whose report it is (kg.extract.reporting); None for an IATI file, whose
    # activities each name their reporting organisation.
    reporting: Entity | None = None


# IATI activity data (kg.readers.iati): what publishers declare, each fact with the element it
# came from.


@dataclass(frozen=True)
class Element(Sentence):
    """An XML element as evidence: its start tag's span in the file text (``start``, ``end``,
    ``text`` as for a Sentence) and its XPath in the file (``/iati-activities/iati-activity[1]/
    participating-org[2]``)."""

    xpath: str = ""


@dataclass(frozen=True)
class DeclaredOrganisation:
    """An organisation an IATI activity names: ``ref`` (its IATI organisation identifier, None when
    empty or "N/A"), ``name`` (None when the element names none), OrganisationType ``type`` code,
    the kg role name (kg.graph.vocab.ROLES: ``iati-funding`` ... or ``reporting``) and the
    ``activity_id`` it gives."""

    ref: str | None
    name: str | None
    type: str | None
    role: str
    element: Element
    activity_id: str | None = None


@dataclass(frozen=True)
class DeclaredPlace:
    """A place an IATI activity declares: ``kind`` "country", "region" or "location"; ``code`` and
    its ``vocabulary`` (ISO 3166-1 alpha-2, a Region code, a GeoNames id "G1", an ISO 3166-2
    "A4" code); ``name``; a WGS84 point when given; ``percentage`` when given."""

    kind: str
    code: str | None
    vocabulary: str | None
    name: str | None
    element: Element
    latitude: float | None = None
    longitude: float | None = None
    percentage: Decimal | None = None


@dataclass(frozen=True)
class Classification:
    """A sector or policy marker: ``scheme`` "sector" or "policy-marker", its ``vocabulary`` and
    ``code``, the ``name`` the file gives, and a policy marker's ``significance`` code."""

    scheme: str
    vocabulary: str
    code: str
    name: str | None
    element: Element
    significance: str | None = None


@dataclass(frozen=True)
class IndicatorValue:
    """One value of a result indicator: ``measure`` "baseline", "target" or "actual"; ``year``
    (None for placeholders such as 9999); ``unit`` "count" or "percent"; the indicator's title and
    its result's title."""

    indicator: str
    result: str
    measure: str
    year: int | None
    value: Decimal
    unit: str
    element: Element


@dataclass(frozen=True)
class MoneyItem:
    """A transaction or budget of an activity: ``flow_type`` (TransactionType name in lower case,
    or "budget"), provider and receiver as declared organisations (None when not given), the
    value, ISO 4217 ``currency`` and the ``year`` it is dated."""

    flow_type: str
    provider: DeclaredOrganisation | None
    receiver: DeclaredOrganisation | None
    value: Decimal
    currency: str | None
    year: int | None
    element: Element


@dataclass(frozen=True)
class Activity:
    """One ``iati-activity``: identifier, titles and descriptions as (language, text) pairs,
    status code, dates as (ActivityDateType code, ISO date), related activities as (type code,
    identifier, element), the reporting organisation and everything else it declares;
    ``identified_by`` is the element its identifier comes from (``iati-identifier``, or a 1.0x
    file's ``other-identifier``), None when kg named it by its position."""

    identifier: str
    element: Element
    titles: tuple[tuple[str | None, str], ...] = ()
    descriptions: tuple[tuple[str | None, str], ...] = ()
    status: str | None = None
    dates: tuple[tuple[str, str], ...] = ()
    related: tuple[tuple[str | None, str, Element], ...] = ()
    reporting: DeclaredOrganisation | None = None
    organisations: tuple[DeclaredOrganisation, ...] = ()
    places: tuple[DeclaredPlace, ...] = ()
    classifications: tuple[Classification, ...] = ()
    results: tuple[IndicatorValue, ...] = ()
    money: tuple[MoneyItem, ...] = ()
    identified_by: Element | None = None


@dataclass(frozen=True)
class Flow:
    """Money from one organisation to another (or, for a budget, to no one named) in one year,
    currency and flow type, summed over the elements (of the ``activities``) that declare it."""

    provider: str
    receiver: str | None
    activities: tuple[str, ...]
    flow_type: str
    year: int | None
    currency: str | None
    value: Decimal
    evidence: tuple[Element, ...]
