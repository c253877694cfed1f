"""Extraction -> RDF triples: the one module that writes triples.

Every link between two things is written twice: as a direct triple that queries can join fast
(``?partner kg:hasPartner ...``), and as a ``kg:Link`` node that names the sentences behind it
and their count. Sentences are ``kg:Evidence`` nodes with their exact text and offsets.

Triples are tuples of pyoxigraph terms, which cost a tenth of rdflib's to make and load straight
into the store; ``kg.graph.rdfterms.to_graph`` gives an rdflib Graph where one is wanted
(validation, views, analysis).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from types import SimpleNamespace

from pyoxigraph import Literal, NamedNode
from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.graph.rdfterms import TermTriple, to_graph
from kg.graph.vocab import (
    GEO,
    IATI_DATES,
    IATI_STANDARD_TYPES,
    KG,
    KGIATI,
    NOTATION_TYPES,
    OA,
    ONTOLOGY,
    ORG,
    PARTICIPATION_ROLES,
    STANDARD_TYPES,
    TYPE_CLASSES,
    concept_scheme_iri,
    declaration_iri,
    entity_iri,
    external_iri,
    figure_iri,
    flow_iri,
    geometry_iri,
    link_iri,
    match_iri,
    node_iri,
    participation_iri,
    predicate,
    report_iri,
    sentence_iri,
    sentence_key,
    text_iri,
)
from kg.model import (
    Activity,
    Document,
    Element,
    Entity,
    Extraction,
    Figure,
    Flow,
    Participation,
    ProgressNote,
    Relation,
    Sentence,
)

_XSD_INTEGER = NamedNode(str(XSD.integer))
_XSD_BOOLEAN = NamedNode(str(XSD.boolean))
# Characters of text before and after a quote (oa:prefix, oa:suffix), enough to tell repeats apart.
CONTEXT = 32
_STANDARD_TYPES = {
    NamedNode(str(cls)): tuple(NamedNode(str(s)) for s in standard)
    for cls, standard in {**STANDARD_TYPES, **IATI_STANDARD_TYPES}.items()
}
# The vocabulary terms build writes, as pyoxigraph nodes made once (attribute names are the
# terms' local names: V.Evidence is the class, V.evidence the property).
V = SimpleNamespace(
    **{name: NamedNode(str(KG[name])) for name in KG.__annotations__},
    **{name: NamedNode(str(KGIATI[name])) for name in KGIATI.__annotations__},
    **{
        name: NamedNode(str(term))
        for name, term in {
            "type": RDF.type,
            "label": RDFS.label,
            "identifier": DCTERMS.identifier,
            "isPartOf": DCTERMS.isPartOf,
            "title": DCTERMS.title,
            "prefLabel": SKOS.prefLabel,
            "altLabel": SKOS.altLabel,
            "notation": SKOS.notation,
            "sameAs": OWL.sameAs,
            "hadPrimarySource": PROV.hadPrimarySource,
            "wasDerivedFrom": PROV.wasDerivedFrom,
            "hasPart": DCTERMS.hasPart,
            "conformsTo": DCTERMS.conformsTo,
            "exact": OA.exact,
            "prefix": OA.prefix,
            "suffix": OA.suffix,
            "hasSource": OA.hasSource,
            "format": DCTERMS.format,
            "isFormatOf": DCTERMS.isFormatOf,
            "publisher": DCTERMS.publisher,
            "start": OA.start,
            "end": OA.end,
            "Geometry": GEO.Geometry,
            "hasGeometry": GEO.hasGeometry,
            "asWKT": GEO.asWKT,
            "member": ORG.member,
            "role": ORG.role,
            "value_": RDF.value,
            "XPathSelector": OA.XPathSelector,
            "description": DCTERMS.description,
            "Concept": SKOS.Concept,
            "ConceptScheme": SKOS.ConceptScheme,
            "inScheme": SKOS.inScheme,
        }.items()
    },
)


class _Triples:
    """A set of triples under construction. IRIs (from kg.graph.vocab) become pyoxigraph nodes once
    each, and a sentence's own triples are written once however often it is cited."""

    def __init__(
        self,
        document: Document,
        outcomes: dict[str, tuple[str, str | None]],
        cited: list[tuple[Sentence, str]],
    ) -> None:
        slug = document.slug
        self.document = document
        self.slug = slug
        self.outcomes = outcomes
        self.report = NamedNode(str(report_iri(slug)))
        self.triples: set[TermTriple] = set()
        self._nodes: dict[str, NamedNode] = {}
        self._sentences: dict[tuple[int, int], NamedNode] = {}
        self._keys: dict[str, NamedNode] = {}
        self._iris = _sentence_iris(slug, cited)

    def node(self, iri: str | NamedNode) -> NamedNode:
        if isinstance(iri, NamedNode):
            return iri
        key = str(iri)
        node = self._nodes.get(key)
        if node is None:
            node = self._nodes[key] = NamedNode(key)
        return node

    def add(self, subject: str | NamedNode, prop: str, obj: str | NamedNode | Literal) -> None:
        value = obj if isinstance(obj, Literal) else self.node(obj)
        self.triples.add((self.node(subject), self.node(prop), value))

    def typed(self, subject: str | NamedNode, cls: str | NamedNode) -> None:
        """``subject a cls``, and a member of each standard class ``cls`` stands under."""
        self.add(subject, V.type, cls)
        for standard in _STANDARD_TYPES.get(self.node(cls), ()):
            self.add(subject, V.type, standard)

    def cite(self, subject: str | NamedNode, sentence: Sentence) -> None:
        """``subject kg:evidence`` the sentence, and ``prov:wasDerivedFrom`` it."""
        evidence = self.cited(sentence)
        self.add(subject, V.evidence, evidence)
        self.add(subject, V.wasDerivedFrom, evidence)

    def key(self, key: str) -> NamedNode:
        """The node of an outcome (``outcome/<id>``) or entity key, made once per key."""
        node = self._keys.get(key)
        if node is None:
            node = self._keys[key] = self.node(node_iri(key, self.outcomes))
        return node

    def cited(self, sentence: Sentence) -> NamedNode:
        """The node of a sentence already written: relations cite the sentences of mentions."""
        return self._sentences[(sentence.start, sentence.end)]

    def sentence(self, sentence: Sentence, outcome: str) -> NamedNode:
        """The evidence node of ``sentence``, writing its triples the first time."""
        span = (sentence.start, sentence.end)
        node = self._sentences.get(span)
        if node is None:
            node = self._sentences[span] = self.node(self._iris[span])
            _add_sentence(self, node, sentence, outcome)
        return node


