"""Network views: one self-contained HTML file per view, drawn by vis-network, that opens offline.

The page embeds vis-network's script and style (from pyvis's package data), our own script and
style, and the view's data as JSON in a non-executed ``<script type="application/json">``. Report
text only ever reaches the page inside that JSON (escaped so it cannot close the tag) or through
``html.escape``; the page's script puts it on screen with ``textContent``, never as HTML. A
Content-Security-Policy with script hashes forbids every request and every other script, so a
name such as ``<img src=x onerror=alert(1)>`` can neither run nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import InputError
from kg.files import write_atomic
from kg.publish.layout import force_layout, separate_labels
from kg.publish.viewgraph import (
    TYPES,
    View,
    ViewSource,
    focus_view,
    overlap_view,
    short_identifier,
    whole_view,
)

VIS_VERSION = "vis-9.1.2"
TYPE_STYLE = {
    "programme": ("Programme", "Programmes", "#e07b24", "diamond", "\u25c6"),
    "partner": ("Partner", "Partners", "#2f6fb5", "dot", "\u25cf"),
    "place": ("Place", "Places", "#2e9155", "triangle", "\u25b2"),
    "outcome": ("Outcome", "Outcomes", "#7a4fb8", "square", "\u25a0"),
}
STYLE_KEYS = ("type", "single", "plural", "color", "shape", "symbol")
FOCUSES = ("programme", "partner", "outcome", "place")
LABEL_LIMIT = 32
LABELLED = 500
"""Views up to this many nodes draw every label at once, so the layout leaves room for them
(kg.publish.layout.separate_labels); larger ones show labels as the reader zooms in (view.js)."""


def view_for(
    graph: Graph | ViewSource,
    *,
    programme: str | None = None,
    partner: str | None = None,
    outcome: str | None = None,
    place: str | None = None,
    overlap: bool = False,
    depth: int | None = None,
) -> View:
    """The view of ``graph`` (an rdflib Graph, or a ViewSource such as a store's) that the
    options ask for: one focus, the overlap, or everything."""
    chosen = check_focus(programme, partner, outcome, place, overlap, depth)
    if overlap:
        view = overlap_view(graph)
        if not view.nodes:
            raise InputError(
                "no two partners act together or share a programme or place (as kg overlap "
                "counts them; a shared outcome does not join them): nothing to draw"
            )
        return view
    if chosen:
        ((type_, name),) = chosen.items()
        return focus_view(graph, type_, name, 1 if depth is None else depth)
    view = whole_view(graph)
    if not view.nodes:
        raise InputError(
            "the graph has no outcomes, programmes, partners or places: nothing to draw"
        )
    return view


def store_view(store: str | None = None, **focus: Any) -> View:
    """The view (``view_for``'s ``focus``) of every report in the store at ``store``, read from
    its entities graph and, for the sentences, only the evidence the view shows: on a store of
    1,000 reports the whole store is never loaded into rdflib. InputError when the store holds
    no report."""
    from kg.sources import empty_store
    from kg.store.local import Store

    with Store.open(store, read_only=True) as opened:
        if not opened.slugs():
            raise empty_store(opened.location)
        return view_for(ViewSource.of_store(opened.oxigraph, opened.holds_union()), **focus)


def check_focus(
    programme: str | None = None,
    partner: str | None = None,
    outcome: str | None = None,
    place: str | None = None,
    overlap: bool = False,
    depth: int | None = None,
) -> dict[str, str]:
    """The one focus asked for (``{type: name}``, or empty), or an InputError for a mix that
    makes no view; cheap, so a command can check before it reads any input."""
    names = (programme, partner, outcome, place)
    chosen = {k: v for k, v in zip(FOCUSES, names, strict=True) if v is not None}
    if len(chosen) + bool(overlap) > 1:
        raise InputError("choose one view: --programme, --partner, --outcome, --place or --overlap")
    if depth is not None and not chosen:
        raise InputError("--depth applies to a focus: --partner, --programme, --outcome or --place")
    return chosen


def write_view(graph: Graph, path: str | Path, **focus: Any) -> Path:
    """Write the view of ``graph`` chosen by ``focus`` (see ``view_for``) as one HTML file."""
    return write_atomic(path, render_html(view_for(graph, **focus)))


def render_html(view: View, layout: bool = True) -> bytes:
    """The HTML page of ``view``; with ``layout`` false, vis-network's physics places the nodes
    (the slow baseline the benchmark compares against)."""
    vis_js = _resource_text("pyvis", f"templates/lib/{VIS_VERSION}/vis-network.min.js")
    vis_css = _resource_text("pyvis", f"templates/lib/{VIS_VERSION}/vis-network.css")
    app_js = _resource_text("kg.publish", "templates/view.js")
    parts = {
        "title": html.escape(view.title),
        "summary": html.escape(summary(view)),
        "csp": _csp([vis_js, app_js]),
        "vis_css": vis_css,
        "app_css": _resource_text("kg.publish", "templates/view.css"),
        "data": _script_json(_payload(view, layout)),
        "vis_js": vis_js,
        "app_js": app_js,
    }
    template = _resource_text("kg.publish", "templates/view.html")
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template)
    return page.encode("utf-8")


def summary(view: View) -> str:
    """One line of counts: nodes by type and links, then the view's notes."""
    counts = Counter(n.type for n in view.nodes)
    kinds = [f"{counts[t]} {TYPE_STYLE[t][counts[t] != 1].lower()}" for t in TYPES if counts[t]]
    nodes, links = _count(len(view.nodes), "node"), _count(len(view.edges), "link")
    notes = "".join(f"; {note}" for note in view.notes)
    return f"{nodes} ({', '.join(kinds)}), {links}{notes}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _payload(view: View, layout: bool) -> dict[str, Any]:
    index = {node.iri: i for i, node in enumerate(view.nodes)}
    programmes = {iri: i for i, iri in enumerate(view.programme_labels)}
    sentences: dict[str, int] = {}
    degree: Counter[int] = Counter()
    pairs = [(index[e.source], index[e.target]) for e in view.edges]
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    labels = [
        _short(node.label if node.type != "outcome" else short_identifier(node.label))
        for node in view.nodes
    ]
    sizes = [round(10 + 4 * min(degree[i], 100) ** 0.5) for i in range(len(view.nodes))]
    positions = force_layout(len(view.nodes), pairs) if layout else None
    if positions is not None and len(positions) <= LABELLED:
        positions = separate_labels(positions, labels, sizes)
    nodes = []
    for i, node in enumerate(view.nodes):
        item: dict[str, Any] = {
            "id": i,
            "name": node.label,
            "label": labels[i],
            "group": node.type,
            "size": sizes[i],
            "iri": node.iri,
        }
        if positions is not None:
            item["x"], item["y"] = positions[i]
        optional = {
            "kind": node.kind,
            "aliases": list(node.aliases),
            "ids": [list(pair) for pair in node.identifiers],
            "text": node.statement,
            "ev": [sentences.setdefault(s, len(sentences)) for s in node.evidence],
            "progs": [programmes[p] for p in node.programmes if p in programmes],
            "roles": list(node.roles),
        }
        item.update({k: v for k, v in optional.items() if v})
        nodes.append(item)
    edges = []
    for i, (edge, (a, b)) in enumerate(zip(view.edges, pairs, strict=True)):
        item = {"id": i, "from": a, "to": b, "rel": edge.relation, "weight": edge.weight}
        optional = {
            "ev": [sentences.setdefault(s, len(sentences)) for s in edge.evidence],
            "shared": list(edge.shared),
        }
        item.update({k: v for k, v in optional.items() if v})
        edges.append(item)
    return {
        "layout": layout,
        "nodes": nodes,
        "edges": edges,
        "sentences": list(sentences),
        "programmes": list(view.programme_labels.values()),
        "types": [dict(zip(STYLE_KEYS, (t, *s), strict=True)) for t, s in TYPE_STYLE.items()],
    }


def _short(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "\u2026"


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` and no line
    separators, so data cannot close the element or start a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
        for s in scripts
    )
    # Our own text (base64 hashes): safe in a double-quoted attribute as it is.
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _resource_text(package: str, name: str) -> str:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    text = _strip_source_map(text)
    if name.endswith(".js") and ("</script" in text.lower() or "<!--" in text):
        raise InputError(f"{package}/{name} cannot be embedded in a <script> element")
    return text


def _strip_source_map(text: str) -> str:
    """Drop ``sourceMappingURL`` comments: the map is not shipped and must not be fetched."""
    return re.sub(r"\n?(//|/\*)# sourceMappingURL=[^\n]*", "", text)
