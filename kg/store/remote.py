"""Remote stores: SPARQL 1.1 Protocol queries and updates, and Graph Store Protocol pushes.

A push never leaves a half-written report on the remote store, and never says it pushed what did
not arrive. Each step's answer is checked: each report is PUT into a fresh staging graph, and
the staging graph must then hold every triple sent (a wrong ``--store-url`` that answers 200
and keeps nothing is caught here); one SPARQL update per batch of reports ``MOVE``s them over
their reports' graphs (no ``SILENT``: a missing staging graph is an error, not a deleted report)
and keeps the remote entities graph (``kg.store.entities``) in step; the reports' graphs must
then hold every triple. On a failure the batch's staging graphs are dropped and its reports'
graphs are as they were. Staging graphs a killed push left behind are never counted as reports,
and the next push of that report drops them (found in one query a push, by the report's type
triple, which goes first). No step scans every quad the remote store holds. Only http(s) URLs
are used.

A large report goes in chunks (PUT of the first ``CHUNK_BYTES`` of whole lines into the staging
graph, POST of the rest, which the Graph Store Protocol merges), since servers limit a request's
size; a graph with blank nodes goes whole, as a blank node is scoped to one request. A server
that asks for credentials (HTTP digest or basic authentication, as Virtuoso's
``/sparql-auth`` and ``/sparql-graph-crud-auth`` do) gets them from $KG_ENDPOINT_USER and
$KG_ENDPOINT_PASSWORD, or else from the ``~/.netrc`` entry for its host; never from a URL, and
no message shows them.
"""

from __future__ import annotations

import contextlib
import http.client
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from kg.errors import InputError, StoreError
from kg.graph.vocab import DECLARED_GRAPH, ENTITIES_GRAPH, KG, MERGES_GRAPH, RDF, graph_iri
from kg.store import declared, entities
from kg.store.local import sparql_prefixes
from kg.store.query import (
    Prepared,
    Result,
    SavedQuery,
    check_dataset,
    collect,
    prepare,
    run_saved,
)
from kg.store.worker import DEFAULT_ROWS, Limits, run_bounded

RESULTS_JSON = "application/sparql-results+json"
CHUNK_BYTES = 4 * 1024 * 1024
# Triples a push moves over report graphs per update: few enough that the update's transaction
# stays short (Virtuoso answered "SR171: Transaction timed out" to one of 100,000 under load),
# many enough that a push of 1,000 reports takes a hundred or so.
BATCH_TRIPLES = 20_000
USER_VAR, PASSWORD_VAR = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"
N_TRIPLES = "application/n-triples"
_REPORT_GRAPHS = """
SELECT DISTINCT ?g ?slug WHERE { GRAPH ?g { ?report a kg:Report ; dcterms:identifier ?slug } }
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
        query service and its siblings ``update`` and ``store``/``data``; ``.../sparql-auth``
        (Virtuoso) queries and updates there and keeps graphs at ``sparql-graph-crud-auth``; a
        bare base URL gets ``/query``, ``/update`` and ``/store`` (Oxigraph's layout). Explicit
        URLs override."""
        _http_url("--endpoint", url)
        for option, given in (("--update-url", update), ("--store-url", store)):
            if given is not None:
                _http_url(option, given)
        base = url.rstrip("/")
        if base.endswith("/sparql-auth"):  # Virtuoso, with digest authentication
            base, names = base.removesuffix("/sparql-auth"), ("sparql-auth",) * 2
            names += ("sparql-graph-crud-auth",)
        elif base.endswith("/query"):
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


def _http_url(option: str, url: str) -> None:
    """InputError unless ``url`` is an http(s) URL with a host and, if any, a numeric port."""
    if "@" in url.split("://", 1)[-1].split("/", 1)[0]:
        # Before anything that would echo the URL: its user information may hold a password.
        raise InputError(
            f"{option}: credentials do not go in a URL (they would show in process lists and "
            f"logs); set ${USER_VAR} and ${PASSWORD_VAR} or use ~/.netrc"
        )
    try:
        parsed = urllib.parse.urlsplit(url)
        port = parsed.port
    except ValueError as exc:
        raise InputError(f"{option} {url!r}: not a URL ({exc})") from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InputError(f"{option} {url!r}: expected an http(s) URL")
    if port == 0 or any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise InputError(f"{option} {url!r}: not a URL kg can use")


