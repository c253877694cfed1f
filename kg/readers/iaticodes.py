"""The IATI codelists kg ships (package data ``kg/data/iati``, source and version in its README):
code -> English name, read offline once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources

# The names kg reads IATI 1.0x role words and 2.0x codes by (OrganisationRole codelist codes;
# "donor" is 1.0x's word for a funder). "beneficiary" was a 1.0x role with no 2.0x code.
ROLE_WORDS = {
    "1": "iati-funding",
    "2": "iati-accountable",
    "3": "iati-extending",
    "4": "iati-implementing",
    "funding": "iati-funding",
    "donor": "iati-funding",
    "accountable": "iati-accountable",
    "extending": "iati-extending",
    "implementing": "iati-implementing",
    "beneficiary": "beneficiary",
}
# IATI 1.0x transaction type words and letters -> TransactionType codes (2.0x).
TRANSACTION_WORDS = {
    "if": "1",
    "incoming funds": "1",
    "c": "2",
    "commitment": "2",
    "d": "3",
    "disbursement": "3",
    "disbursment": "3",
    "e": "4",
    "expenditure": "4",
    "ir": "5",
    "interest repayment": "5",
    "lr": "6",
    "loan repayment": "6",
    "r": "7",
    "reimbursement": "7",
    "qp": "8",
    "qs": "9",
    "cg": "10",
}


@cache
def codelist(name: str) -> dict[str, str]:
    """The codes of the IATI codelist ``name`` (``Sector``, ``OrganisationType``, ...) with their
    English names, in file order. KeyError-free: an unknown code is simply absent."""
    from lxml import etree

    path = resources.files("kg.data").joinpath("iati", f"{name}.xml")
    root = etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))
    names: dict[str, str] = {}
    for item in root.iter("codelist-item"):
        code = item.findtext("code")
        if not code:
            continue
        narratives = item.findall("name/narrative")
        english = [n.text for n in narratives if not n.get(_XML_LANG) and n.text]
        names[code.strip()] = " ".join((english or [code])[0].split())
    return names


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@cache
def agencies() -> frozenset[str]:
    """The organisation registration agency prefixes (``XM-DAC``, ``GB-GOV``, ...) that start an
    IATI organisation identifier."""
    return frozenset(codelist("OrganisationRegistrationAgency"))


@cache
def is_org_identifier(ref: str) -> bool:
    """True when ``ref`` is an IATI organisation identifier: a registered agency prefix, a dash
    and an identifier (``XM-DAC-41122``, ``GB-GOV-1``); publishers' local refs ("FSF") are not."""
    known = agencies()
    parts = ref.split("-")
    return any("-".join(parts[:n]) in known and len(parts) > n for n in (1, 2, 3))


def organisation_identifier(identifier: str) -> str | None:
    """The IATI organisation identifier an activity or result identifier starts with, in
    capitals (``XM-DAC-41146`` of ``XM-DAC-41146-MEX_D_1.1``), or None when it starts with none
    ("Output-1", "general", "MEX_D_1.1")."""
    parts = identifier.upper().split("-")
    for end in range(2, len(parts)):
        prefix = "-".join(parts[:end])
        if is_org_identifier(prefix):
            return prefix
    return None
