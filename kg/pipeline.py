"""The library's front door: report files in, graphs and Turtle out.

The CLI calls these functions and nothing deeper, so a notebook user gets the same behaviour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError
from kg.extract.mentions import extract
from kg.graph.build import build_triples
from kg.graph.rdfterms import TermTriple, to_graph
from kg.graph.vocab import bind_prefixes
from kg.model import Extraction
from kg.readers.corrections import Corrections, corrections_beside, load_corrections
from kg.readers.registry import read_document


@dataclass
class Built:
    """One report carried through the pipeline: what was extracted and its graph."""

    extraction: Extraction
    triples: frozenset[TermTriple]

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph, made on first use (validation, views, analysis)."""
        return to_graph(self.triples)

    @property
    def warnings(self) -> list[str]:
        """Every guess and gap the reader and extractor noted."""
        return [*self.extraction.document.warnings, *self.extraction.warnings]


def extract_report(
    path: str | Path, corrections: str | Path | None = None, slug: str | None = None
) -> Extraction:
    """Read (by the reader its content calls for: kg.readers.registry) and extract one report,
    applying its corrections file (named, or found beside it); ``slug`` names it (default: from
    its file name)."""
    path = Path(path)
    return extract(read_document(path, _corrections_for(path, corrections), slug))


def build_report(
    path: str | Path, corrections: str | Path | None = None, slug: str | None = None
) -> Built:
    """Read, extract and build one report into its RDF graph (named ``slug``, default: from
    its file name)."""
    extraction = extract_report(path, corrections, slug)
    return Built(extraction, build_triples(extraction))


def merge(graphs: Sequence[Graph]) -> Graph:
    """One graph holding the triples of all ``graphs``."""
    merged = bind_prefixes(Graph())
    for graph in graphs:
        merged += graph
    return merged


def to_turtle(graph: Graph) -> bytes:
    """Serialize ``graph`` as Turtle with kg's prefixes, triples sorted (through pyoxigraph,
    whose literals survive the store and a re-parse unchanged)."""
    from kg.publish.export import render

    return render(graph, "ttl")[""]


def _corrections_for(path: Path, named: str | Path | None) -> Corrections | None:
    if named is not None:
        return load_corrections(named)
    if not path.name:
        raise InputError(f"{str(path) or repr('')}: name a report file")
    beside = corrections_beside(path)
    try:
        present = beside.is_file()
    except OSError:  # a name too long to exist (a 250-byte report name plus the suffix)
        present = False
    return load_corrections(beside) if present else None
