"""IATI activity XML (versions 1.0x to 2.03) into the document model.

Each ``iati-activity`` becomes an outcome of the document (named by its ``iati-identifier``) and an
kg.model.Activity holding what it declares: organisations and their roles, places, sectors and
policy markers, result indicators, transactions and budgets. Every fact keeps the element it came
from (kg.model.Element: its start tag's span in the file text and its XPath), so evidence in the
graph points into the file as given; the document's text is that file's text.

Publishers' quirks are read, not refused: a missing root ``@version``, extra attributes, empty or
"N/A" refs, placeholder years (9999), region names or codes in ``recipient-country``, 1.0x role and
transaction words ("donor", "Funding", "disbursment"). Malformed XML is an InputError naming the
line. Elements and attributes follow the IATI Activity Standard (iatistandard.org, 2.03 and 1.05).
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation
from xml.parsers import expat

from kg.errors import InputError
from kg.model import (
    Activity,
    Classification,
    DeclaredOrganisation,
    DeclaredPlace,
    Document,
    Element,
    IndicatorValue,
    MoneyItem,
    Outcome,
)
from kg.readers.corrections import Corrections
from kg.readers.iaticodes import ROLE_WORDS, TRANSACTION_WORDS, codelist
from kg.readers.registry import CERTAIN, Source, register

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Refs that name no organisation.
_NO_REF = frozenset({"", "n/a", "na", "none", "null", "-", "0"})
_ROOT = re.compile(r"<(?:iati-activities|iati-activity)[\s>/]")
# Years outside this range are publishers' placeholders (9999, 0), not dates.
_YEARS = range(1900, 2200)
# IATI IndicatorMeasure codes kg reads as figures (1 Unit, 2 Percentage; none given: a count).
_UNITS = {"1": "count", "2": "percent", "": "count"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_LEADING_YEAR = re.compile(r"\d{4}")


@register
class IatiXmlReader:
    """Reads IATI activity files (root ``iati-activities``, or a lone ``iati-activity``)."""

    name = "iati"

    def detect(self, source: Source) -> int:
        head = source.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").decode("latin-1")
        return CERTAIN if head.startswith("<") and _ROOT.search(head) else 0

    def read(self, source: Source, corrections: Corrections | None) -> Document:
        return read_iati(source.data, source.name, source.slug)


def read_iati(data: bytes, name: str, slug: str) -> Document:
    """The IATI activity file ``data`` (named ``name`` in messages) as a Document whose outcomes
    are its activities; InputError (one line) for malformed XML, a DTD, or no activity."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        message = " ".join(str(error.msg or error).split())
        raise InputError(f"{name}: not well-formed XML at line {error.lineno}: {message}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise InputError(f"{name}: carries a document type declaration; IATI files have none")
    encoding = tree.docinfo.encoding or "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{name}: not readable as {encoding}") from None
    bom = 1 if text.startswith("\ufeff") else 0
    text = text[bom:]
    if root.tag == "iati-activity":
        activities = [root]
    elif root.tag == "iati-activities":
        activities = root.findall("iati-activity")
    else:
        raise InputError(f"{name}: the root element is <{root.tag}>, not <iati-activities>")
    if not activities:
        raise InputError(f"{name}: no <iati-activity> in the file")
    elements = _Elements(root, data, text, encoding, bom)
    warnings: list[str] = []
    read: dict[str, Activity] = {}
    for index, element in enumerate(activities, 1):
        activity = _activity(element, elements, index, name, warnings)
        if activity.identifier in read:
            warnings.append(
                f"{name}: activity {activity.identifier} appears twice; kg keeps the first"
            )
            continue
        read[activity.identifier] = activity
    _merge_unnamed(warnings, name)
    outcomes = tuple(Outcome(id=a.identifier, statement="", paragraphs=()) for a in read.values())
    reporting = next((a.reporting.name for a in read.values() if a.reporting), None)
    version = root.get("version")
    title = f"IATI activities of {reporting}" if reporting else "IATI activities"
    if not version:
        warnings.append(f"{name}: the root element gives no IATI version; kg read it as 2.03")
    return Document(
        slug=slug,
        source=name,
        text=text,
        outcomes=outcomes,
        title=title,
        warnings=tuple(warnings),
        reader="iati",
        activities=tuple(read.values()),
    )


_UNNAMED = "an activity without iati-identifier; kg names it"


