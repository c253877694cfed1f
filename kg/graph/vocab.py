"""Our namespace, the vocabularies we reuse, and the minting of IRIs: the only place IRIs are spelt.

Every IRI kg mints is derived from identifiers and names (never from a counter or the clock), so
the same report gives the same IRIs on every build and the same partner is one IRI across reports.

Minted IRIs start with the IRI base: ``https://w3id.org/kg/`` unless the ``KG_BASE``
environment variable names another (an organisation minting IRIs under its own domain). The
ontology's terms (``kg:``, ``https://w3id.org/kg/ns#``) stay the same under every base, so data
minted under several bases shares one vocabulary, shapes and saved queries. ``ID``,
``ENTITIES_GRAPH`` and ``PREFIXES`` follow the base (read once per process).
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import cache
from typing import Any

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from kg.errors import InputError

# The base of kg's own vocabulary, and the default base of minted IRIs.
BASE = "https://w3id.org/kg/"
BASE_VARIABLE = "KG_BASE"
# The kinds of thing whose IRIs get a prefix of their own (``kgpartner:inmujeres``): entities,
# outcomes, reports and the store's report graphs.
KINDS = ("partner", "programme", "place", "outcome", "report", "graph")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
GEONAMES = "https://sws.geonames.org/"
# An absolute http(s) IRI ending in "/" or "#", without characters an IRI may not hold.
_BASE_FORM = re.compile(r"https?://[^\s<>\"{}|\\^`/#?]+(?:/[^\s<>\"{}|\\^`#?]*)?[/#]")


class KG(DefinedNamespace):
    """Terms of the kg ontology (``ontology/kg.ttl``)."""

    _NS = Namespace(f"{BASE}ns#")
    _fail = True

    Report: URIRef
    Outcome: URIRef
    Programme: URIRef
    Organisation: URIRef
    Partner: URIRef
    Place: URIRef
    Participation: URIRef
    Role: URIRef
    Evidence: URIRef
    Figure: URIRef
    Link: URIRef
    ProgressRating: URIRef

    hasOutcome: URIRef
    statement: URIRef
    inferredIdentifier: URIRef
    correctedIdentifier: URIRef
    country: URIRef
    year: URIRef
    dataAsOf: URIRef
    kind: URIRef

    mentions: URIRef
    inOutcome: URIRef
    linkedTo: URIRef
    involvesProgramme: URIRef
    involvesPartner: URIRef
    concernsPlace: URIRef
    hasPartner: URIRef
    collaboratesWith: URIRef
    operatesIn: URIRef
    activeIn: URIRef

    linkSubject: URIRef
    linkPredicate: URIRef
    linkObject: URIRef
    evidence: URIRef
    evidenceCount: URIRef

    value: URIRef
    unit: URIRef
    counts: URIRef
    about: URIRef

    rating: URIRef
    progressYear: URIRef

    activity: URIRef
    discourse: URIRef

    ParticipationRoles: URIRef
    IatiOrganisationRoles: URIRef
    ConvenerRole: URIRef
    FunderRole: URIRef
    ImplementerRole: URIRef
    MemberRole: URIRef
    BeneficiaryRole: URIRef
    PartnerRole: URIRef
    CitedRole: URIRef
    IatiFundingRole: URIRef
    IatiAccountableRole: URIRef
    IatiExtendingRole: URIRef
    IatiImplementingRole: URIRef

    wikidataId: URIRef
    iso3166Code: URIRef
    geonamesId: URIRef
    iatiOrganisationId: URIRef

    OrganisationMatch: URIRef
    matchedEntity: URIRef
    matchRule: URIRef
    matchScore: URIRef
    matchDecision: URIRef
    matchedName: URIRef
    sameOrganisationAs: URIRef


_STANDARD_PREFIXES = {
    "kg": KG._NS,
    "dcterms": DCTERMS,
    "org": ORG,
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "skos": SKOS,
    "geo": GEO,
    "owl": OWL,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
    "wd": WIKIDATA,
}
# The datatype of each scheme's codes in skos:notation (ontology/kg.ttl defines their forms).
NOTATION_TYPES = {
    "wikidata": KG.wikidataId,
    "iso3166": KG.iso3166Code,
    "geonames": KG.geonamesId,
    "iati": KG.iatiOrganisationId,
}

# The class of each entity type; an organisation that takes part in something (any role but
# "cited") is a kg:Partner too.
TYPE_CLASSES = {"partner": KG.Organisation, "programme": KG.Programme, "place": KG.Place}
# The role concepts of the participation model (ontology/kg.ttl), by kg.extract.cues role name.
ROLES = {
    "convener": KG.ConvenerRole,
    "funder": KG.FunderRole,
    "implementer": KG.ImplementerRole,
    "member": KG.MemberRole,
    "beneficiary": KG.BeneficiaryRole,
    "partner": KG.PartnerRole,
    "cited": KG.CitedRole,
}
# What a store's entities graph describes: the things several reports can name.
ENTITY_CLASSES = (*TYPE_CLASSES.values(), KG.Partner, KG.Outcome)
# The standard classes each kg class stands under (ontology/kg.ttl says so as axioms; the data
# states them too, so that a reader without the ontology or a reasoner finds org:Organization,
# prov:Entity, schema:Place and the rest).
STANDARD_TYPES = {
    KG.Report: (SCHEMA.Report, PROV.Entity),
    KG.Outcome: (PROV.Entity,),
    KG.Programme: (SCHEMA.Project,),
    KG.Organisation: (ORG.Organization, SCHEMA.Organization),
    KG.Place: (SCHEMA.Place,),
    KG.Participation: (ORG.Membership, PROV.Entity),
    KG.Evidence: (PROV.Entity, OA.TextQuoteSelector, OA.TextPositionSelector),
    KG.Figure: (SCHEMA.QuantitativeValue,),
    KG.Link: (PROV.Entity,),
}
# The ontology's IRI; every report node says it conforms to it (dcterms:conformsTo).
ONTOLOGY = URIRef(f"{BASE}ns")


def iri_base(value: str | None = None) -> str:
    """The base of minted IRIs: ``value``, else $KG_BASE, else ``https://w3id.org/kg/``.

    InputError when it is not an absolute http(s) IRI ending in "/" or "#"."""
    base = os.environ.get(BASE_VARIABLE) if value is None else value
    if not base:
        return BASE
    if not _BASE_FORM.fullmatch(base):
        raise InputError(
            f"{BASE_VARIABLE}={base!r} is not an IRI base: give an absolute http(s) IRI "
            "ending in '/' or '#' (https://example.org/kg/)"
        )
    return base


@cache
def _namespaces(base: str) -> dict[str, Namespace]:
    """kg's prefixes under ``base``: ``kgid:`` for every minted IRI, one per kind of thing
    (``kgpartner:``, ...), and the standard vocabularies'."""
    minted = Namespace(f"{base}id/")
    kinds = {f"kg{kind}": Namespace(f"{minted}{kind}/") for kind in KINDS}
    return {"kgid": minted, **kinds, **_STANDARD_PREFIXES}


