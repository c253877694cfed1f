"""Remote stores: SPARQL 1.1 Protocol queries and updates, and Graph Store Protocol pushes.

A push never leaves a half-written report on the remote store: the report is PUT into a fresh
staging graph, and only once that succeeded does one SPARQL update ``MOVE`` it over the report's
graph (``MOVE`` drops the target and renames the source in one update request, which a SPARQL
store runs as one operation; the same request keeps the remote entities graph,
``kg.store.entities``, in step). If the PUT fails, the report's graph is untouched and the
staging graph is dropped.
"""

from __future__ import annotations

import contextlib
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from kg.errors import InputError, StoreError
from kg.graph.vocab import ENTITIES_GRAPH, graph_iri
from kg.store import entities
from kg.store.local import sparql_prefixes
from kg.store.query import Prepared, Result, check_dataset, collect, prepare

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
_REPORT_GRAPHS = """
SELECT DISTINCT ?g WHERE { GRAPH ?g { ?report a kg:Report ; dcterms:identifier ?slug } }
"""


@dataclass(frozen=True)
class Endpoint:
    """The three URLs of a SPARQL store: query, update and graph store."""

    query: str
    update: str
    store: str

    @classmethod
    def from_url(cls, url: str, update: str | None = None, store: str | None = None) -> Endpoint:
        """Endpoint URLs from one: ``.../query`` (Oxigraph) or ``.../sparql`` (Fuseki) names the
        query service and its siblings ``update`` and ``store``/``data``; a bare base URL gets
        ``/query``, ``/update`` and ``/store`` (Oxigraph's layout). Explicit URLs override."""
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise InputError(f"--endpoint {url!r}: expected an http(s) URL")
        base = url.rstrip("/")
        if base.endswith("/query"):
            base, names = base.removesuffix("/query"), ("query", "update", "store")
        elif base.endswith("/sparql"):
            base, names = base.removesuffix("/sparql"), ("sparql", "update", "data")
        else:
            names = ("query", "update", "store")
        return cls(
            query=f"{base}/{names[0]}",
            update=update or f"{base}/{names[1]}",
            store=store or f"{base}/{names[2]}",
        )


def remote_query(
    endpoint: Endpoint,
    text: str,
    params: dict[str, Any] | None = None,
    *,
    allow_update: bool = False,
    timeout: float | None = None,
) -> Result:
    """Run ``text`` on a remote endpoint over the union of its kg report graphs (named with the
    protocol's ``default-graph-uri``, unless the query picks its graphs itself: ``GRAPH``
    patterns, or ``FROM``/``FROM NAMED`` naming graphs the remote store holds)."""
    return remote_prepared(endpoint, prepare(text, params, allow_update), timeout=timeout)


def remote_prepared(
    endpoint: Endpoint, prepared: Prepared, *, timeout: float | None = None
) -> Result:
    """Run a request ``prepare`` checked on a remote endpoint (see ``remote_query``)."""
    parsed = prepared.parsed
    bound = _with_prefixes(prepared.text)
    chooses = parsed.has_dataset or parsed.graph_patterns
    graphs = [] if chooses and not parsed.has_dataset else report_graphs(endpoint, timeout)
    if parsed.has_dataset:
        held = graphs + ([ENTITIES_GRAPH] if _holds_entities_graph(endpoint, timeout) else [])
        check_dataset(parsed, [str(g) for g in held], endpoint.query)
    if parsed.kind == "update":
        _post(endpoint.update, {"update": bound}, timeout=timeout)
        return Result("update")
    if str(ENTITIES_GRAPH) in parsed.iris and not _holds_entities_graph(endpoint, timeout):
        raise StoreError(
            f"{endpoint.query} holds no kg entities graph, which this query reads "
            "(push the reports with 'kg push', which keeps one)"
        )
    form = [("query", bound)] + [("default-graph-uri", g) for g in ([] if chooses else graphs)]
    body, content_type = _post(
        endpoint.query, form, accept=f"{RESULTS_JSON}, {N_TRIPLES};q=0.9", timeout=timeout
    )
    return _parse(body, content_type, endpoint.query)