def _literal(
    value: str | int | bool, datatype: str | None = None, language: str | None = None
) -> Literal:
    """A literal: text as xsd:string (or tagged with ``language``), ``bool`` as xsd:boolean,
    ``int`` as xsd:integer."""
    if language is not None and isinstance(value, str):
        return Literal(value, language=language)
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=_XSD_BOOLEAN)
    if isinstance(value, int):
        return Literal(str(value), datatype=_XSD_INTEGER)
    if datatype is not None:
        return Literal(value, datatype=NamedNode(str(datatype)))
    return Literal(value)


def build_triples(extraction: Extraction) -> frozenset[TermTriple]:
    """The RDF triples of one report: its outcomes, entities, links, figures and evidence."""
    document = extraction.document
    cited = [(m.sentence, m.outcome) for m in extraction.mentions]
    cited += [(f.sentence, f.outcome) for f in extraction.figures]
    declared = _declared_evidence(extraction)
    cited += declared
    ratings = _rated(document)
    cited += [(sentence, outcome) for _, sentence, outcome in ratings]
    outcomes = {o.id: (o.statement, o.scope) for o in document.outcomes}
    graph = _Triples(document, outcomes, cited)
    report = report_iri(document.slug)
    _add_report(graph, document, report)
    if extraction.reporting is not None:
        graph.add(report, V.publisher, entity_iri(extraction.reporting.key))
        _add_entity(graph, extraction.reporting, partner=False)
    partners = {p.organisation for p in extraction.participations if p.role != "cited"}
    for entity in extraction.entities.values():
        _add_entity(graph, entity, entity.key in partners)
    for mention in extraction.mentions:
        evidence = graph.sentence(mention.sentence, mention.outcome)
        graph.add(evidence, V.mentions, graph.key(mention.entity))
    for element, outcome in declared:
        graph.sentence(element, outcome)
    for activity in document.activities:
        _add_activity(graph, activity)
        _add_declarations(graph, activity, report)
    for flow in extraction.flows:
        _add_flow(graph, flow, report)
    for participation in extraction.participations:
        _add_participation(graph, participation, report)
    for relation in extraction.relations:
        _add_relation(graph, relation, report)
    for figure in extraction.figures:
        _add_figure(graph, figure)
    for note, sentence, outcome in ratings:
        _add_rating(graph, note, sentence, outcome, report)
    return frozenset(graph.triples)


