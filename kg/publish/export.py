"""A registry of deterministic exporters, in the style of datasette's output renderers.

Each exporter turns a graph (an rdflib Graph, or a pyoxigraph Store or Dataset) into the bytes of
one or more files; ``export`` renders everything first, then writes each file atomically, so a
failure leaves no partial output. The same graph gives byte-identical files on every run.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.files import STDOUT, write_atomic

# A renderer returns {file name: bytes}; the name "" is the output path itself.
Render = Callable[[Any], dict[str, bytes]]


@dataclass(frozen=True)
class Exporter:
    """One output format: its name, what it is for, the suffix that names it, its renderer."""

    name: str
    description: str
    suffix: str
    render: Render


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str, description: str, suffix: str) -> Callable[[Render], Render]:
    """Register the decorated function as the renderer of format ``name``."""

    def register(render: Render) -> Render:
        EXPORTERS[name] = Exporter(name, description, suffix, render)
        return render

    return register


def exporter(name: str | None, output: str | Path | None = None) -> Exporter:
    """The exporter named ``name`` (or guessed from ``output``'s suffix); InputError listing the
    known formats otherwise."""
    if name is None and output is not None:
        suffix = Path(output).suffix.lower()
        name = next((e.name for e in EXPORTERS.values() if e.suffix == suffix), None)
        if name is None:
            raise InputError(f"{output}: cannot tell the format from the name; {_known()}")
    if name not in EXPORTERS:
        raise InputError(f"unknown export format {name!r}; {_known()}")
    return EXPORTERS[name]


def _known() -> str:
    return "known formats: " + ", ".join(sorted(EXPORTERS))


def render(source: Any, name: str) -> dict[str, bytes]:
    """The files of format ``name`` for ``source``; InputError when the graph is empty."""
    chosen = exporter(name)
    if _size(source) == 0:
        raise InputError("the graph is empty: nothing to export")
    return chosen.render(source)


def export(source: Any, name: str | None, output: str | Path) -> list[Path]:
    """Export ``source`` in format ``name`` (or the one ``output``'s suffix names) to ``output``;
    return the paths written. CSV writes two files: see ``csv_paths``."""
    chosen = exporter(name, output)
    files = render(source, chosen.name)
    paths = {key: _target(Path(output), key) for key in files}
    return [write_atomic(paths[key], data) for key, data in sorted(files.items())]


def csv_paths(output: str | Path) -> tuple[Path, Path]:
    """Where CSV goes: an existing directory DIR gets DIR/nodes.csv and DIR/edges.csv; any other
    path is a prefix (``out/mexico`` -> ``out/mexico-nodes.csv``; a trailing .csv is dropped)."""
    return _target(Path(output), "nodes.csv"), _target(Path(output), "edges.csv")


def _target(output: Path, name: str) -> Path:
    if name and str(output) == STDOUT:
        raise InputError("CSV export writes two files; name a folder or a prefix, not -")
    if not name:
        if output.is_dir():
            raise InputError(f"{output}: is a directory; name a file")
        return output
    if output.is_dir():
        return output / name
    if not output.name:
        raise InputError(f"{str(output) or repr('')}: name a folder or a file prefix")
    prefix = output.name.removesuffix(".csv") if output.suffix.lower() == ".csv" else output.name
    return output.with_name(f"{prefix}-{name}")


def _size(source: Any) -> int:
    return len(source)


# RDF formats ------------------------------------------------------------------------------------


@register_exporter("ttl", "Turtle with kg's prefixes, triples sorted (all graphs merged)", ".ttl")
def _turtle(source: Any) -> dict[str, bytes]:
    import pyoxigraph

    from kg.graph.vocab import PREFIXES

    triples = sorted({q.triple for q in _quads(source)}, key=_triple_key)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    lines = data.split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")), len(lines))
    return {"": b"\n".join([*sorted(lines[:count]), *lines[count:]])}


def _triple_key(triple: Any) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


@register_exporter(
    "jsonld", "JSON-LD with kg's prefixes as context (nodes sorted by @id)", ".jsonld"
)
def _jsonld(source: Any) -> dict[str, bytes]:
    from kg.graph.vocab import PREFIXES

    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    text = _rdflib_graph(source).serialize(format="json-ld", context=context, auto_compact=True)
    data = _sorted_jsonld(json.loads(text))
    return {"": (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()}


@register_exporter("nt", "N-Triples, one sorted line per triple (all graphs merged)", ".nt")
def _ntriples(source: Any) -> dict[str, bytes]:
    import pyoxigraph

    triples = {q.triple for q in _quads(source)}
    return {"": _sorted_lines(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))}


@register_exporter("nq", "N-Quads, one sorted line per quad (named graphs kept)", ".nq")
def _nquads(source: Any) -> dict[str, bytes]:
    import pyoxigraph

    quads = _quads(source)
    return {"": _sorted_lines(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))}


@register_exporter("trig", "TriG: the default graph, then each named graph, lines sorted", ".trig")
def _trig(source: Any) -> dict[str, bytes]:
    import pyoxigraph

    by_graph: dict[Any, list[Any]] = {}
    for quad in _quads(source):
        by_graph.setdefault(quad.graph_name, []).append(quad.triple)
    blocks = []
    default = pyoxigraph.DefaultGraph()
    for graph_name in sorted(by_graph, key=lambda g: (g != default, str(g))):
        lines = _sorted_lines(
            pyoxigraph.serialize(by_graph[graph_name], format=pyoxigraph.RdfFormat.N_TRIPLES)
        )
        if graph_name == default:
            blocks.append(lines)
        else:
            indented = b"".join(b"  " + line + b"\n" for line in lines.splitlines())
            blocks.append(f"{graph_name} {{\n".encode() + indented + b"}\n")
    return {"": b"".join(blocks)}


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()) - {b""})
    return b"".join(line + b"\n" for line in lines)


def _sorted_jsonld(value: Any) -> Any:
    """JSON-LD with every unordered array sorted (``@list`` arrays keep their order)."""
    if isinstance(value, dict):
        return {
            key: (item if key == "@list" else _sorted_jsonld(item)) for key, item in value.items()
        }
    if isinstance(value, list):
        items = [_sorted_jsonld(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def _rdflib_graph(source: Any) -> Any:
    """``source`` as an rdflib Graph (a pyoxigraph store is copied through N-Triples)."""
    import pyoxigraph
    from rdflib import Graph

    if isinstance(source, pyoxigraph.Store | pyoxigraph.Dataset):
        data = _ntriples(source)[""]
        from kg.graph.vocab import bind_prefixes

        return bind_prefixes(Graph()).parse(data=data, format="nt")
    return source


def _quads(source: Any) -> list[Any]:
    """The quads of ``source`` as pyoxigraph Quads (an rdflib Graph's triples are in the default
    graph; an rdflib Dataset keeps its named graphs)."""
    import pyoxigraph
    from rdflib import Dataset

    from kg.graph.rdfterms import to_oxigraph as _term

    if isinstance(source, pyoxigraph.Store | pyoxigraph.Dataset):
        return list(source)
    if isinstance(source, Dataset):
        return [
            pyoxigraph.Quad(_term(s), _term(p), _term(o), _graph_term(g))
            for s, p, o, g in source.quads((None, None, None, None))
        ]
    default = pyoxigraph.DefaultGraph()
    return [pyoxigraph.Quad(_term(s), _term(p), _term(o), default) for s, p, o in source]


def _graph_term(graph: Any) -> Any:
    import pyoxigraph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kg.graph.rdfterms import to_oxigraph as _term

    identifier = getattr(graph, "identifier", graph)
    if identifier is None or identifier == DATASET_DEFAULT_GRAPH_ID:
        return pyoxigraph.DefaultGraph()
    return _term(identifier)


# Network formats --------------------------------------------------------------------------------


def _links(source: Any) -> Any:
    from kg.analysis.network import read_links

    links = read_links(source)
    if not links.nodes:
        raise InputError("the graph has no outcomes, partners, programmes or places to export")
    return links


@register_exporter(
    "graphml", "GraphML for Gephi: entities and outcomes, derived links with evidence", ".graphml"
)
def _graphml(source: Any) -> dict[str, bytes]:
    import networkx as nx

    from kg.analysis.network import to_networkx

    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(_links(source)), buffer, encoding="utf-8", prettyprint=True)
    return {"": buffer.getvalue()}


@register_exporter(
    "gexf", "GEXF 1.2 for Gephi: entities and outcomes, derived links with evidence", ".gexf"
)
def _gexf(source: Any) -> dict[str, bytes]:
    from networkx.readwrite.gexf import GEXFWriter

    from kg.analysis.network import to_networkx

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)  # networkx stamps today's date: not reproducible
    writer.add_graph(to_networkx(_links(source)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return {"": buffer.getvalue()}


NODE_COLUMNS = ["id", "type", "label", "aliases", "wikidata", "geonames", "notation"]
EDGE_COLUMNS = ["source", "predicate", "target", "evidence_count"]


@register_exporter(
    "csv", "two CSV files, nodes.csv and edges.csv (-o DIR, or -o PREFIX for PREFIX-*.csv)", ".csv"
)
def _csv(source: Any) -> dict[str, bytes]:
    links = _links(source)
    nodes = [
        [
            n.id,
            n.type,
            n.label,
            *(" | ".join(v) for v in (n.aliases, n.wikidata, n.geonames, n.notations)),
        ]
        for n in links.nodes
    ]
    edges = [[e.source, e.predicate, e.target, e.evidence] for e in links.edges]
    return {
        "nodes.csv": _csv_bytes(NODE_COLUMNS, nodes),
        "edges.csv": _csv_bytes(EDGE_COLUMNS, edges),
    }


def _csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