def _minted() -> Namespace:
    return _namespaces(iri_base())["kgid"]


def __getattr__(name: str) -> Any:
    """``ID`` (the namespace of minted IRIs), ``ENTITIES_GRAPH`` (the store's entities graph,
    kg.store.entities: outside graph/ so that no report slug can name it), ``MERGES_GRAPH`` (the
    store's cross-report organisation merges, kg.store.merges), ``DECLARED_GRAPH`` (a remote
    store's declared outcome links, kg.store.declared) and ``PREFIXES``
    (prefix -> namespace), under the IRI base in force."""
    if name == "ID":
        return _minted()
    if name == "ENTITIES_GRAPH":
        return _minted()["entities"]
    if name == "MERGES_GRAPH":
        return _minted()["merges"]
    if name == "DECLARED_GRAPH":
        return _minted()["declared"]
    if name == "PREFIXES":
        return _namespaces(iri_base())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in _namespaces(iri_base()).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def report_iri(slug: str) -> URIRef:
    """The IRI of a report, from its slug."""
    return _minted()[f"report/{slug}"]


def match_iri(a: str, b: str) -> URIRef:
    """The IRI of the decision that the organisations ``a`` and ``b`` (IRIs) are one or two,
    minted from the pair (in order) so that a rebuild mints it again."""
    digest = hashlib.sha256(f"{min(a, b)}\n{max(a, b)}".encode()).hexdigest()[:16]
    return _minted()[f"merge/{digest}"]


