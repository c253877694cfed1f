"""A registry of deterministic exporters, in the style of datasette's output renderers.

Each exporter turns a graph (an rdflib Graph, or a pyoxigraph Store or Dataset) into the bytes of
one or more files; ``export`` renders everything first, then writes each file atomically, so a
failure leaves no partial output. The same graph gives byte-identical files on every run.

N-Quads and TriG keep the named graphs of a pyoxigraph Dataset or Store (one per report, as kg's
store and ``kg.sources`` give them); Turtle, N-Triples and JSON-LD hold every triple once. GraphML,
GEXF and CSV hold the network of ``kg.publish.networkdata``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.files import STDOUT, check_folder_named, check_output, write_atomic

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


def render(source: Any, name: str, bom: bool = False) -> dict[str, bytes]:
    """The files of format ``name`` for ``source``; ``bom`` starts each CSV file with a UTF-8
    byte-order mark (what Excel needs to read UTF-8). InputError when the graph is empty or
    ``bom`` is asked of another format."""
    chosen = exporter(name)
    if bom and chosen.name != "csv":
        raise InputError(f"a byte-order mark applies to csv, not {chosen.name}")
    if _size(source) == 0:
        raise InputError("the graph is empty: nothing to export")
    files = chosen.render(source)
    if bom:
        from kg.spreadsheet import BOM

        files = {key: BOM.encode("utf-8") + data for key, data in files.items()}
    return files


def export(source: Any, name: str | None, output: str | Path, bom: bool = False) -> list[Path]:
    """Export ``source`` in format ``name`` (or the one ``output``'s suffix names) to ``output``
    (``bom``: see ``render``); return the paths written. CSV writes two files: see
    ``csv_paths``."""
    chosen = exporter(name, output)
    check_targets(chosen.name, output)
    files = render(source, chosen.name, bom)
    paths = {key: _target(Path(output), key) for key in files}
    return [write_atomic(paths[key], data) for key, data in sorted(files.items())]


def check_targets(name: str, output: str | Path) -> list[Path]:
    """The paths format ``name`` writes for ``output``, each checked (kg.files.check_output)
    before any work: a folder that does not exist (``-o missing/``), a name too long for the
    file system, a directory where a file goes are refused in one line."""
    if str(output) == STDOUT:
        _target(Path(output), "nodes.csv" if name == "csv" else "")
        return [Path(STDOUT)]
    folder = check_folder_named(output)
    keys = ("edges.csv", "nodes.csv") if name == "csv" else ("",)
    return [check_output(_target(folder, key)) for key in keys]


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

# The formats that carry evidence sentences with their offsets into the report's text.
RDF_EXPORTS = ("ttl", "jsonld", "nt", "nq", "trig")


@register_exporter("ttl", "Turtle with kg's prefixes, triples sorted (all graphs merged)", ".ttl")
def _turtle(source: Any) -> dict[str, bytes]:
    import pyoxigraph

    triples = sorted({q.triple for q in _quads(source)}, key=_triple_key)
    return {"": _with_sorted_prefixes(_serialize(triples, pyoxigraph.RdfFormat.TURTLE))}


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


@register_exporter(
    "trig", "TriG: kg's prefixes, the default graph, then one block per named graph", ".trig"
)
def _trig(source: Any) -> dict[str, bytes]:
    import pyoxigraph

    default = pyoxigraph.DefaultGraph()
    quads = sorted(
        set(_quads(source)),
        key=lambda q: (q.graph_name != default, str(q.graph_name), *_triple_key(q.triple)),
    )
    return {"": _with_sorted_prefixes(_serialize(quads, pyoxigraph.RdfFormat.TRIG))}


def _serialize(terms: Any, rdf_format: Any) -> bytes:
    """``terms`` (triples or quads, in order) in ``rdf_format`` with kg's prefixes."""
    import pyoxigraph

    from kg.graph.vocab import PREFIXES

    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return pyoxigraph.serialize(terms, format=rdf_format, prefixes=prefixes)


def _with_sorted_prefixes(data: bytes) -> bytes:
    """Turtle or TriG with its ``@prefix`` lines in a fixed order (pyoxigraph's varies)."""
    lines = data.split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")), len(lines))
    return b"\n".join([*sorted(lines[:count]), *lines[count:]])


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
    graph; an rdflib Dataset keeps its named graphs; a store's entities graph and default graph,
    derived from its report graphs, and its merges graph are left out)."""
    import pyoxigraph
    from rdflib import Dataset

    from kg.graph.rdfterms import to_oxigraph as _term
    from kg.graph.vocab import ENTITIES_GRAPH, MERGES_GRAPH

    # The entities and merges graphs are the store's, made again by the build that loads the
    # export; a kg store's default graph is the union of its report graphs (kg.store.union).
    left_out = {pyoxigraph.NamedNode(str(ENTITIES_GRAPH)), pyoxigraph.NamedNode(str(MERGES_GRAPH))}
    if isinstance(source, pyoxigraph.Store):
        return [
            quad
            for quad in source
            if isinstance(quad.graph_name, pyoxigraph.NamedNode) and quad.graph_name not in left_out
        ]
    if isinstance(source, pyoxigraph.Dataset):
        return [quad for quad in source if quad.graph_name not in left_out]
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


@register_exporter(
    "graphml",
    "GraphML 1.0 for Gephi, Cytoscape, yEd: NMTOKEN node ids, labels, types, positions; "
    "edge weight = evidence count, with the sentences",
    ".graphml",
)
def _graphml(source: Any) -> dict[str, bytes]:
    import networkx as nx

    from kg.publish.networkdata import network

    net = network(source)
    graph = nx.DiGraph()
    for node in net.nodes:
        graph.add_node(node.id, **_node_attributes(node), x=node.x, y=node.y)
    for edge in net.edges:
        graph.add_edge(edge.source, edge.target, **_edge_attributes(edge))
    buffer = io.BytesIO()
    # The plain-XML writer, not nx.write_graphml, which picks lxml when it is installed and then
    # writes other bytes.
    nx.write_graphml_xml(graph, buffer, encoding="utf-8", prettyprint=True)
    return {"": buffer.getvalue()}


@register_exporter(
    "gexf",
    "GEXF 1.2 for Gephi: node labels, types, positions and colours; edge weight = evidence "
    "count, with the sentences",
    ".gexf",
)
def _gexf(source: Any) -> dict[str, bytes]:
    from xml.etree.ElementTree import SubElement

    import networkx as nx
    from networkx.readwrite.gexf import GEXFWriter

    from kg.publish.networkdata import network
    from kg.readers.text import drop_controls

    net = network(source)
    graph = nx.DiGraph()
    for node in net.nodes:
        viz = {"position": {"x": node.x, "y": node.y, "z": 0.0}, "color": _colour(node.type)}
        graph.add_node(node.id, **_node_attributes(node), viz=viz)
    for edge in net.edges:
        graph.add_edge(edge.source, edge.target, **_edge_attributes(edge))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        # networkx stamps today's date and its own version: neither is reproducible.
        meta.attrib.pop("lastmodifieddate", None)
        for creator in meta.iter("creator"):
            creator.text = "kg"
        SubElement(meta, "description").text = drop_controls(net.title)
    writer.add_graph(graph)
    # GEXF's schema has no graph/@name (networkx writes one, empty): the title is in meta.
    writer.graph_element.attrib.pop("name", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return {"": buffer.getvalue()}


def _node_attributes(node: Any) -> dict[str, Any]:
    """A node's text attributes for GraphML and GEXF (multi-valued ones joined as in CSV)."""
    from kg.spreadsheet import join_values

    values = {
        "label": node.label,
        "type": node.type,
        "kind": node.kind,
        "description": node.description,
        "identifier": node.identifier,
        "iri": node.iri,
        "aliases": join_values(node.aliases),
        "wikidata": join_values(node.wikidata),
        "geonames": join_values(node.geonames),
        "notation": join_values(node.notations),
    }
    return {key: value for key, value in values.items() if value}


