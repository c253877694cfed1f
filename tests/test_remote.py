"""Remote stores, against a real Oxigraph server: queries, pushes that replace only on success."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

import pytest

from kg.errors import InputError, StoreError
from kg.store.local import MEMORY, Store
from kg.store.query import parse_params, run_local, saved_query
from kg.store.remote import Endpoint, push, remote_query

pytestmark = pytest.mark.server
SMALL = "small-report-2023"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An Oxigraph server on a free 127.0.0.1 port, stopped after the module's tests."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        ["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the oxigraph server did not start") from None
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def local(bundled_graph, small_graph) -> Store:
    store = Store.open(MEMORY)
    store.replace_report("unwomen-mexico-2022", bundled_graph)
    store.replace_report(SMALL, small_graph)
    return store


def count_graph(endpoint: Endpoint, graph: str) -> int:
    result = remote_query(
        endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    return int(result.rows[0][0].value)


def test_pushed_reports_answer_saved_queries_as_the_local_store_does(server, local):
    endpoint = Endpoint.from_url(server)
    for slug in local.slugs():
        push(endpoint, slug, local.report_ntriples(slug))
    for name, params in [
        ("programmes-of-partner", ["partner=inmujeres"]),
        ("evidence-for", ["from=COLMEX", "to=INMUJERES"]),
        ("partner-overlap", []),
    ]:
        text, bound = saved_query(name).text, parse_params(params)
        remote, here = remote_query(endpoint, text, bound), run_local(local, text, bound)
        assert remote.variables == here.variables
        assert remote.rows == here.rows and remote.rows, name


def entities_of(result_triples) -> set:
    return {(t.subject, t.predicate, t.object) for t in result_triples}


ENTITIES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH kgid:entities { ?s ?p ?o } }"


def test_a_push_keeps_the_remote_entities_graph_in_step(server, local):
    endpoint = Endpoint.from_url(server)
    for slug in local.slugs():
        push(endpoint, slug, local.report_ntriples(slug))
    assert entities_of(remote_query(endpoint, ENTITIES).triples) == entities_of(
        run_local(local, ENTITIES).triples
    )
    fewer = b"".join(local.report_ntriples(SMALL).splitlines(keepends=True)[::2])
    push(endpoint, SMALL, fewer)
    local.replace_report(SMALL, fewer)
    remote = entities_of(remote_query(endpoint, ENTITIES).triples)
    assert remote == entities_of(run_local(local, ENTITIES).triples) and remote


def test_a_remote_store_without_an_entities_graph_says_so(server, local):
    endpoint = Endpoint.from_url(server)
    push(endpoint, SMALL, local.report_ntriples(SMALL))
    remote_query(endpoint, "DROP SILENT GRAPH kgid:entities", allow_update=True)
    with pytest.raises(StoreError, match=r"holds no kg entities graph.*kg push"):
        remote_query(endpoint, saved_query("partner-overlap").text)
    push(endpoint, SMALL, local.report_ntriples(SMALL))
    assert remote_query(endpoint, saved_query("partner-overlap").text).rows


def test_a_push_replaces_the_report_graph(server, local):
    endpoint = Endpoint.from_url(f"{server}/query")
    graph = "https://w3id.org/kg/id/graph/" + SMALL
    data = local.report_ntriples(SMALL)
    push(endpoint, SMALL, data)
    push(endpoint, SMALL, b"".join(data.splitlines(keepends=True)[:5]))
    assert count_graph(endpoint, graph) == 5


def test_a_refused_push_leaves_the_remote_graph_as_it_was(server, local):
    endpoint = Endpoint.from_url(server)
    graph = "https://w3id.org/kg/id/graph/" + SMALL
    data = local.report_ntriples(SMALL)
    push(endpoint, SMALL, data)
    broken = data[: len(data) // 2] + b"<http://a/s> <http://a/p> broken .\n"
    with pytest.raises(StoreError, match="refused the request: HTTP 400"):
        push(endpoint, SMALL, broken)
    assert count_graph(endpoint, graph) == data.count(b"\n")
    graphs = remote_query(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not [row for row in graphs.rows if "/staging/" in row[0].value]


def test_a_push_to_a_missing_graph_store_is_refused(server, local):
    endpoint = Endpoint.from_url(server, store=f"{server}/nowhere")
    with pytest.raises(StoreError, match=r"nowhere refused the request: HTTP 404"):
        push(endpoint, SMALL, local.report_ntriples(SMALL))


def test_remote_updates_need_allow_update(server):
    endpoint = Endpoint.from_url(server)
    update = "INSERT DATA { GRAPH <http://example.org/g> { kg:a kg:b kg:c } }"
    with pytest.raises(InputError, match="--allow-update"):
        remote_query(endpoint, update)
    assert remote_query(endpoint, update, allow_update=True).kind == "update"
    assert count_graph(endpoint, "http://example.org/g") == 1


def test_an_unreachable_endpoint():
    endpoint = Endpoint.from_url(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match=r"cannot reach http://127\.0\.0\.1:\d+/query"):
        remote_query(endpoint, "ASK {}", timeout=5)


def test_endpoint_urls():
    assert Endpoint.from_url("http://h:7878") == Endpoint(
        "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"
    )
    assert Endpoint.from_url("http://h/ds/sparql") == Endpoint(
        "http://h/ds/sparql", "http://h/ds/update", "http://h/ds/data"
    )
    with pytest.raises(InputError, match="expected an http"):
        Endpoint.from_url("ftp://h/x")