def _rated(document: Document) -> list[tuple[ProgressNote, Sentence, str]]:
    """Each progress note that rates its outcome, with the narrative sentence that holds it
    and the outcome's id (a note outside every sentence has no evidence and is left out)."""
    found = []
    for outcome in document.outcomes:
        for note in outcome.progress:
            sentence = next((s for s in outcome.sentences if s.start <= note.start < s.end), None)
            if note.rating and sentence is not None:
                found.append((note, sentence, outcome.id))
    return found


def _add_rating(
    graph: _Triples, note: ProgressNote, sentence: Sentence, outcome: str, report: str
) -> None:
    evidence = graph.sentence(sentence, outcome)
    node = f"{evidence.value}/rating"
    graph.typed(node, V.ProgressRating)
    graph.add(node, V.inOutcome, graph.key(f"outcome/{outcome}"))
    graph.add(node, V.progressYear, _literal(note.year))
    graph.add(node, V.rating, _literal(" ".join((note.rating or "").casefold().split())))
    graph.add(node, V.evidence, evidence)
    graph.add(node, V.wasDerivedFrom, evidence)
    graph.add(node, V.hadPrimarySource, report)


def build_graph(extraction: Extraction) -> Graph:
    """The triples of ``build_triples`` as an rdflib Graph with kg's prefixes."""
    return to_graph(build_triples(extraction))


def _add_relation(graph: _Triples, relation: Relation, report: str) -> None:
    subject, obj = graph.key(relation.subject), graph.key(relation.object)
    prop = predicate(relation.predicate)
    graph.add(subject, prop, obj)
    link = link_iri(graph.slug, relation.predicate, relation.subject, relation.object)
    graph.typed(link, V.Link)
    graph.add(link, V.linkSubject, subject)
    graph.add(link, V.linkPredicate, prop)
    graph.add(link, V.linkObject, obj)
    graph.add(link, V.hadPrimarySource, report)
    graph.add(link, V.evidenceCount, _literal(len(relation.evidence)))
    graph.add(link, V.discourse, _literal(relation.discourse))
    for sentence in relation.evidence:
        graph.cite(link, sentence)


def _add_participation(graph: _Triples, participation: Participation, report: str) -> None:
    """An org:Membership-like node: who takes part in which programme or outcome, in which
    role, said by which sentences, and whether they rest on the surrounding sentences."""
    node = participation_iri(
        graph.slug, participation.organisation, participation.activity, participation.role
    )
    graph.typed(node, V.Participation)
    graph.add(node, V.member, graph.key(participation.organisation))
    graph.add(node, V.activity, graph.key(participation.activity))
    graph.add(node, V.role, PARTICIPATION_ROLES[participation.role])
    if participation.organisation_type:
        kind = f"iati/organisation-type/1/{participation.organisation_type}"
        _add_concept(graph, kind, participation.organisation_type, "OrganisationType")
        graph.add(node, V.organisationType, graph.key(kind))
    graph.add(node, V.discourse, _literal(participation.discourse))
    graph.add(node, V.hadPrimarySource, report)
    graph.add(node, V.evidenceCount, _literal(len(participation.evidence)))
    for sentence in participation.evidence:
        graph.cite(node, sentence)


