"""Arbitrary text through read -> extract -> build -> Turtle -> strict re-parse: only declared
errors (KgError subclasses) may occur, and whatever builds is well-formed Turtle."""

from __future__ import annotations

import pyoxigraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.extract.mentions import extract
from kg.graph.build import build_graph
from kg.pipeline import to_turtle
from kg.readers.text import decode_report, parse_report

# Fragments that reach the recognizers (names, brackets, cues, figures, hashtags, headers, debris),
# mixed with any characters at all, surrogates and controls included.
_FRAGMENTS = st.sampled_from(
    [
        "OUTCOME X_1.1\n\n",
        "\n\n",
        "# Progress in Mexico country in 2023\n\n",
        "By 2025, ",
        "Ministry of ",
        "Institute",
        "Oaxaca",
        "Colombia",
        "UNDP",
        "INMUJERES",
        " (",
        ")",
        '"',
        "“",
        "”",
        "#EsLoJusto",
        " and the ",
        ", ",
        "in collaboration with ",
        "companies like ",
        "Ministries of ",
        "2,763 women",
        "28%",
        ". ",
        "&Idquo;",
        "\\_",
        "\x00",
        "\x1b",
        "\ud800",
        "\u2028",
        "El Colegio de México",
        "the city of ",
        "Secretaría de ",
        " campaign",
    ]
)
_BODY = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join)
_HEADS = st.sampled_from(
    [
        "",
        "OUTCOME X_1.1\n\n",
        "# Progress in Colombia country in 2023\n\nOUTCOME C_1.1\n\nBy 2025, x.\n\n",
    ]
)
_TEXT = st.builds(lambda head, body: head + body, _HEADS, _BODY)


def _through_the_pipeline(text: str) -> None:
    try:
        document = parse_report(text, source="prop.txt", slug="prop")
        graph = build_graph(extract(document))
    except KgError:
        return
    turtle = to_turtle(graph)
    triples = list(pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(graph)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_any_text_builds_or_fails_with_a_declared_error(text):
    _through_the_pipeline(text)


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_fail_with_a_declared_error(data):
    try:
        text = decode_report(data, "prop.bin")
    except KgError:
        return
    _through_the_pipeline(text)


# Fragments that reach the other readers: portal headers and tables, numbered headings, front
# matter, glossaries and text debris.
_READER_FRAGMENTS = st.sampled_from(
    [
        "outcome XM-DAC-41146-COL_D_1.1\n",
        "outcome COL_D_3.2XM-DAC-41146-COL_D_3.2\n",
        "Outcome summary\n",
        "In 2023, UN Women Colombia made progress on outcome 1.1 (on track). ",
        "COL_D_3.2A\nIndicator 3.2: Number of plans\n2021\nBaseline\n12\n",
        "Funding partners\nPartner\nAmount (USD)\nYear\nType\n",
        "Sweden\n1,250,000\n2023\nOECD-DAC donor\n",
        "Outcome 1: Policies and Legislation\n",
        "Efecto 1.1\n",
        "Índice\nResultado 1 .......... 4\n",
        "Siglario\nCONAVIM\nComisión Nacional\n",
        "ACRO – Americas Office ASRO – Arab States Office\n",
        "Programme Title: Spotlight\n",
        "Ana Pérez, Coordinadora del Programa\n",
        "With the support of Sweden, ",
        "the activist Ana Hidalgo ",
        "\ufb03",
        "\u00ad",
        "\ufeff",
        "Secre-\ntariat",
        "\n\n",
        "Women in Oaxaca took part. ",
    ]
)
_ANY_DOCUMENT = st.lists(
    st.one_of(_READER_FRAGMENTS, _FRAGMENTS, st.text(max_size=8)), max_size=40
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_DOCUMENT)
def test_any_document_through_the_registry_reads_or_fails_with_a_declared_error(text):
    from kg.readers.registry import Source, read_source

    try:
        document = read_source(Source(text.encode("utf-8", "replace"), "prop.txt", "prop"))
        graph = build_graph(extract(document))
    except KgError:
        return
    for outcome in document.outcomes:
        for sentence in outcome.sentences:
            assert document.text[sentence.start : sentence.end] == sentence.text
    pyoxigraph.parse(to_turtle(graph), format=pyoxigraph.RdfFormat.TURTLE)