def _merge_unnamed(warnings: list[str], name: str) -> None:
    """One warning for all the activities without an identifier, naming the first few."""
    unnamed = [w for w in warnings if _UNNAMED in w]
    if len(unnamed) < 2:
        return
    names = [w.rsplit(" ", 1)[1] for w in unnamed]
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    warnings[:] = [w for w in warnings if _UNNAMED not in w]
    warnings.insert(
        0,
        f"{name}: {len(names)} activities have no iati-identifier; kg names them by their "
        f"other-identifier or position ({shown})",
    )


class _Elements:
    """The span of each element's start tag in the file text and its XPath: lxml and expat walk
    the same elements in the same order, and expat knows where each starts."""

    def __init__(self, root, data: bytes, text: str, encoding: str, bom: int) -> None:
        from lxml import etree

        starts: list[int] = []
        parser = expat.ParserCreate()
        parser.StartElementHandler = lambda *_: starts.append(parser.CurrentByteIndex)
        try:
            parser.Parse(data, True)
        except expat.ExpatError:
            starts = []
        self.tree = root.getroottree()
        self.text = text
        offsets = [offset - bom for offset in _char_offsets(data, starts, encoding)]
        ordered = list(root.iter(tag=etree.Element))
        self.starts = (
            dict(zip(ordered, offsets, strict=True)) if len(ordered) == len(offsets) else {}
        )

    def __call__(self, element) -> Element:
        start = self.starts.get(element)
        if start is None:
            start = self._on_line(element)
        end = _tag_end(self.text, start)
        if end <= start:
            end = min(len(self.text), start + 1) if start < len(self.text) else start
            start = min(start, max(0, end - 1))
        quote = self.text[start:end]
        return Element(start=start, end=end, text=quote, xpath=self.tree.getpath(element))

    def _on_line(self, element) -> int:
        """Where expat could not say (an encoding it lacks): the element's tag on its line."""
        if not hasattr(self, "_lines"):
            self._lines = list(itertools.accumulate(len(p) + 1 for p in self.text.split("\n")))
            self._lines.insert(0, 0)
        line = max(1, min(element.sourceline or 1, len(self._lines)))
        found = self.text.find(f"<{element.tag}", self._lines[line - 1])
        return found if found >= 0 else self._lines[line - 1]


def _char_offsets(data: bytes, starts: list[int], encoding: str) -> list[int]:
    """Byte offsets of start tags as offsets into the decoded bytes (a BOM counting one)."""
    offsets, chars, previous = [], 0, 0
    for start in starts:
        chars += len(data[previous:start].decode(encoding, errors="replace"))
        previous = start
        offsets.append(chars)
    return offsets


def _tag_end(text: str, start: int) -> int:
    """The offset just after the start tag at ``start`` (quoted ``>`` skipped)."""
    quote = None
    for index in range(start, min(len(text), start + 20_000)):
        char = text[index]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index + 1
    return start


def _activity(element, elements: _Elements, index: int, name: str, warnings: list[str]) -> Activity:
    """One ``iati-activity`` element as an Activity."""
    language = _lang(element)
    reporting = element.find("reporting-org")
    reporting_org = (
        _organisation(reporting, "reporting", elements, language) if reporting is not None else None
    )
    identifier = _identifier(element, reporting_org, index, name, warnings)
    organisations = []
    for org in element.findall("participating-org"):
        role_word = " ".join((org.get("role") or "").split()).casefold()
        role = ROLE_WORDS.get(role_word)
        if role is None:
            warnings.append(
                f"{name}: line {org.sourceline}: participating-org role {org.get('role')!r} is "
                "not an IATI role; kg reads it as a partner"
            )
            role = "partner"
        organisations.append(_organisation(org, role, elements, language))
    default_currency = _currency(element.get("default-currency"))
    named_by = next(
        (e for tag in ("iati-identifier", "other-identifier") if _text(e := element.find(tag))),
        None,
    )
    return Activity(
        identifier=identifier,
        element=elements(element),
        identified_by=elements(named_by) if named_by is not None else None,
        titles=_texts(element.find("title"), language),
        descriptions=tuple(t for d in element.findall("description") for t in _texts(d, language)),
        status=_code(element.find("activity-status")),
        dates=tuple(
            (d.get("type", ""), d.get("iso-date", "")[:10])
            for d in element.findall("activity-date")
            if _year(d.get("iso-date")) is not None and _DAY.match(d.get("iso-date", ""))
        ),
        related=tuple(
            (_clean(r.get("type")), ref, elements(r))
            for r in element.findall("related-activity")
            if (ref := _ref(r.get("ref")))
        ),
        reporting=reporting_org,
        organisations=tuple(organisations),
        places=_places(element, elements, language),
        classifications=_classifications(element, elements, language),
        results=_results(element, elements, language),
        money=_money(element, elements, language, default_currency, reporting_org),
    )


