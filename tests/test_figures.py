"""Figures: value, unit, what they count; years and durations are not results."""

from kg.extract.mentions import extract
from tests.helpers_reports import document


def _figures(body):
    return [(f.value, f.unit, f.counts) for f in extract(document(body)).figures]


def test_counts_and_percentages():
    assert _figures("2,763 marginalized women enrolled and 28% of seats changed.") == [
        (2763.0, "count", "marginalized women"),
        (28.0, "percent", "seats"),
    ]


def test_scales_years_and_durations():
    assert _figures("In 2017 about 8 million girls waited 3 months.") == [
        (8_000_000.0, "count", "girls"),
    ]


def test_a_figure_is_about_the_entities_of_its_sentence():
    (figure,) = extract(document("UNICEF trained 51 journalists.")).figures
    assert figure.entities == ("partner/unicef",)
