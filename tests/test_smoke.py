"""The whole road on the bundled report: read, extract, build, validate."""

from kg.graph.validate import validate
from kg.pipeline import build_report


def test_bundled_report_builds_a_conforming_graph(bundled):
    built = build_report(bundled)
    assert len(built.extraction.document.outcomes) == 11
    assert validate(built.graph).conforms