def _identifier(
    element, reporting: DeclaredOrganisation | None, index: int, name: str, warnings: list[str]
) -> str:
    """The activity's ``iati-identifier``; for 1.0x files without one, its other-identifier; else
    its position. Spaces inside become underscores (an identifier is one token)."""
    identifier = _text(element.find("iati-identifier"))
    if not identifier:
        other = _text(element.find("other-identifier"))
        prefix = reporting.ref if reporting and reporting.ref else None
        fallback = f"{prefix}-{other}" if prefix and other else other or f"activity-{index}"
        warnings.append(f"{name}: line {element.sourceline}: {_UNNAMED} {fallback}")
        identifier = fallback
    return "_".join(identifier.split())


def _organisation(
    element, role: str, elements: _Elements, language: str | None
) -> DeclaredOrganisation:
    texts = _texts(element, language)
    return DeclaredOrganisation(
        ref=_ref(element.get("ref")),
        name=_pick(texts, language),
        type=_clean(element.get("type")),
        role=role,
        element=elements(element),
        activity_id=_ref(element.get("activity-id") or element.get("provider-activity-id")),
    )


def _places(element, elements: _Elements, language: str | None) -> tuple[DeclaredPlace, ...]:
    places = []
    for country in element.findall("recipient-country"):
        places.append(
            DeclaredPlace(
                kind="country",
                code=_clean(country.get("code")),
                vocabulary=None,
                name=_pick(_texts(country, language), language),
                element=elements(country),
                percentage=_decimal(country.get("percentage")),
            )
        )
    for region in element.findall("recipient-region"):
        places.append(
            DeclaredPlace(
                kind="region",
                code=_clean(region.get("code")),
                vocabulary=_clean(region.get("vocabulary")) or "1",
                name=_pick(_texts(region, language), language),
                element=elements(region),
                percentage=_decimal(region.get("percentage")),
            )
        )
    for location in element.findall("location"):
        vocabulary, code = None, None
        for found in (*location.findall("location-id"), *location.findall("administrative")):
            if _clean(found.get("code")):
                vocabulary, code = _clean(found.get("vocabulary")), _clean(found.get("code"))
                break
        latitude, longitude = _point(location.findtext("point/pos"))
        places.append(
            DeclaredPlace(
                kind="location",
                code=code or _clean(location.get("ref")),
                vocabulary=vocabulary if code else ("ref" if location.get("ref") else None),
                name=_pick(_texts(location.find("name"), language), language),
                element=elements(location),
                latitude=latitude,
                longitude=longitude,
            )
        )
    return tuple(places)


def _classifications(
    element, elements: _Elements, language: str | None
) -> tuple[Classification, ...]:
    found = []
    for scheme in ("sector", "policy-marker"):
        for node in element.findall(scheme):
            # a 1.0x sector may give its code as @ref; a policy marker has no @ref
            code = _clean(node.get("code")) or (scheme == "sector" and _clean(node.get("ref")))
            if code:
                found.append(
                    Classification(
                        scheme=scheme,
                        vocabulary=_clean(node.get("vocabulary")) or "1",
                        code=code,
                        name=_pick(_texts(node, language), language),
                        element=elements(node),
                        significance=_clean(node.get("significance"))
                        if scheme != "sector"
                        else None,
                    )
                )
    return tuple(found)


def _results(element, elements: _Elements, language: str | None) -> tuple[IndicatorValue, ...]:
    """The numeric values (baseline, target, actual) of an activity's count and percentage
    indicators; qualitative, nominal and ordinal measures and non-numbers are left out."""
    values = []
    for result in element.findall("result"):
        result_title = _pick(_texts(result.find("title"), language), language) or ""
        for indicator in result.findall("indicator"):
            unit = _UNITS.get(_clean(indicator.get("measure")) or "")
            if unit is None:
                continue
            title = _pick(_texts(indicator.find("title"), language), language) or result_title
            found = [
                (b, "baseline", _year(b.get("year")) or _year(b.get("iso-date")))
                for b in indicator.findall("baseline")
            ]
            for period in indicator.findall("period"):
                end = period.find("period-end")
                year = _year(end.get("iso-date")) if end is not None else None
                found += [(v, m, year) for m in ("target", "actual") for v in period.findall(m)]
            for value_element, measure, year in found:
                value = _decimal(value_element.get("value"))
                if value is not None:
                    values.append(
                        IndicatorValue(
                            indicator=title,
                            result=result_title,
                            measure=measure,
                            year=year,
                            value=value,
                            unit=unit,
                            element=elements(value_element),
                        )
                    )
    return tuple(values)


