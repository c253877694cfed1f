"""The participations of a report-built graph as IATI 2.03 activity XML: one ``iati-activity`` per
outcome, its partners as ``participating-org`` elements, so that a country office can set what its
report narrates beside what it publishes to IATI.

Roles map to IATI OrganisationRole codes by the ontology's matches: funder 1 (Funding), convener 2
(Accountable, a close match), implementer and partner 4 (Implementing); IATI roles read from IATI
files keep their codes. Member, beneficiary and cited have no IATI role and are left out. What
the schema requires and a report does not say is written as the report gives it: the activity's
date is the first day of the year the report covers (``activity-date`` type 2, with a narrative
saying so), its status 2 (Implementation), its recipient country the report's. The reporting
organisation is the one the outcome identifier names (``XM-DAC-41146`` in
``XM-DAC-41146-MEX_D_1.1``), else none (empty ``@ref``).
Output is deterministic: no generation time, everything sorted.
"""

from __future__ import annotations

from typing import Any

from kg.errors import InputError

# kg role concept (local name) -> IATI OrganisationRole code.
ROLE_CODES = {
    "FunderRole": "1",
    "IatiFundingRole": "1",
    "ConvenerRole": "2",
    "IatiAccountableRole": "2",
    "IatiExtendingRole": "3",
    "ImplementerRole": "4",
    "PartnerRole": "4",
    "IatiImplementingRole": "4",
}
# kg:kind of an organisation -> IATI OrganisationType code.
TYPE_CODES = {
    "government": "10",
    "un-agency": "40",
    "international": "40",
    "civil-society": "22",
    "academia": "80",
    "private-sector": "70",
}


def render_iati(source: Any) -> bytes:
    """The IATI 2.03 activity file of the report outcomes in ``source`` (an rdflib Graph);
    InputError when no outcome has a participation IATI can express."""
    from lxml import etree
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF, SKOS

    from kg.extract.iati import curated_identifier
    from kg.graph.vocab import ID, KG, KGIATI, ORG
    from kg.readers.iaticodes import codelist, is_org_identifier, organisation_identifier

    graph = source
    outcomes: dict[Any, list[tuple[str, str, str, str | None]]] = {}
    for participation in set(graph.subjects(RDF.type, KG.Participation)):
        role = graph.value(participation, ORG.role)
        code = ROLE_CODES.get(str(role).rsplit("#", 1)[-1]) if role is not None else None
        activity = graph.value(participation, KG.activity)
        member = graph.value(participation, ORG.member)
        if code is None or activity is None or member is None:
            continue
        if (activity, RDF.type, KG.Outcome) not in graph:
            continue
        if (activity, RDF.type, KGIATI.Activity) in graph:
            continue
        label = str(graph.value(member, SKOS.prefLabel) or member)
        refs = sorted(
            str(n) for n in graph.objects(member, SKOS.notation) if is_org_identifier(str(n))
        )
        curated = curated_identifier(str(member).removeprefix(str(ID)))
        refs = refs or ([curated] if curated else [])
        kind = graph.value(member, KG.kind)
        outcomes.setdefault(activity, []).append(
            (code, label, refs[0] if refs else "", TYPE_CODES.get(str(kind)) if kind else None)
        )
    if not outcomes:
        raise InputError(
            "no report outcome has a participation IATI can express (IATI activities are not "
            "written again): nothing to export"
        )
    root = etree.Element("iati-activities", version="2.03")
    rows = []
    for outcome, orgs in outcomes.items():
        identifier = str(graph.value(outcome, DCTERMS.identifier) or outcome)
        rows.append((identifier, outcome, orgs))
    for identifier, outcome, orgs in sorted(rows, key=lambda row: (row[0], str(row[1]))):
        report = graph.value(outcome, DCTERMS.isPartOf)
        statement = str(graph.value(outcome, KG.statement) or identifier)
        year = graph.value(report, KG.year) if report is not None else None
        as_of = graph.value(report, KG.dataAsOf) if report is not None else None
        day = f"{int(year)}-01-01" if year is not None else str(as_of)[:10] if as_of else None
        if day is None:
            raise InputError(f"outcome {identifier}: its report gives no year for activity-date")
        title = str(graph.value(report, URIRef(str(DCTERMS.title))) or "") if report else ""
        activity = etree.SubElement(root, "iati-activity")
        etree.SubElement(activity, "iati-identifier").text = identifier
        reporting = organisation_identifier(identifier) or ""
        org = etree.SubElement(
            activity, "reporting-org", ref=reporting, type="40" if reporting else "90"
        )
        channel = codelist("CRSChannelCode").get(reporting.removeprefix("XM-DAC-"))
        named = channel if channel and reporting.startswith("XM-DAC-") else None
        _narrative(org, named or f"The organisation reporting in {title or identifier}")
        _narrative(etree.SubElement(activity, "title"), statement)
        description = etree.SubElement(activity, "description", type="1")
        _narrative(description, f"{statement} ({title})" if title else statement)
        for code, label, ref, kind in sorted(set(orgs)):
            attributes = {"ref": ref, "role": code}
            if kind:
                attributes["type"] = kind
            _narrative(etree.SubElement(activity, "participating-org", **attributes), label)
        etree.SubElement(activity, "activity-status", code="2")
        date = etree.SubElement(activity, "activity-date", type="2")
        date.set("iso-date", day)
        _narrative(date, f"First day of the year the report covers{f': {title}' if title else ''}")
        country = graph.value(report, KG.country) if report is not None else None
        codes = graph.objects(country, SKOS.notation) if country is not None else ()
        code = next((c for c in codes if getattr(c, "datatype", None) == KG.iso3166Code), None)
        if code is not None and len(str(code)) == 2:
            # The report's country: kg reads a country's own bodies back in its scope.
            etree.SubElement(activity, "recipient-country", code=str(code), percentage="100")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _narrative(parent: Any, text: str) -> None:
    from lxml import etree

    from kg.readers.text import drop_controls

    etree.SubElement(parent, "narrative").text = drop_controls(text)
