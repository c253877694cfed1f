"""Our namespace, the vocabularies we reuse, and the minting of IRIs: the only place IRIs are spelt.

Every IRI kg mints is derived from identifiers and names (never from a counter or the clock), so
the same report gives the same IRIs on every build and the same partner is one IRI across reports.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/kg/"
ID = Namespace(f"{BASE}id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
GEONAMES = "https://sws.geonames.org/"


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


PREFIXES = {
    "kg": KG._NS,
    "kgid": ID,
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
# The store's entities graph (kg.store.entities); outside graph/ so that no report slug can name it.
ENTITIES_GRAPH = ID["entities"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def report_iri(slug: str) -> URIRef:
    """The IRI of a report, from its slug."""
    return ID[f"report/{slug}"]


def graph_iri(slug: str, staging: str | None = None) -> URIRef:
    """The IRI of the named graph holding a report in a store; ``staging`` names a temporary graph
    a new version is loaded into before it replaces the report's graph."""
    if staging is not None:
        return ID[f"graph/{slug}/staging/{staging}"]
    return ID[f"graph/{slug}"]


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
    return ID[path]


def entity_iri(key: str) -> URIRef:
    """The IRI of a partner, programme or place, from its key (``partner/inmujeres``)."""
    return ID[key]


def node_iri(key: str, outcomes: dict[str, tuple[str, str | None]] | None = None) -> URIRef:
    """The IRI of an outcome (``outcome/<id>``, whose statement and scope ``outcomes`` maps its
    id to) or an entity key."""
    if key.startswith("outcome/"):
        identifier = key.removeprefix("outcome/")
        statement, scope = (outcomes or {}).get(identifier, ("", None))
        return outcome_iri(identifier, statement, scope)
    return entity_iri(key)


def sentence_iri(slug: str, start: int, end: int) -> URIRef:
    """The IRI of a sentence of a report, from its character offsets."""
    return ID[f"report/{slug}/sentence/{start}-{end}"]


def figure_iri(slug: str, start: int, end: int) -> URIRef:
    """The IRI of a figure of a report, from its character offsets."""
    return ID[f"report/{slug}/figure/{start}-{end}"]


def link_iri(slug: str, predicate: str, subject: str, obj: str) -> URIRef:
    """The IRI of a derived link of one report, from what it links."""
    digest = hashlib.sha1(f"{predicate}\n{subject}\n{obj}".encode()).hexdigest()[:16]
    return ID[f"report/{slug}/link/{digest}"]


def participation_iri(slug: str, organisation: str, activity: str, role: str) -> URIRef:
    """The IRI of one organisation's participation in one programme or outcome of a report, in
    one role."""
    digest = hashlib.sha1(f"{organisation}\n{activity}\n{role}".encode()).hexdigest()[:16]
    return ID[f"report/{slug}/participation/{digest}"]


def geometry_iri(key: str) -> URIRef:
    """The IRI of a place's point geometry."""
    return ID[f"{key}/geometry"]


def external_iri(scheme: str, identifier: str) -> URIRef | None:
    """The IRI of an identifier in an outside authority (Wikidata, GeoNames), if kg knows one."""
    if scheme == "wikidata":
        return WIKIDATA[identifier]
    if scheme == "geonames":
        return URIRef(f"{GEONAMES}{identifier}/")
    return None


def predicate(name: str) -> URIRef:
    """The kg property named ``name`` (for derived links)."""
    return KG[name]


def _safe(identifier: str) -> str:
    return "".join(c if c.isalnum() or c in "-._~" else "_" for c in identifier)