def graph_iri(slug: str, staging: str | None = None) -> URIRef:
    """The IRI of the named graph holding a report in a store; ``staging`` names a temporary graph
    a new version is loaded into before it replaces the report's graph."""
    if staging is not None:
        return _minted()[f"graph/{slug}/staging/{staging}"]
    return _minted()[f"graph/{slug}"]


def graph_base(iri: str) -> str | None:
    """The IRI base a report graph's IRI (``graph_iri``) was minted under, or None when ``iri``
    is no such IRI."""
    head, found, slug = iri.rpartition("id/graph/")
    return head if found and head.endswith(("/", "#")) and slug else None


def outcome_iri(identifier: str, statement: str = "", scope: str | None = None) -> URIRef:
    """The IRI of an outcome, from its identifier AND its statement (and, for an identifier only
    unique in its context, that ``scope``: a country code or report slug).

    An organisation may reuse an identifier in a later planning period with another statement,
    so the same identifier with another statement is another outcome, and the same outcome in
    two years' reports is one outcome. Statements are the same when their keys are equal
    (kg.readers.debris.statement_key: normal form, no closing cross-reference such as
    "(UNSDCF 3.2)", accents, case, punctuation and spacing ignored); the key's SHA-1 (first 12
    hex digits) ends the IRI. An outcome without a statement is named by identifier alone."""
    from kg.readers.debris import statement_key

    path = (
        f"outcome/{_safe(scope)}/{_safe(identifier)}" if scope else f"outcome/{_safe(identifier)}"
    )
    key = statement_key(statement)
    if key:
        path += "/" + hashlib.sha1(key.encode()).hexdigest()[:12]
    return _minted()[path]


def entity_iri(key: str) -> URIRef:
    """The IRI of a partner, programme or place, from its key (``partner/inmujeres``)."""
    return _minted()[key]


def node_iri(key: str, outcomes: dict[str, tuple[str, str | None]] | None = None) -> URIRef:
    """The IRI of an outcome (``outcome/<id>``, whose statement and scope ``outcomes`` maps its
    id to) or an entity key."""
    if key.startswith("outcome/"):
        identifier = key.removeprefix("outcome/")
        statement, scope = (outcomes or {}).get(identifier, ("", None))
        return outcome_iri(identifier, statement, scope)
    return entity_iri(key)


def sentence_key(outcome: str, text: str) -> str:
    """What names a sentence of a report: the SHA-1 (first 16 hex digits) of its outcome's id
    and its text in normal form (NFC, spacing collapsed), so that its IRI stays the same when
    other text of the report changes."""
    from kg.readers.debris import normal_form

    normal = " ".join(normal_form(text).split())
    return hashlib.sha1(f"{outcome}\n{normal}".encode()).hexdigest()[:16]


def sentence_iri(slug: str, key: str, repeat: int = 0) -> URIRef:
    """The IRI of a sentence of a report, from its ``sentence_key``; ``repeat`` counts the
    earlier sentences of the same outcome with the same text (0 for the first: no suffix)."""
    suffix = f"-{repeat}" if repeat else ""
    return _minted()[f"report/{slug}/sentence/{key}{suffix}"]


def figure_iri(sentence: str, start: int, end: int) -> URIRef:
    """The IRI of a figure, from its sentence's IRI and its offsets within that sentence."""
    return URIRef(f"{sentence}/figure/{start}-{end}")


def text_iri(slug: str) -> URIRef:
    """The IRI of the text of a report that kg publishes (``kg make`` writes it as
    ``<slug>.txt``) and that evidence offsets index."""
    return _minted()[f"report/{slug}/text"]