def remote_query(
    endpoint: Endpoint,
    text: str,
    params: dict[str, Any] | None = None,
    *,
    allow_update: bool = False,
    timeout: float | None = None,
) -> Result:
    """Run ``text`` on a remote endpoint over the dataset the local store gives it: the kg
    report graphs and the declared outcome links as default graph (the protocol's
    ``default-graph-uri``) and, for ``GRAPH`` patterns, the report, entities, merges and
    declared graphs and any graph the query names (``named-graph-uri``); a query whose
    ``FROM``/``FROM NAMED`` names graphs the remote store holds picks its own."""
    return remote_prepared(endpoint, prepare(text, params, allow_update), timeout=timeout)


def query_remote(
    endpoint: Endpoint,
    text: str,
    params: dict[str, Any] | None = None,
    *,
    allow_update: bool = False,
    limits: Limits | None = None,
    saved: SavedQuery | None = None,
) -> Result:
    """Read, check and run ``text`` on a remote endpoint within ``limits``: in a worker process
    that is stopped at the deadline whatever the server does (a socket read's timeout alone
    lets a server that sends a byte a second hold kg for ever)."""
    limits = limits or Limits()
    job = (endpoint, text, params or {}, allow_update, limits.timeout, limits.max_rows, saved)
    return run_bounded(_remote_job, *job, limits=limits)


def _remote_job(
    endpoint: Endpoint,
    text: str,
    params: dict[str, Any],
    allow_update: bool,
    timeout: float | None,
    max_rows: int,
    saved: SavedQuery | None,
) -> Result:
    prepared = prepare(text, params, allow_update)  # refuse before the first request
    return run_saved(
        saved,
        prepared,
        params,
        allow_update,
        lambda p: remote_prepared(endpoint, p, timeout=timeout, max_rows=max_rows),
    )


def remote_prepared(
    endpoint: Endpoint,
    prepared: Prepared,
    *,
    timeout: float | None = None,
    max_rows: int = DEFAULT_ROWS,
) -> Result:
    """Run a request ``prepare`` checked on a remote endpoint (see ``remote_query``)."""
    parsed = prepared.parsed
    bound = _with_prefixes(prepared.text)
    graphs = report_graphs(endpoint, timeout)
    derived = _derived_graphs(endpoint, timeout)
    if parsed.has_dataset:
        check_dataset(parsed, [*graphs, *derived], endpoint.query)
    if parsed.kind == "update":
        _post(endpoint.update, {"update": bound}, timeout=timeout)
        return Result("update")
    if str(ENTITIES_GRAPH) in parsed.iris and str(ENTITIES_GRAPH) not in derived:
        raise StoreError(
            f"{endpoint.query} holds no kg entities graph, which this query reads "
            "(push the reports with 'kg push', which keeps one)"
        )
    # The dataset kg asks over, as the local store's: the report graphs and the declared links
    # as default graph; as named graphs, every graph kg keeps (never a staging graph) and any
    # graph the query names itself (GRAPH <iri>).
    default = [*graphs, *(g for g in derived if g == str(DECLARED_GRAPH))]
    named = sorted({*graphs, *derived, *parsed.iris}) if parsed.graph_patterns else []
    form = [("query", bound)]
    if not parsed.has_dataset:
        form += [("default-graph-uri", g) for g in default]
        form += [("named-graph-uri", g) for g in named]
    body, content_type = _post(
        endpoint.query, form, accept=f"{RESULTS_JSON}, {N_TRIPLES};q=0.9", timeout=timeout
    )
    return _parse(body, content_type, endpoint.query, max_rows)


def report_graphs(endpoint: Endpoint, timeout: float | None = None) -> list[str]:
    """The IRIs of the kg report graphs the remote store holds."""
    import pyoxigraph

    body, _ = _post(
        endpoint.query,
        {"query": _with_prefixes(_REPORT_GRAPHS)},
        accept=RESULTS_JSON,
        timeout=timeout,
    )
    rows = _solutions(_results(body, endpoint.query), endpoint.query)
    return sorted(
        row["g"].value
        for row in rows
        if isinstance(row["g"], pyoxigraph.NamedNode)
        and isinstance(row["slug"], pyoxigraph.Literal)
        and _is_report_graph(row["g"].value, row["slug"].value)
    )