def _edge_attributes(edge: Any) -> dict[str, Any]:
    from kg.spreadsheet import join_values

    values = {
        "label": edge.relation,
        "predicate": edge.predicate,
        "weight": edge.weight,
        "sentences": join_values(edge.sentences),
    }
    return {key: value for key, value in values.items() if value != ""}


def _colour(node_type: str) -> dict[str, int]:
    """The colour the HTML views give ``node_type``, as GEXF's viz:color channels."""
    from kg.publish.views import TYPE_STYLE

    hex_colour = TYPE_STYLE[node_type][2].lstrip("#")
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return {"r": r, "g": g, "b": b, "a": 1.0}


NODE_COLUMNS = [
    "ID",
    "Label",
    "Type",
    "Kind",
    "Description",
    "Identifier",
    "IRI",
    "Aliases",
    "Wikidata",
    "GeoNames",
    "Notation",
]
EDGE_COLUMNS = ["From", "To", "Type", "Predicate", "Weight", "Sentences"]


@register_exporter(
    "csv",
    "two CSV files Kumu imports as they are, nodes.csv (ID, Label, Type, ...) and edges.csv "
    "(From, To, Type, ...) (-o DIR, or -o PREFIX for PREFIX-*.csv)",
    ".csv",
)
def _csv(source: Any) -> dict[str, bytes]:
    from kg.publish.networkdata import network
    from kg.spreadsheet import csv_bytes, join_values

    net = network(source)
    nodes = [
        [
            n.id,
            n.label,
            n.type,
            n.kind,
            n.description,
            n.identifier,
            n.iri,
            *(join_values(v) for v in (n.aliases, n.wikidata, n.geonames, n.notations)),
        ]
        for n in net.nodes
    ]
    edges = [
        [e.source, e.target, e.relation, e.predicate, e.weight, join_values(e.sentences)]
        for e in net.edges
    ]
    return {
        "nodes.csv": csv_bytes(NODE_COLUMNS, nodes),
        "edges.csv": csv_bytes(EDGE_COLUMNS, edges),
    }


# IATI -------------------------------------------------------------------------------------------


@register_exporter(
    "iati",
    "IATI 2.03 activity XML: one activity per report outcome, its partners as "
    "participating-org with their IATI roles",
    # Not guessed from a name (".xml" is GraphML's and GEXF's too): ask for --format iati.
    ".iati.xml",
)
def _iati(source: Any) -> dict[str, bytes]:
    from kg.publish.iati import render_iati

    return {"": render_iati(_rdflib_graph(source))}