def link_iri(slug: str, predicate: str, subject: str, obj: str) -> URIRef:
    """The IRI of a derived link of one report, from what it links."""
    digest = hashlib.sha1(f"{predicate}\n{subject}\n{obj}".encode()).hexdigest()[:16]
    return _minted()[f"report/{slug}/link/{digest}"]


def participation_iri(slug: str, organisation: str, activity: str, role: str) -> URIRef:
    """The IRI of one organisation's participation in one programme or outcome of a report, in
    one role."""
    digest = hashlib.sha1(f"{organisation}\n{activity}\n{role}".encode()).hexdigest()[:16]
    return _minted()[f"report/{slug}/participation/{digest}"]


def geometry_iri(key: str) -> URIRef:
    """The IRI of a place's point geometry."""
    return _minted()[f"{key}/geometry"]


def external_iri(scheme: str, identifier: str) -> URIRef | None:
    """The IRI of an identifier in an outside authority (Wikidata, GeoNames), if kg knows one."""
    if scheme == "wikidata":
        return WIKIDATA[identifier]
    if scheme == "geonames":
        return URIRef(f"{GEONAMES}{identifier}/")
    return None


def predicate(name: str) -> URIRef:
    """The kg property named ``name`` (for derived links; IATI's from KGIATI)."""
    return KGIATI[name] if name in KGIATI.__annotations__ else KG[name]


def _safe(identifier: str) -> str:
    return "".join(c if c.isalnum() or c in "-._~" else "_" for c in identifier)


# --- IATI activity data (kg.readers.iati, kg.extract.iati) -------------------------------------


class KGIATI(DefinedNamespace):
    """Terms of the kg ontology (``ontology/kg.ttl``) for what IATI activity files declare."""

    _NS = Namespace(f"{BASE}ns#")
    _fail = True

    Activity: URIRef
    MoneyFlow: URIRef
    ReportingRole: URIRef
    OutcomeDeclaration: URIRef
    declaringActivity: URIRef
    outcomeIdentifier: URIRef
    declaresOutcome: URIRef
    provider: URIRef
    receiver: URIRef
    amount: URIRef
    flowYear: URIRef
    currency: URIRef
    flowType: URIRef
    flowActivity: URIRef
    sector: URIRef
    policyMarker: URIRef
    relatedActivity: URIRef
    organisationType: URIRef
    activityStatus: URIRef
    plannedStart: URIRef
    actualStart: URIRef
    plannedEnd: URIRef
    actualEnd: URIRef


# Role concepts of what IATI files declare, by kg.model.DeclaredOrganisation role name.
IATI_ROLES = {
    "iati-funding": KG.IatiFundingRole,
    "iati-accountable": KG.IatiAccountableRole,
    "iati-extending": KG.IatiExtendingRole,
    "iati-implementing": KG.IatiImplementingRole,
    "reporting": KGIATI.ReportingRole,
}
# The standard classes the IATI classes stand under (as STANDARD_TYPES).
IATI_STANDARD_TYPES = {
    KGIATI.MoneyFlow: (PROV.Entity, SCHEMA.MonetaryAmount),
    KGIATI.Activity: (SCHEMA.Project,),
    KGIATI.OutcomeDeclaration: (PROV.Entity,),
}
# Every role a participation can have, whatever the source.
PARTICIPATION_ROLES = {**ROLES, **IATI_ROLES}
# IATI ActivityDateType codes -> the property an activity's date is written with.
IATI_DATES = {
    "1": KGIATI.plannedStart,
    "2": KGIATI.actualStart,
    "3": KGIATI.plannedEnd,
    "4": KGIATI.actualEnd,
    "start-planned": KGIATI.plannedStart,
    "start-actual": KGIATI.actualStart,
    "end-planned": KGIATI.plannedEnd,
    "end-actual": KGIATI.actualEnd,
}