def _is_report_graph(graph: str, slug: str) -> bool:
    """Whether ``graph`` is the report graph of ``slug`` (not a staging graph a killed push
    left behind, nor another graph holding a copy)."""
    try:
        return graph == str(graph_iri(slug))
    except ValueError:
        return False


def _derived_graphs(endpoint: Endpoint, timeout: float | None) -> list[str]:
    """Which of the store-wide graphs kg keeps beside the report graphs (entities, merges,
    declared outcome links) the remote store holds, in that order."""
    import pyoxigraph

    kept = [str(ENTITIES_GRAPH), str(MERGES_GRAPH), str(DECLARED_GRAPH)]
    values = " ".join(f"<{g}>" for g in kept)
    query = (
        f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }}\n"
        "  FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    )
    body, _ = _post(endpoint.query, {"query": query}, accept=RESULTS_JSON, timeout=timeout)
    rows = _solutions(_results(body, endpoint.query), endpoint.query)
    held = {row["g"].value for row in rows if isinstance(row["g"], pyoxigraph.NamedNode)}
    return [g for g in kept if g in held]


def push_derived(endpoint: Endpoint, merges: bytes, timeout: float | None = None) -> None:
    """After reports are pushed, bring to the remote store what kg derives across them: the
    merges graph as the local store holds it (N-Triples ``merges``; none drops the remote one)
    and the declared outcome links, derived there from the report graphs it holds
    (kg.store.declared.rederive_in). StoreError when a step does not take."""
    target = str(MERGES_GRAPH)
    _drop(endpoint, target, timeout)
    url = f"{endpoint.store}?{urllib.parse.urlencode({'graph': target})}"
    for number, chunk in enumerate(chunks(merges) if merges.strip() else []):
        _request(url, chunk, "PUT" if number == 0 else "POST", {"Content-Type": N_TRIPLES}, timeout)
    graphs = report_graphs(endpoint, timeout)
    update = declared.rederive_in(str(DECLARED_GRAPH), graphs) if graphs else ""
    _post(
        endpoint.update,
        {"update": update or f"DROP SILENT GRAPH <{DECLARED_GRAPH}>"},
        timeout=timeout,
    )


def _ask(endpoint: Endpoint, query: str, timeout: float | None) -> bool:
    import pyoxigraph

    body, _ = _post(endpoint.query, {"query": query}, accept=RESULTS_JSON, timeout=timeout)
    answer = _results(body, endpoint.query)
    if not isinstance(answer, pyoxigraph.QueryBoolean):
        raise StoreError(f"{endpoint.query} answered an ASK query with rows, not true or false")
    return bool(answer)


def _solutions(answer: Any, url: str) -> Any:
    import pyoxigraph

    if not isinstance(answer, pyoxigraph.QuerySolutions):
        raise StoreError(f"{url} answered a SELECT query with true or false, not rows")
    return answer


def _leftover_staging(endpoint: Endpoint, timeout: float | None) -> dict[str, list[str]]:
    """The staging graphs earlier pushes left on the remote store, by report slug: one query
    for the whole push, which reads one triple a graph (the report's ``a kg:Report``, which
    ``_upload`` sends first) rather than every quad the server holds."""
    prefix = str(graph_iri(""))
    query = _with_prefixes(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?report a kg:Report } "
        f'FILTER(STRSTARTS(STR(?g), "{prefix}") && CONTAINS(STR(?g), "/staging/")) }}'
    )
    body, _ = _post(endpoint.query, {"query": query}, accept=RESULTS_JSON, timeout=timeout)
    rows = _solutions(_results(body, endpoint.query), endpoint.query)
    found: dict[str, list[str]] = {}
    for row in rows:
        graph = row["g"].value if row["g"] is not None else ""
        slug, _, token = graph.removeprefix(prefix).partition("/staging/")
        if graph.startswith(prefix) and slug and token and graph == _staging_iri(slug, token):
            found.setdefault(slug, []).append(graph)
    return {slug: sorted(graphs) for slug, graphs in found.items()}


def _staging_iri(slug: str, token: str) -> str:
    try:
        return str(graph_iri(slug, staging=token))
    except ValueError:
        return ""


