"""Validate graphs against the SHACL shapes in ``ontology/shapes.ttl``: with pySHACL, the
reference, or (``ensure_conforms``, for builds) first with the compiled checks of kg.graph.shacl,
which pySHACL then confirms and explains when they find a violation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.errors import ValidationError

if TYPE_CHECKING:
    from kg.graph.rdfterms import TermTriple
    from kg.graph.shacl import Shapes

_SHOWN = 80  # characters of a literal value an error message shows


@dataclass(frozen=True)
class Violation:
    """One SHACL result, its terms written compactly (``kgpartner:x``, ``"text"``, ``-``):
    the focus node, the property path, the offending value and pySHACL's message."""

    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"focus node {self.focus}, path {self.path}, value {self.value}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: whether the graph conforms, pySHACL's text report and the
    violations, sorted by focus node, path and value."""

    conforms: bool
    text: str
    violations: tuple[Violation, ...] = field(default=())


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

    shapes_graph = shapes()
    conforms, results, text = pyshacl.validate(
        graph, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    found = _violations(results, _Names(shapes_graph)) if not conforms else ()
    return Report(bool(conforms), str(text), found)


def ensure_valid(graph: Graph, what: str) -> None:
    """Raise ValidationError naming ``what`` and the first violation (its focus node, path and
    value, and how many more there are) when ``graph`` does not conform."""
    report = validate(graph)
    if report.conforms:
        return
    first = str(report.violations[0]) if report.violations else "no detail given"
    more = len(report.violations) - 1
    extra = f" (and {more} more violation{'s' if more != 1 else ''})" if more > 0 else ""
    raise ValidationError(f"{what}: the graph does not conform to the shapes: {first}{extra}")


def fast_violations(triples: Iterable[TermTriple]) -> tuple[Violation, ...] | None:
    """The violations kg.graph.shacl finds in the graph of ``triples``, written as ``validate``
    writes them (its own messages), sorted; None when the shapes use a feature it lacks."""
    from kg.graph.rdfterms import to_rdflib

    compiled = _compiled_shapes()
    if compiled is None:
        return None
    names = _Names(shapes())
    found = {
        Violation(
            focus=names.show(to_rdflib(r.focus)),
            path=names.show(to_rdflib(r.path) if r.path is not None else None),
            value=names.show(to_rdflib(r.value) if r.value is not None else None),
            message=r.message,
        )
        for r in compiled.check(triples)
    }
    return tuple(sorted(found, key=lambda v: (v.focus, v.path, v.value, v.message)))


def ensure_conforms(triples: Iterable[TermTriple], what: str) -> None:
    """``ensure_valid`` for built triples, fast: the compiled checks first; only a graph they
    find fault with (or shapes they cannot compile) goes to pySHACL, whose verdict and message
    stand."""
    from kg.graph.rdfterms import to_graph

    triples = list(triples)
    compiled = _compiled_shapes()
    if compiled is not None and not compiled.check(triples):
        return
    ensure_valid(to_graph(triples), what)


@cache
def _compiled_shapes() -> Shapes | None:
    from kg.graph.shacl import Shapes, Unsupported

    try:
        return Shapes(_shapes_text())
    except Unsupported:
        return None


def _violations(results: Graph, names: _Names) -> tuple[Violation, ...]:
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        found.add(
            Violation(
                focus=names.show(results.value(result, SH.focusNode)),
                path=names.show(results.value(result, SH.resultPath)),
                value=names.show(results.value(result, SH.value)),
                message=" ".join(str(results.value(result, SH.resultMessage) or "").split()),
            )
        )
    return tuple(sorted(found, key=lambda v: (v.focus, v.path, v.value, v.message)))


class _Names:
    """RDF terms as short text for one-line messages: prefixed names where kg's prefixes (and
    the shapes graph's) allow, literals quoted and cut, control characters escaped."""

    def __init__(self, shapes_graph: Graph) -> None:
        from kg.graph.vocab import PREFIXES

        known = {str(ns): prefix for prefix, ns in PREFIXES.items()}
        for prefix, ns in shapes_graph.namespaces():
            known.setdefault(str(ns), prefix)
        self.prefixes = {prefix: ns for ns, prefix in known.items()}

    def show(self, term: object) -> str:
        from kg.graph.vocab import compact

        if term is None:
            return "-"
        if isinstance(term, URIRef):
            return _printable(compact(str(term), self.prefixes))
        if isinstance(term, Literal):
            text = str(term)
            cut = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
            if term.language:
                return _printable(f'"{cut}"@{term.language}')
            if term.datatype is not None and term.datatype != XSD.string:
                return _printable(f'"{cut}"^^{self.show(term.datatype)}')
            return _printable(f'"{cut}"')
        return _printable(str(term))


def _printable(text: str) -> str:
    """``text`` with characters that would break a one-line message escaped as ``\\uXXXX``."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