def flow_iri(
    slug: str,
    provider: str,
    receiver: str | None,
    kind: str,
    year: int | None,
    currency: str | None,
) -> URIRef:
    """The IRI of the money flow of one report (an IATI file) from ``provider`` to ``receiver``
    of one flow type, year and currency."""
    text = f"{provider}\n{receiver or ''}\n{kind}\n{year or ''}\n{currency or ''}"
    return _minted()[f"report/{slug}/flow/{hashlib.sha1(text.encode()).hexdigest()[:16]}"]


def declaration_iri(slug: str, activity: str, identifier: str) -> URIRef:
    """The IRI of what activity ``activity`` of a report (an IATI file) declares of the outcomes
    with ``identifier`` (kg:OutcomeDeclaration)."""
    digest = hashlib.sha1(f"{activity}\n{identifier}".encode()).hexdigest()[:16]
    return _minted()[f"report/{slug}/declaration/{digest}"]


def concept_scheme_iri(key: str) -> URIRef:
    """The concept scheme of an IATI code's concept key (``iati/sector/1/12250`` ->
    ``iati/sector/1``)."""
    return _minted()[key.rsplit("/", 1)[0]]


# Turtle's and SPARQL's PN_LOCAL: which characters a prefixed name's local part holds as they
# are, and which it holds escaped with a backslash (PN_LOCAL_ESC).
# Not "%" (a "%" that starts no %XX escape makes no IRI), nor a final "." (rdflib's Turtle
# parser refuses "\." at the end of a name).
_LOCAL_ESCAPED = frozenset("_~.-!$&'()*+,;=/?#@")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# A backslash escape in a prefixed name's local part (PN_LOCAL_ESC), undone by expand.
_ESCAPE = re.compile(r"\\(.)")


def compact(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``iri`` as a prefixed name under the longest of ``prefixes`` (default: kg's) that it
    starts with (``kgpartner:inmujeres``), its local part escaped where Turtle and SPARQL need
    it (``kgreport:x\\/sentence\\/ab``); ``<iri>`` when no prefix fits. Either form reads back
    as the same IRI in ``kg query`` and in Turtle, which declare kg's prefixes."""
    known = prefixes or {k: str(v) for k, v in _namespaces(iri_base()).items()}
    best = max(
        ((name, ns) for name, ns in known.items() if iri.startswith(ns) and len(iri) > len(ns)),
        key=lambda item: (len(item[1]), item[0]),
        default=None,
    )
    if best is not None:
        local = _local_name(iri[len(best[1]) :])
        if local is not None:
            return f"{best[0]}:{local}"
    return f"<{iri}>"


def expand(text: str, prefixes: dict[str, str] | None = None) -> str | None:
    """The IRI ``text`` writes as ``<iri>`` or as a prefixed name under one of ``prefixes``
    (default: kg's), its escapes undone: ``compact``'s inverse, so what a table prints pastes
    back (``kgpartner:inmujeres``). None when ``text`` is neither (a name, a string)."""
    text = text.strip()
    if len(text) > 2 and text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    known = prefixes or {k: str(v) for k, v in _namespaces(iri_base()).items()}
    if not colon or prefix not in known or not local or any(c.isspace() for c in local):
        return None
    return known[prefix] + _ESCAPE.sub(r"\1", local)


def _local_name(text: str) -> str | None:
    """``text`` as a PN_LOCAL (ASCII letters and digits, "_", "-", "." and ":" as they are;
    the rest of PN_LOCAL_ESC escaped), or None when it holds another character (non-ASCII ones
    too: not every letter is a PN_CHARS_BASE)."""
    if text.endswith("."):
        return None
    out = []
    for index, ch in enumerate(text):
        if _plain_in_local(ch, index, len(text)) or (ch == "%" and _PERCENT.match(text, index)):
            out.append(ch)
        elif ch in _LOCAL_ESCAPED:
            out.append("\\" + ch)
        else:
            return None
    return "".join(out)


def _plain_in_local(ch: str, index: int, length: int) -> bool:
    """Whether ``ch`` at ``index`` of a local name of ``length`` needs no escape."""
    if ch.isascii() and (ch.isalnum() or ch in "_:"):
        return True
    return (ch == "-" and index > 0) or (ch == "." and 0 < index < length - 1)
