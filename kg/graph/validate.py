"""Validate graphs against the SHACL shapes in ``ontology/shapes.ttl`` with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Graph

from kg.errors import ValidationError


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: whether the graph conforms, and pySHACL's text report."""

    conforms: bool
    text: str


@cache
def _shapes_text() -> str:
    return resources.files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")


def shapes() -> Graph:
    """The SHACL shapes graph shipped with kg."""
    return Graph().parse(data=_shapes_text(), format="turtle")


def ontology() -> Graph:
    """The kg ontology (OWL, in Turtle) shipped with kg."""
    text = resources.files("kg.ontology").joinpath("kg.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def validate(graph: Graph) -> Report:
    """Check ``graph`` against kg's shapes."""
    import pyshacl

    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=shapes(), inference="none", advanced=True, allow_warnings=True
    )
    return Report(bool(conforms), str(text))


def ensure_valid(graph: Graph, what: str) -> None:
    """Raise ValidationError naming ``what`` when ``graph`` does not conform."""
    report = validate(graph)
    if not report.conforms:
        first = next(
            (line.strip() for line in report.text.splitlines() if "Message:" in line),
            "does not conform",
        )
        raise ValidationError(f"{what}: the graph does not conform to the shapes ({first})")
