"""Figures: value, unit, what they count; years and durations are not results."""

from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from kg.extract.mentions import extract
from kg.graph.build import build_graph, decimal_lexical
from kg.graph.validate import validate
from kg.graph.vocab import KG
from tests.helpers_reports import document


def _figures(body):
    return [(f.value, f.unit, f.counts) for f in extract(document(body)).figures]


def test_counts_and_percentages():
    assert _figures("2,763 marginalized women enrolled and 28% of seats changed.") == [
        (Decimal(2763), "count", "marginalized women"),
        (Decimal(28), "percent", "seats"),
    ]


def test_scales_years_and_durations():
    assert _figures("In 2017 about 8 million girls waited 3 months.") == [
        (Decimal(8_000_000), "count", "girls"),
    ]


def test_a_figure_is_about_the_entities_of_its_sentence():
    (figure,) = extract(document("UNICEF trained 51 journalists.")).figures
    assert figure.entities == ("partner/unicef",)


def test_values_are_exact_decimals():
    assert _figures("Women were 48.6% of informants and 1.5 million people voted.") == [
        (Decimal("48.6"), "percent", "informants"),
        (Decimal("1500000.0"), "count", "people"),
    ]
    graph = build_graph(extract(document("Women were 48.6% of informants.")))
    assert set(graph.objects(None, KG.value)) == {Literal("48.6", datatype=XSD.decimal)}


@pytest.mark.parametrize(
    "figure",
    ["1" + "0" * 5000 + " women", "99999999999999999999999999.5%", "0.1234567890123456789 women"],
)
def test_a_value_a_store_cannot_hold_exactly_is_left_out_with_a_warning(figure):
    extraction = extract(document(f"UNICEF reached {figure} in Oaxaca."))
    assert extraction.figures == []
    assert any("too large or too precise to keep exactly" in w for w in extraction.warnings)
    assert validate(build_graph(extraction)).conforms


@pytest.mark.parametrize("lexical", ["Infinity", "NaN", "INF", "-", "1.2.3"])
def test_the_shapes_refuse_a_value_that_is_no_decimal(lexical):
    graph = build_graph(extract(document("UNICEF trained 51 journalists.")))
    (figure,) = graph.subjects(KG.value, None)
    graph.set((figure, KG.value, Literal(lexical, datatype=XSD.decimal)))
    report = validate(graph)
    assert not report.conforms, lexical


def test_canonical_decimal_forms():
    assert decimal_lexical(Decimal("1500000.0")) == "1500000"
    assert decimal_lexical(Decimal("-0.50")) == "-0.5"
    assert decimal_lexical(Decimal("1E+3")) == "1000"
    assert decimal_lexical(Decimal("-0")) == "0"
    with pytest.raises(ValueError):
        decimal_lexical(Decimal("Infinity"))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a conjunction or preposition right after the number ends the figure
        (
            "They have increased their weekly sales by up to 40% and businesses in many cases "
            "have become the main household income.",
            ("40%", "percent", ""),
        ),
        (
            "Turnout rose by 15% or more in the north.",
            ("15%", "percent", ""),
        ),
        (
            "Prices fell 12 percent and producers in the region lost income.",
            ("12 percent", "percent", ""),
        ),
        (
            "Aumentaron sus ventas hasta un 40% y las empresas se volvieron el ingreso principal.",
            ("40%", "percent", ""),
        ),
        (
            "La participación creció un 25 por ciento en los municipios.",
            ("25 por ciento", "percent", ""),
        ),
        # a possessive is a modifier: the phrase goes on to its noun
        (
            "The voice of more than 120 women's organizations and movements was heard.",
            ("120 women's organizations", "count", "women's organizations"),
        ),
        (
            "UNICEF supported 26 regional women’s offices in Lima.",
            ("26 regional women’s offices", "count", "regional women’s offices"),
        ),
        (
            "It trained 12 specialised prosecutors' offices.",
            ("12 specialised prosecutors' offices", "count", "specialised prosecutors' offices"),
        ),
        (
            "It reached 30 workers' unions in Puebla.",
            ("30 workers' unions", "count", "workers' unions"),
        ),
        # the phrase ends at its head noun, and a conjunction may join two modifiers
        ("It trained 27 officials in Guerrero and Oaxaca.", ("27 officials", "count", "officials")),
        (
            "It supported 3,150 refugee and migrant women in Lima.",
            ("3,150 refugee and migrant women", "count", "refugee and migrant women"),
        ),
        (
            "Se capacitó a 85 funcionarias y funcionarios de Quito.",
            ("85 funcionarias", "count", "funcionarias"),
        ),
        (
            "Participaron 120 organizaciones de mujeres de tres estados.",
            ("120 organizaciones", "count", "organizaciones"),
        ),
        # what a percentage is a share of, after "of"/"de" and an article
        (
            "Women hold 63% of the victims' seats.",
            ("63% of the victims' seats", "percent", "victims' seats"),
        ),
        ("Women were 38.5% of the seats.", ("38.5% of the seats", "percent", "seats")),
        (
            "El 38% de las participantes fue inscrita.",
            ("38% de las participantes", "percent", "participantes"),
        ),
    ],
)
def test_a_figure_ends_where_its_noun_phrase_ends(sentence, expected):
    (figure,) = extract(document(sentence)).figures
    assert (figure.text, figure.unit, figure.counts) == expected
    start = figure.start - figure.sentence.start
    assert figure.sentence.text[start : start + len(figure.text)] == figure.text
    assert figure.end - figure.start == len(figure.text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Of the participants, 41 of its members were elected.",
        "Of them, 96 de ellas fueron electas.",
        "In total 1,064 have started a business.",
    ],
)
def test_a_number_followed_by_no_noun_phrase_counts_nothing(sentence):
    assert extract(document(sentence)).figures == []