def _counts(endpoint: Endpoint, graphs: list[str], timeout: float | None) -> dict[str, int]:
    """The number of triples in each of ``graphs`` on the remote store (0 for a graph it does
    not hold), in one query."""
    values = " ".join(f"<{graph}>" for graph in graphs)
    query = (
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        " GROUP BY ?g"
    )
    body, _ = _post(endpoint.query, {"query": query}, accept=RESULTS_JSON, timeout=timeout)
    counts = dict.fromkeys(graphs, 0)
    for row in _solutions(_results(body, endpoint.query), endpoint.query):
        try:
            counts[row["g"].value] = int(row["n"].value)
        except (KeyError, TypeError, AttributeError, ValueError):
            raise StoreError(f"{endpoint.query} answered a COUNT query with no count") from None
    return counts


def chunks(ntriples: bytes, size: int = CHUNK_BYTES) -> list[bytes]:
    """``ntriples`` cut at line ends into pieces of about ``size`` bytes (a line longer than
    that is a piece of its own); whole when it holds a blank node, which must stay in one
    request."""
    if len(ntriples) <= size or b"_:" in ntriples:
        return [ntriples]
    pieces, start = [], 0
    while start < len(ntriples):
        end = ntriples.find(b"\n", start + size - 1)
        end = len(ntriples) if end < 0 else end + 1
        pieces.append(ntriples[start:end])
        start = end
    return pieces


@dataclass(frozen=True)
class _Staged:
    """A report uploaded to its staging graph, not yet moved over its report graph."""

    slug: str
    target: str
    staging: str
    sent: int