def report_graphs(endpoint: Endpoint, timeout: float | None = None) -> list[str]:
    """The IRIs of the kg report graphs the remote store holds."""
    import pyoxigraph

    body, _ = _post(
        endpoint.query,
        {"query": _with_prefixes(_REPORT_GRAPHS)},
        accept=RESULTS_JSON,
        timeout=timeout,
    )
    answer = _results(body, endpoint.query)
    return sorted(row["g"].value for row in answer if isinstance(row["g"], pyoxigraph.NamedNode))


def _holds_entities_graph(endpoint: Endpoint, timeout: float | None) -> bool:
    ask = f"ASK {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }}"
    body, _ = _post(endpoint.query, {"query": ask}, accept=RESULTS_JSON, timeout=timeout)
    return bool(_results(body, endpoint.query))


def push(endpoint: Endpoint, slug: str, ntriples: bytes, timeout: float | None = None) -> None:
    """Upload one report's graph to the remote store, replacing its old graph only on success."""
    target = graph_iri(slug)
    staging = graph_iri(slug, staging=secrets.token_hex(8))
    url = f"{endpoint.store}?{urllib.parse.urlencode({'graph': str(staging)})}"
    try:
        _request(url, ntriples, "PUT", {"Content-Type": N_TRIPLES}, timeout)
        move = " ;\n".join(
            [
                entities.retract(str(target)),
                f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{target}>",
                entities.collect(str(target)),
            ]
        )
        _post(endpoint.update, {"update": move}, timeout=timeout)
    except StoreError:
        _drop_quietly(endpoint, str(staging), timeout)
        raise


def _drop_quietly(endpoint: Endpoint, graph: str, timeout: float | None) -> None:
    with contextlib.suppress(StoreError):
        _post(endpoint.update, {"update": f"DROP SILENT GRAPH <{graph}>"}, timeout=timeout)


def _with_prefixes(text: str) -> str:
    declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sparql_prefixes().items())
    return declared + text


def _post(
    url: str,
    form: dict[str, str] | list[tuple[str, str]],
    accept: str = "*/*",
    timeout: float | None = None,
) -> tuple[bytes, str]:
    data = urllib.parse.urlencode(form).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    return _request(url, data, "POST", headers, timeout)


def _request(
    url: str, data: bytes, method: str, headers: dict[str, str], timeout: float | None
) -> tuple[bytes, str]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    url = url.split("?")[0]
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
        raise StoreError(
            f"{url} refused the request: HTTP {exc.code} {exc.reason}"
            + (f" ({detail})" if detail else "")
        ) from None
    except urllib.error.URLError as exc:
        raise StoreError(f"cannot reach {url} ({exc.reason})") from None
    except TimeoutError:
        raise StoreError(f"{url} did not answer within {timeout:g} s (--timeout)") from None
    except OSError as exc:
        raise StoreError(f"cannot reach {url} ({exc})") from None


def _results(body: bytes, url: str) -> Any:
    import pyoxigraph

    try:
        return pyoxigraph.parse_query_results(body, pyoxigraph.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{url} sent results kg cannot read ({exc})") from None


def _parse(body: bytes, content_type: str, url: str) -> Result:
    import pyoxigraph

    media = content_type.split(";")[0].strip().lower()
    if media == RESULTS_JSON or media == "application/json":
        return collect(_results(body, url))
    if media == N_TRIPLES:
        try:
            return Result(
                "graph", triples=list(pyoxigraph.parse(body, pyoxigraph.RdfFormat.N_TRIPLES))
            )
        except SyntaxError as exc:
            raise StoreError(f"{url} sent triples kg cannot read ({exc})") from None
    raise StoreError(f"{url} answered with {content_type or 'no content type'}, not SPARQL results")