def _sentence_iris(slug: str, cited: list[tuple[Sentence, str]]) -> dict[tuple[int, int], str]:
    """The IRI of each cited sentence by its span: minted from its outcome and text
    (kg.graph.vocab.sentence_key), the n-th repeat of the same text in the same outcome, in
    document order, numbered n."""
    seen: dict[str, int] = {}
    iris: dict[tuple[int, int], str] = {}
    in_order = sorted(set(cited), key=lambda pair: (pair[0].start, pair[0].end, pair[1]))
    for sentence, outcome in in_order:
        span = (sentence.start, sentence.end)
        if span in iris:
            continue
        key = sentence_key(outcome, sentence.text)
        iris[span] = str(sentence_iri(slug, key, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
    return iris


def _add_figure(graph: _Triples, figure: Figure) -> None:
    evidence = graph.sentence(figure.sentence, figure.outcome)
    start = figure.start - figure.sentence.start
    node = figure_iri(evidence.value, start, start + figure.end - figure.start)
    graph.typed(node, V.Figure)
    graph.add(node, V.label, _literal(figure.text, language=graph.document.language))
    graph.add(node, V.value, _literal(decimal_lexical(figure.value), datatype=XSD.decimal))
    graph.add(node, V.unit, _literal(figure.unit))
    if figure.counts:
        graph.add(node, V.counts, _literal(figure.counts))
    graph.add(node, V.inOutcome, graph.key(f"outcome/{figure.outcome}"))
    graph.add(node, V.evidence, evidence)
    graph.add(node, V.wasDerivedFrom, evidence)
    for key in figure.entities:
        graph.add(node, V.about, graph.key(key))


def _add_report(graph: _Triples, document: Document, report: str) -> None:
    graph.typed(report, V.Report)
    graph.add(report, V.conformsTo, ONTOLOGY)
    text = text_iri(document.slug)
    graph.add(text, V.isFormatOf, report)
    graph.add(text, V.format, _literal("text/plain"))
    language = document.language
    graph.add(report, V.identifier, _literal(document.slug))
    if document.title:
        graph.add(report, V.label, _literal(document.title, language=language))
        graph.add(report, V.title, _literal(document.title, language=language))
    else:
        graph.add(report, V.label, _literal(document.slug))
    if document.year:
        graph.add(report, V.year, _literal(document.year))
    if document.data_as_of:
        written = f"{document.data_as_of.isoformat()}T00:00:00"
        graph.add(report, V.dataAsOf, _literal(written, datatype=XSD.dateTime))
    if document.country_code:
        graph.add(report, V.country, entity_iri(f"place/{document.country_code.lower()}"))
    for outcome in document.outcomes:
        node = graph.key(f"outcome/{outcome.id}")
        graph.add(report, V.hasOutcome, node)
        graph.add(report, V.hasPart, node)
        graph.typed(node, V.Outcome)
        graph.add(node, V.identifier, _literal(outcome.id))
        graph.add(node, V.prefLabel, _literal(outcome.id))
        graph.add(node, V.isPartOf, report)
        if outcome.statement:
            graph.add(node, V.statement, _literal(outcome.statement, language=language))
        graph.add(node, V.inferredIdentifier, _literal(outcome.inferred_id))
        if outcome.corrected_id:
            graph.add(node, V.correctedIdentifier, _literal(True))


def _add_entity(graph: _Triples, entity: Entity, partner: bool) -> None:
    node = entity_iri(entity.key)
    graph.typed(node, TYPE_CLASSES[entity.type])
    if partner:
        graph.add(node, V.type, V.Partner)
    languages = dict(entity.languages)
    graph.add(node, V.prefLabel, _literal(entity.label, language=languages.get(entity.label)))
    for alias in entity.aliases:
        graph.add(node, V.altLabel, _literal(alias, language=languages.get(alias)))
    if entity.kind:
        graph.add(node, V.kind, _literal(entity.kind))
    for scheme, identifier in entity.identifiers:
        graph.add(node, V.notation, _literal(identifier, datatype=NOTATION_TYPES.get(scheme)))
        same = external_iri(scheme, identifier)
        if same is not None:
            graph.add(node, V.sameAs, same)
    if entity.latitude is not None and entity.longitude is not None:
        point = geometry_iri(entity.key)
        wkt = f"POINT({_decimal(entity.longitude)} {_decimal(entity.latitude)})"
        graph.add(node, V.hasGeometry, point)
        graph.add(point, V.type, V.Geometry)
        graph.add(point, V.asWKT, _literal(wkt, datatype=GEO.wktLiteral))


def _add_sentence(graph: _Triples, node: NamedNode, sentence: Sentence, outcome: str) -> None:
    graph.typed(node, V.Evidence)
    text = graph.document.text
    graph.add(node, V.exact, _literal(sentence.text))
    graph.add(node, V.prefix, _literal(text[max(0, sentence.start - CONTEXT) : sentence.start]))
    graph.add(node, V.suffix, _literal(text[sentence.end : sentence.end + CONTEXT]))
    graph.add(node, V.hasSource, text_iri(graph.slug))
    graph.add(node, V.start, _literal(sentence.start))
    graph.add(node, V.end, _literal(sentence.end))
    graph.add(node, V.inOutcome, graph.key(f"outcome/{outcome}"))
    graph.add(node, V.hadPrimarySource, graph.report)
    if isinstance(sentence, Element):
        graph.add(node, V.type, V.XPathSelector)
        graph.add(node, V.value_, _literal(sentence.xpath))


def match_triples(
    decisions: Sequence[tuple[str, str, str, float, tuple[str, str], str]],
    same: dict[str, str],
) -> frozenset[TermTriple]:
    """The triples of the store's merges graph (kg.store.merges): a ``kg:OrganisationMatch``
    per decision ``(a, b, rule, score, names, decision)`` (IRIs, rule, 0-100, the two names
    compared, automatic/confirmed/split), and ``kg:sameOrganisationAs`` from each organisation
    of ``same`` to the IRI that stands for it."""
    triples: set[TermTriple] = set()
    for a, b, rule, score, names, decision in decisions:
        node = NamedNode(str(match_iri(a, b)))
        triples.add((node, V.type, V.OrganisationMatch))
        triples.add((node, V.type, NamedNode(str(PROV.Entity))))
        triples.add((node, V.matchedEntity, NamedNode(a)))
        triples.add((node, V.matchedEntity, NamedNode(b)))
        triples.add((node, V.matchRule, Literal(rule)))
        triples.add(
            (node, V.matchScore, Literal(_decimal(score), datatype=NamedNode(str(XSD.decimal))))
        )
        triples.add((node, V.matchDecision, Literal(decision)))
        for name in names:
            triples.add((node, V.matchedName, Literal(name)))
    for member, stands in same.items():
        triples.add((NamedNode(member), V.sameOrganisationAs, NamedNode(stands)))
    return frozenset(triples)


def decimal_lexical(value: Decimal) -> str:
    """The canonical xsd:decimal form of an exact ``value`` ("30", "48.6", "-0.5"): no
    exponent, no trailing zeros. ValueError for infinities and NaN, which xsd:decimal lacks."""
    if not value.is_finite():
        raise ValueError(f"{value} is not an xsd:decimal")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _decimal(value: float) -> str:
    """The canonical xsd:decimal form of XSD 1.1 ("30", "48.6"), as Oxigraph stores it."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


# IATI activity data (kg.readers.iati, kg.extract.iati).


def _declared_evidence(extraction: Extraction) -> list[tuple[Sentence, str]]:
    """Each element an IATI file's facts rest on, with the activity (outcome id) holding it."""
    activities = extraction.document.activities
    if not activities:
        return []
    owner = {a.element.xpath: a.identifier for a in activities}

    def activity_of(element: Element) -> str:
        path = element.xpath
        while path and path not in owner:
            path = path.rsplit("/", 1)[0]
        return owner.get(path, activities[0].identifier)

    elements: list[Sentence] = [
        *(e for a in activities for named in _declaring_elements(a).values() for e in named),
        *(e for p in extraction.participations for e in p.evidence),
        *(e for r in extraction.relations for e in r.evidence),
        *(e for f in extraction.flows for e in f.evidence),
    ]
    return [(e, activity_of(e)) for e in elements if isinstance(e, Element)]


def _add_activity(graph: _Triples, activity: Activity) -> None:
    """An IATI activity on its outcome node: titles and descriptions with their languages,
    status, dates, and the concepts of its sectors and policy markers."""
    from kg.extract.iati import concept_key

    node = graph.key(f"outcome/{activity.identifier}")
    graph.typed(node, V.Activity)
    for language, title in activity.titles:
        graph.add(node, V.title, _text(title, language))
    for language, description in activity.descriptions:
        graph.add(node, V.description, _text(description, language))
    if activity.status:
        key = concept_key("activity-status", "1", activity.status)
        _add_concept(graph, key, activity.status, "ActivityStatus")
        graph.add(node, V.activityStatus, graph.key(key))
    for _, ref, _ in activity.related:
        graph.add(graph.key(f"outcome/{ref}"), V.identifier, _literal(ref))
    for kind, day in activity.dates:
        prop = IATI_DATES.get(kind)
        if prop is not None and len(day) == 10:
            graph.add(node, str(prop), _literal(f"{day}T00:00:00", datatype=XSD.dateTime))
    for item in activity.classifications:
        key = concept_key(item.scheme, item.vocabulary, item.code, item.significance)
        if item.scheme == "sector":
            names = "Sector" if item.vocabulary == "1" else None
            _add_concept(graph, key, item.code, names, item.name)
        else:
            _add_marker(graph, key, item.code, item.significance, item.vocabulary, item.name)


def _declaring_elements(activity: Activity) -> dict[str, list[Element]]:
    """The outcome identifiers an activity names, each with the elements naming it: its own
    (``iati-identifier``) and each ``related-activity``'s ``@ref``."""
    named: dict[str, list[Element]] = {}
    if activity.identified_by is not None:
        named.setdefault(activity.identifier, []).append(activity.identified_by)
    for _, ref, element in activity.related:
        named.setdefault(ref, []).append(element)
    return named


def _add_declarations(graph: _Triples, activity: Activity, report: str) -> None:
    """What an activity declares of the report outcomes with its identifier or a related
    activity's (kg:OutcomeDeclaration), with the elements saying so as evidence. Neither this
    file nor a report knows the other's nodes; a store holding both links them
    (kg:declaresOutcome, kg.store.declared)."""
    subject = graph.key(f"outcome/{activity.identifier}")
    for identifier, elements in sorted(_declaring_elements(activity).items()):
        node = declaration_iri(graph.slug, activity.identifier, identifier)
        graph.typed(node, V.OutcomeDeclaration)
        graph.add(node, V.declaringActivity, subject)
        graph.add(node, V.outcomeIdentifier, _literal(identifier))
        graph.add(node, V.hadPrimarySource, report)
        spans = {(e.start, e.end): e for e in elements}
        graph.add(node, V.evidenceCount, _literal(len(spans)))
        for element in spans.values():
            graph.cite(node, element)


def _text(text: str, language: str | None) -> Literal:
    return Literal(text, language=language) if language else Literal(text)


def _add_concept(
    graph: _Triples, key: str, code: str, codelist_name: str | None, name: str | None = None
) -> None:
    """An IATI code as a SKOS concept, named by its codelist (kg/data/iati), else by the name
    the file gives, else by the code."""
    from kg.readers.iaticodes import codelist

    label = (codelist(codelist_name).get(code) if codelist_name else None) or name or code
    node = graph.key(key)
    graph.add(node, V.type, V.Concept)
    graph.add(node, V.prefLabel, _literal(label))
    graph.add(node, V.notation, _literal(code))
    scheme = concept_scheme_iri(key)
    graph.add(scheme, V.type, V.ConceptScheme)
    graph.add(node, V.inScheme, scheme)


def _add_marker(
    graph: _Triples,
    key: str,
    code: str,
    significance: str | None,
    vocabulary: str,
    name: str | None,
) -> None:
    """A policy marker at one significance ("Gender Equality: principal objective") as a SKOS
    concept."""
    from kg.readers.iaticodes import codelist

    marker = (codelist("PolicyMarker").get(code) if vocabulary == "1" else None) or name or code
    level = codelist("PolicySignificance").get(significance or "")
    label = f"{marker}: {level.lower()}" if level else marker
    _add_concept(graph, key, code, None, label)


def _add_flow(graph: _Triples, flow: Flow, report: str) -> None:
    """Money from a provider to a receiver in one year, currency and flow type, summed, with
    the transactions or budgets it sums as evidence."""
    node = flow_iri(
        graph.slug, flow.provider, flow.receiver, flow.flow_type, flow.year, flow.currency
    )
    graph.typed(node, V.MoneyFlow)
    graph.add(node, V.provider, graph.key(flow.provider))
    if flow.receiver:
        graph.add(node, V.receiver, graph.key(flow.receiver))
    for activity in flow.activities:
        graph.add(node, V.flowActivity, graph.key(f"outcome/{activity}"))
    graph.add(node, V.amount, _literal(decimal_lexical(flow.value), datatype=XSD.decimal))
    graph.add(node, V.flowType, _literal(flow.flow_type))
    if flow.year is not None:
        graph.add(node, V.flowYear, _literal(flow.year))
    if flow.currency:
        graph.add(node, V.currency, _literal(flow.currency))
    graph.add(node, V.hadPrimarySource, report)
    graph.add(node, V.evidenceCount, _literal(len(flow.evidence)))
    for element in flow.evidence:
        graph.cite(node, element)