def push(
    endpoint: Endpoint,
    slug: str,
    ntriples: bytes,
    timeout: float | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> int:
    """Upload one report's graph (sorted N-Triples, one triple a line) to the remote store, in
    pieces of about ``chunk_bytes``, replacing its old graph only once the new one arrived
    whole; return the triples it holds. StoreError, with the report's remote graph as it was,
    when any step does not take."""
    return push_many(endpoint, [(slug, ntriples)], timeout, chunk_bytes)[0][1]


def push_many(
    endpoint: Endpoint,
    reports: Iterable[tuple[str, bytes]],
    timeout: float | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    batch_triples: int = BATCH_TRIPLES,
) -> list[tuple[str, int]]:
    """Upload reports (``(slug, N-Triples)``, read one at a time: an iterator keeps one report
    in memory) as ``push`` does each, and return each slug with the triples its remote graph
    holds. Reports go to staging graphs, whose counts are checked together; then one update
    per batch of about ``batch_triples`` triples moves them over their report graphs and keeps
    the remote entities graph in step (``entities.retract_replaced`` for the report graphs the
    remote store held, ``entities.collect_all``). StoreError when a step does not take: the
    reports of earlier batches are pushed, those of the failing batch are as they were, and
    its staging graphs are dropped."""
    leftovers = _leftover_staging(endpoint, timeout)
    held = set(report_graphs(endpoint, timeout))
    pushed: list[tuple[str, int]] = []
    batch: list[_Staged] = []
    try:
        for slug, ntriples in reports:
            for leftover in leftovers.pop(slug, []):
                _drop(endpoint, leftover, timeout)
            batch.append(_upload(endpoint, slug, ntriples, timeout, chunk_bytes))
            if sum(staged.sent for staged in batch) >= batch_triples:
                pushed += _move(endpoint, batch, held, timeout)
                batch = []
        if batch:
            pushed += _move(endpoint, batch, held, timeout)
            batch = []
    except StoreError:
        for staged in batch:
            _drop_quietly(endpoint, staged.staging, timeout)
        raise
    return pushed


def _upload(
    endpoint: Endpoint, slug: str, ntriples: bytes, timeout: float | None, chunk_bytes: int
) -> _Staged:
    """PUT ``ntriples`` into a fresh staging graph of ``slug`` (then POST the rest, in chunks),
    the report's ``a kg:Report`` triple first: ``_leftover_staging`` finds a staging graph by
    it, even one a push killed during its first chunk left."""
    staging = str(graph_iri(slug, staging=secrets.token_hex(8)))
    staged = _Staged(slug, str(graph_iri(slug)), staging, ntriples.count(b"\n"))
    url = f"{endpoint.store}?{urllib.parse.urlencode({'graph': staging})}"
    try:
        for number, chunk in enumerate(chunks(_report_line_first(ntriples), chunk_bytes)):
            method = "PUT" if number == 0 else "POST"
            _request(url, chunk, method, {"Content-Type": N_TRIPLES}, timeout)
    except StoreError:
        _drop_quietly(endpoint, staging, timeout)
        raise
    return staged


def _report_line_first(ntriples: bytes) -> bytes:
    """``ntriples`` with the line typing the report ``kg:Report`` moved to the front."""
    marker = f"> <{RDF.type}> <{KG.Report}> .\n".encode()
    found = ntriples.find(marker)
    if found < 0:
        return ntriples
    start, end = ntriples.rfind(b"\n", 0, found) + 1, found + len(marker)
    return ntriples[start:end] + ntriples[:start] + ntriples[end:]


def _move(
    endpoint: Endpoint, batch: list[_Staged], held: set[str], timeout: float | None
) -> list[tuple[str, int]]:
    """Check that each staging graph of ``batch`` holds every triple sent, then MOVE them over
    their report graphs in one update that keeps the entities graph in step (``held``: the
    report graphs the remote store holds, updated), and check that the report graphs then hold
    every triple."""
    staged = _counts(endpoint, [s.staging for s in batch], timeout)
    for one in batch:
        if staged[one.staging] != one.sent:
            raise StoreError(
                f"{endpoint.store} took the upload of {one.slug} but {endpoint.query} sees "
                f"{staged[one.staging]} of its {one.sent} triples (is --store-url the graph "
                "store of this endpoint?)"
            )
    targets = list(dict.fromkeys(s.target for s in batch))
    replaced = [target for target in targets if target in held]
    steps = [entities.retract_replaced(replaced)] if replaced else []
    # No SILENT: a missing staging graph is an error, not a deleted report.
    steps += [f"MOVE GRAPH <{s.staging}> TO GRAPH <{s.target}>" for s in batch]
    steps.append(entities.collect_all(targets))
    _post(endpoint.update, {"update": " ;\n".join(steps)}, timeout=timeout)
    moved = _counts(endpoint, [*targets, *(s.staging for s in batch)], timeout)
    for one in batch:
        if moved[one.target] != one.sent or moved[one.staging]:
            raise StoreError(
                f"{endpoint.update} answered the MOVE but the report graph of {one.slug} holds "
                f"{moved[one.target]} of {one.sent} triples (is --update-url the update "
                "service of this endpoint?)"
            )
    held.update(targets)
    return [(s.slug, moved[s.target]) for s in batch]


def push_bounded(
    endpoint: Endpoint,
    location: str,
    slugs: Sequence[str],
    limits: Limits | None = None,
    merges: bytes = b"",
) -> list[tuple[str, int]]:
    """Push the reports ``slugs`` of the store at ``location`` (``push_many``, read from the
    store one at a time), then what kg derives across reports (``push_derived``: the N-Triples
    ``merges`` graph, the declared outcome links), in a worker process stopped at
    ``limits.timeout`` (the whole push); the reports pushed and their triples. A push stopped
    half-way leaves at most staging graphs, which the next push of those reports drops."""
    limits = limits or Limits()
    job = (endpoint, location, list(slugs), merges, limits.timeout)
    return run_bounded(_push_job, *job, limits=limits, what="the push")


def _push_job(
    endpoint: Endpoint, location: str, slugs: list[str], merges: bytes, timeout: float | None
) -> list[tuple[str, int]]:
    from kg.store.local import Store

    with Store.open(location, read_only=True) as store:
        reports = ((slug, store.report_ntriples(slug)) for slug in slugs)
        pushed = push_many(endpoint, reports, timeout)
    push_derived(endpoint, merges, timeout)
    return pushed


def _drop(endpoint: Endpoint, graph: str, timeout: float | None) -> None:
    _post(endpoint.update, {"update": f"DROP SILENT GRAPH <{graph}>"}, timeout=timeout)


def _drop_quietly(endpoint: Endpoint, graph: str, timeout: float | None) -> None:
    with contextlib.suppress(StoreError):
        _drop(endpoint, graph, timeout)


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
    opener = _opener(url)
    url = url.split("?")[0]
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        detail = _error_text(exc.read(), exc.headers.get("Content-Type", ""))[:200]
        if exc.code == 401:
            detail = (
                f"it asks for credentials: set ${USER_VAR} and ${PASSWORD_VAR}, or add the host "
                "to ~/.netrc"
            )
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
    except http.client.HTTPException as exc:
        detail = type(exc).__name__ if not str(exc) else _first(str(exc))
        raise StoreError(f"{url} sent a broken HTTP answer ({detail})") from None
    except ValueError as exc:
        raise StoreError(f"{url}: {_first(str(exc))}") from None


def credentials(url: str) -> tuple[str, str] | None:
    """The user and password for the server of ``url``: $KG_ENDPOINT_USER and
    $KG_ENDPOINT_PASSWORD if both are set, else the ``~/.netrc`` entry for its host (or the
    default entry), else None. InputError for a ~/.netrc kg cannot read."""
    import netrc
    import os

    user, password = os.environ.get(USER_VAR), os.environ.get(PASSWORD_VAR)
    if user and password is not None:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        found = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as exc:
        # Its message may quote a token of the file, a password perhaps: the line only.
        line = exc.lineno
        raise InputError(f"~/.netrc: cannot read it (a syntax error at line {line})") from None
    except OSError as exc:
        raise InputError(f"~/.netrc: cannot read it ({exc.strerror or exc})") from None
    if found is None:
        return None
    login, _, secret = found
    return (login, secret or "") if login else None


def _opener(url: str) -> urllib.request.OpenerDirector:
    """An opener answering digest authentication challenges with ``credentials`` (and basic
    ones over https only: basic sends the password as it is), one per server and user for the
    life of the process, so that a digest challenge once answered is answered ahead of the
    next request (_PreemptiveDigest)."""
    given = credentials(url)
    if given is None:
        return urllib.request.build_opener()
    parts = urllib.parse.urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}/"
    key = (root, *given)
    if key not in _OPENERS:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, root, *given)
        handlers: list[urllib.request.BaseHandler] = [_PreemptiveDigest(passwords)]
        if parts.scheme == "https":  # basic authentication sends the password as it is
            handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
        _OPENERS[key] = urllib.request.build_opener(*handlers)
    return _OPENERS[key]