def _money(
    element,
    elements: _Elements,
    language: str | None,
    default_currency: str | None,
    reporting: DeclaredOrganisation | None,
) -> tuple[MoneyItem, ...]:
    """Transactions (provider and receiver as declared, else the reporting organisation on the
    side IATI's transaction type puts it) and budgets (the reporting organisation's)."""
    items = []
    for transaction in element.findall("transaction"):
        kind = transaction.find("transaction-type")
        word = _clean(kind.get("code")) if kind is not None else _clean(transaction.get("type"))
        code = TRANSACTION_WORDS.get((word or "").casefold(), word or "")
        flow_type = codelist("TransactionType").get(code, word or "transaction").casefold()
        value_element = transaction.find("value")
        value = _decimal(_text(value_element))
        if value is None:
            continue
        date = transaction.find("transaction-date")
        year = _year(date.get("iso-date") if date is not None else None) or _year(
            value_element.get("value-date")
        )
        provider = transaction.find("provider-org")
        receiver = transaction.find("receiver-org")
        incoming = code in ("1", "11", "13")
        items.append(
            MoneyItem(
                flow_type=flow_type,
                provider=_party(provider, "provider", elements, language)
                or (None if incoming else reporting),
                receiver=_party(receiver, "receiver", elements, language)
                or (reporting if incoming else None),
                value=value,
                currency=_currency(value_element.get("currency")) or default_currency,
                year=year,
                element=elements(transaction),
            )
        )
    for budget in element.findall("budget"):
        value_element = budget.find("value")
        value = _decimal(_text(value_element))
        start = budget.find("period-start")
        if value is None:
            continue
        items.append(
            MoneyItem(
                flow_type="budget",
                provider=reporting,
                receiver=None,
                value=value,
                currency=_currency(value_element.get("currency")) or default_currency,
                year=_year(start.get("iso-date") if start is not None else None),
                element=elements(budget),
            )
        )
    return tuple(items)


def _party(
    element, role: str, elements: _Elements, language: str | None
) -> DeclaredOrganisation | None:
    """A transaction's provider or receiver, None when it names no organisation."""
    if element is None:
        return None
    party = _organisation(element, role, elements, language)
    return party if party.ref or party.name else None


def _texts(element, language: str | None) -> tuple[tuple[str | None, str], ...]:
    """(language, text) of an element's narratives (2.0x) or its own text (1.0x)."""
    if element is None:
        return ()
    narratives = element.findall("narrative")
    if narratives:
        pairs = [(_lang(n) or language, " ".join((n.text or "").split())) for n in narratives]
    else:
        pairs = [(_lang(element) or language, " ".join((element.text or "").split()))]
    return tuple((lang, text) for lang, text in pairs if text)


def _pick(texts: tuple[tuple[str | None, str], ...], language: str | None) -> str | None:
    """The text in the activity's language, else English, else the first."""
    for wanted in (language, "en"):
        for lang, text in texts:
            if lang == wanted:
                return text
    return texts[0][1] if texts else None


def _lang(element) -> str | None:
    lang = (element.get(_XML_LANG) or "").strip()
    return lang.lower() if lang and _LANGUAGE.fullmatch(lang) else (None)


def _code(element) -> str | None:
    return _clean(element.get("code")) if element is not None else None


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _ref(value: str | None) -> str | None:
    value = _clean(value)
    return None if value is None or value.casefold() in _NO_REF else value


def _currency(value: str | None) -> str | None:
    """An ISO 4217 code as written (upper-cased), None for anything else."""
    value = (value or "").strip().upper()
    return value if _CURRENCY.fullmatch(value) else None


def _text(element) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _decimal(value: str | None) -> Decimal | None:
    """A number as publishers write it: "1000", "-7097", "1,500,000" (thousands), "12254,1"
    (a decimal comma); None for anything else ("", "null", words)."""
    value = (value or "").strip()
    if _THOUSANDS.fullmatch(value):
        value = value.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(value):
        value = value.replace(",", ".")
    if not _NUMBER.fullmatch(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _year(value: str | None) -> int | None:
    match = _LEADING_YEAR.match((value or "").strip())
    if match is None:
        return None
    year = int(match[0])
    return year if year in _YEARS else None


def _point(pos: str | None) -> tuple[float | None, float | None]:
    parts = (pos or "").split()
    if len(parts) != 2:
        return None, None
    try:
        latitude, longitude = float(parts[0]), float(parts[1])
    except ValueError:
        return None, None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None, None