_OPENERS: dict[tuple[str, str, str], urllib.request.OpenerDirector] = {}


class _PreemptiveDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that, once a server has challenged, sends the answer with each
    later request (the nonce count going up, as RFC 7616 allows). A server such as Virtuoso
    closes the connection on its 401 before reading a large body, which the sender sees as a
    broken pipe instead of the challenge; answering ahead avoids the 401."""

    challenge: str | None = None

    def http_error_auth_reqed(self, auth_header: str, host: str, req: Any, headers: Any) -> Any:
        self.challenge = headers.get(auth_header)
        return super().http_error_auth_reqed(auth_header, host, req, headers)

    def http_request(self, req: Any) -> Any:
        if self.challenge and not req.has_header("Authorization"):
            scheme, _, rest = self.challenge.partition(" ")
            if scheme.lower() == "digest":
                answer = self.get_authorization(
                    req, urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
                )
                if answer:
                    req.add_unredirected_header("Authorization", f"Digest {answer}")
        return req

    https_request = http_request


def _error_text(body: bytes, content_type: str) -> str:
    """An error answer's text on one line: an HTML page's words without its markup, scripts
    and styles (a server's 404 page), other bodies as they are."""
    text = body.decode("utf-8", "replace")
    if "html" in content_type.lower():
        reader = _PageText()
        reader.feed(text)
        reader.close()
        text = " ".join(reader.parts)
    return " ".join(text.split())


class _PageText(HTMLParser):
    """The words of an HTML page, outside ``script`` and ``style``."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _first(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:159] + "…"


def _results(body: bytes, url: str) -> Any:
    import pyoxigraph

    try:
        return pyoxigraph.parse_query_results(body, pyoxigraph.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{url} sent results kg cannot read ({_first(str(exc))})") from None


def _parse(body: bytes, content_type: str, url: str, max_rows: int = DEFAULT_ROWS) -> Result:
    import pyoxigraph

    media = content_type.split(";")[0].strip().lower()
    if media == RESULTS_JSON or media == "application/json":
        try:
            return collect(_results(body, url), max_rows)
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"{url} sent results kg cannot read ({_first(str(exc))})") from None
    if media == N_TRIPLES:
        try:
            return collect(pyoxigraph.parse(body, pyoxigraph.RdfFormat.N_TRIPLES), max_rows)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{url} sent triples kg cannot read ({_first(str(exc))})") from None
    raise StoreError(f"{url} answered with {content_type or 'no content type'}, not SPARQL results")
