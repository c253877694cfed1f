"""Remote stores, against a real Oxigraph server: queries, pushes that replace only on success."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request

import pytest

from kg.errors import InputError, StoreError
from kg.store.local import MEMORY, Store
from kg.store.query import parse_params, run_local, saved_query
from kg.store.remote import CHUNK_BYTES, Endpoint, push, push_many, remote_query, report_graphs
from tests.loopback import LoopbackServer

pytestmark = pytest.mark.server
SMALL = "small-report-2023"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, seconds: float, name: str) -> None:
    """Wait until ``url`` answers; kill ``process`` (the server) and fail if it has not
    within ``seconds`` or has stopped."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"{name} did not start") from None
            time.sleep(0.1)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An Oxigraph server on a free 127.0.0.1 port, stopped after the module's tests."""
    yield from _serve_oxigraph(tmp_path_factory)


def _serve_oxigraph(tmp_path_factory):
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        ["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for_server(f"{base}/query?query=ASK%7B%7D", process, 20, "the oxigraph server")
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
ENTITY_ROWS = "SELECT ?s ?p ?o WHERE { GRAPH kgid:entities { ?s ?p ?o } }"


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


def test_a_push_to_a_web_page_names_the_error_without_its_markup(tmp_path, local):
    """A URL that is a plain web server (Python's http.server answers a PUT with an HTML
    error page): the one-line error holds the page's words, not its HTML."""
    port = free_port()
    process = subprocess.Popen(
        ["python3", "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with pytest.raises(StoreError) as caught:
            push(Endpoint.from_url(url), SMALL, local.report_ntriples(SMALL))
    finally:
        process.terminate()
        process.wait()
    message = str(caught.value)
    assert "refused the request: HTTP 50" in message and "Error code" in message
    assert "<" not in message and "\n" not in message


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


def _reply(body: bytes, content_type: str = "application/sparql-results+json", extra=b""):
    def answer(connection, stopped) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n".encode()
        head += f"Content-Length: {len(body)}\r\n".encode() + extra + b"\r\n"
        connection.sendall(head + body)

    return answer


def _truncated(connection, stopped) -> None:
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b'Content-Length: 5000\r\n\r\n{"head": {"vars": ["g"]}, "results'
    )


def _drip(connection, stopped) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n":
        if stopped.wait(0.3):
            return
        connection.sendall(bytes([byte]))


MISBEHAVING = {
    "garbage": (_reply(b"<html>this is not JSON</html>"), "sent results kg cannot read"),
    "wrong-type": (_reply(b"hello", "text/plain"), "sent results kg cannot read"),
    "truncated": (_truncated, "sent a broken HTTP answer (IncompleteRead"),
    "huge-header": (
        _reply(b"{}", extra=b"X-Padding: " + b"a" * 70_000 + b"\r\n"),
        "sent a broken HTTP answer",
    ),
    "boolean": (_reply(b'{"head": {}, "boolean": true}'), "with true or false, not rows"),
    "drip": (_drip, "did not finish within 3 s (--timeout)"),
}


@pytest.mark.parametrize("name", sorted(MISBEHAVING))
def test_an_endpoint_that_misbehaves_is_a_one_line_error(name):
    from tests.test_cli_query import kg_process

    answer, message = MISBEHAVING[name]
    fake = LoopbackServer(answer)
    try:
        result, seconds = kg_process(
            "query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", fake.url, "--timeout", "3"
        )
    finally:
        fake.close()
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert seconds < 15


def test_the_timeout_bounds_a_slow_query_on_a_real_server(server):
    from tests.test_cli_query import kg_process

    update = (
        "INSERT DATA { GRAPH <urn:kg:slow> { "
        + " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(300))
        + " } }"
    )
    remote_query(Endpoint.from_url(server), update, allow_update=True)
    slow = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j . ?k ?l ?m } }"
    )
    result, seconds = kg_process("query", slow, "--endpoint", server, "--timeout", "2")
    remote_query(Endpoint.from_url(server), "DROP GRAPH <urn:kg:slow>", allow_update=True)
    assert result.stderr == "kg: error: the query did not finish within 2 s (--timeout)\n"
    assert seconds < 12


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:port/", "not a URL"),
        ("http://[::1/query", "not a URL"),
        ("data:text/plain,hello", "expected an http(s) URL"),
        ("file:///etc/passwd", "expected an http(s) URL"),
        ("http:///query", "expected an http(s) URL"),
    ],
)
def test_endpoint_urls_that_are_not_http_are_one_line_errors(url, message):
    with pytest.raises(InputError, match=re.escape(message)):
        Endpoint.from_url(url)
    with pytest.raises(InputError, match=re.escape(message)):
        Endpoint.from_url("http://127.0.0.1:7878", store=url)


@pytest.fixture(scope="module")
def other_server(tmp_path_factory):
    """A second Oxigraph server: a --store-url that answers but is not the endpoint's."""
    yield from _serve_oxigraph(tmp_path_factory)


def _report_triples(endpoint: Endpoint) -> int:
    """The triples of the remote store's reports, as kg query --endpoint counts them."""
    result = remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(result.rows[0][0].value)


def test_a_wrong_store_url_is_caught_and_the_report_kept(server, other_server, local):
    """The staging upload went to another store: the push said 'pushed' and MOVE SILENT left
    the remote store with no graph at all."""
    from kg.graph.vocab import graph_iri

    endpoint = Endpoint.from_url(server)
    data = local.report_ntriples(SMALL)
    push(endpoint, SMALL, data)
    elsewhere = Endpoint.from_url(server, store=f"{other_server}/store")
    with pytest.raises(StoreError, match=r"sees 0 of its \d+ triples \(is --store-url"):
        push(elsewhere, SMALL, data)
    assert count_graph(endpoint, str(graph_iri(SMALL))) == data.count(b"\n")


def test_a_killed_push_leaves_a_staging_graph_no_query_counts_and_the_next_push_drops(
    server, local
):
    from kg.graph.vocab import graph_iri

    endpoint = Endpoint.from_url(server)
    data = local.report_ntriples(SMALL)
    push(endpoint, SMALL, data)
    before = _report_triples(endpoint)
    staging = str(graph_iri(SMALL, staging="killed"))
    request = urllib.request.Request(
        f"{server}/store?graph={staging}",
        data=data,
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    urllib.request.urlopen(request, timeout=10).close()
    assert count_graph(endpoint, staging) == data.count(b"\n")
    assert _report_triples(endpoint) == before
    push(endpoint, SMALL, data)
    assert count_graph(endpoint, staging) == 0
    assert _report_triples(endpoint) == before


def test_push_with_data_urls_sends_nothing(filled_store):
    from click.testing import CliRunner

    from kg.cli import cli

    for option in ("--endpoint", "--store-url", "--update-url"):
        args = ["push", "--endpoint", "http://127.0.0.1:1", option, "data:,hello"]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 2 and "expected an http(s) URL" in result.stderr
        assert "pushed" not in result.stderr


def test_a_remote_from_may_name_only_the_remote_report_graphs(server, local):
    from kg.graph.vocab import graph_iri

    endpoint = Endpoint.from_url(server)
    push(endpoint, SMALL, local.report_ntriples(SMALL))
    own = remote_query(endpoint, f"ASK FROM <{graph_iri(SMALL)}> {{ ?s a kg:Report }}")
    assert own.boolean
    with pytest.raises(InputError, match="holds no such graph"):
        remote_query(endpoint, f"ASK FROM <{server}/data.ttl> {{ ?s ?p ?o }}")
    with pytest.raises(InputError, match="holds no such graph"):
        remote_query(endpoint, "ASK FROM NAMED <urn:kg:none> { GRAPH ?g { ?s ?p ?o } }")


def test_a_large_report_goes_in_chunks_and_arrives_whole(server, local):
    from kg.store.remote import chunks

    endpoint = Endpoint.from_url(server)
    data = local.report_ntriples("unwomen-mexico-2022")
    pieces = chunks(data, 20_000)
    assert len(pieces) > 10 and b"".join(pieces) == data
    assert all(piece.endswith(b"\n") for piece in pieces)
    assert push(endpoint, "unwomen-mexico-2022", data, chunk_bytes=20_000) == data.count(b"\n")
    sent = remote_query(
        endpoint,
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/kg/id/graph/unwomen-mexico-2022>"
        " { ?s ?p ?o } }",
    )
    assert len(sent.triples) == data.count(b"\n")
    blank = b"_:b1 <urn:p> <urn:o> .\n" * 3
    assert chunks(blank, 10) == [blank]


def test_credentials_come_from_the_environment_or_netrc_never_a_url(tmp_path, monkeypatch):
    from kg.store.remote import credentials

    secret = "s3cret-word"
    with pytest.raises(InputError) as caught:
        Endpoint.from_url(f"http://dba:{secret}@127.0.0.1:8890/sparql")
    assert secret not in str(caught.value) and "~/.netrc" in str(caught.value)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    assert credentials("http://127.0.0.1:8890/sparql") is None
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login dba password {secret}\n", encoding="utf-8")
    netrc.chmod(0o600)
    assert credentials("http://127.0.0.1:8890/sparql") == ("dba", secret)
    assert credentials("http://localhost:8890/sparql") is None
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "other")
    assert credentials("http://127.0.0.1:8890/sparql") == ("kg", "other")


def test_no_message_shows_a_password(tmp_path, monkeypatch):
    from kg.store.remote import credentials

    secret = "s3cret-word"
    # A URL kg cannot use for another reason too (its port): the password is still not shown.
    for url in (f"http://dba:{secret}@host:99999/sparql", f"ftp://dba:{secret}@host/x"):
        with pytest.raises(InputError) as caught:
            Endpoint.from_url(url)
        assert secret not in str(caught.value)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login dba password {secret} bogus\n", encoding="utf-8")
    netrc.chmod(0o600)
    with pytest.raises(InputError) as caught:
        credentials("http://127.0.0.1:8890/sparql")
    assert secret not in str(caught.value) and "syntax error at line" in str(caught.value)


def test_basic_authentication_is_answered_over_https_only():
    from urllib.request import HTTPBasicAuthHandler, HTTPDigestAuthHandler

    from kg.store.remote import _opener

    def handlers(url: str) -> set[type]:
        return {type(h) for h in _opener(url).handlers}

    import os

    os.environ["KG_ENDPOINT_USER"], os.environ["KG_ENDPOINT_PASSWORD"] = "kg", "pw"
    try:
        plain, secure = handlers("http://127.0.0.1:1/sparql"), handlers("https://127.0.0.1:1/s")
    finally:
        del os.environ["KG_ENDPOINT_USER"], os.environ["KG_ENDPOINT_PASSWORD"]
    assert HTTPBasicAuthHandler not in plain and HTTPBasicAuthHandler in secure
    assert any(issubclass(h, HTTPDigestAuthHandler) for h in plain)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """A store of two years of Mexico, a year of Guatemala, the bundled report and two IATI
    files (one declaring a bundled outcome): merges, entities and declared links all at work."""
    from pathlib import Path

    from click.testing import CliRunner

    from kg.cli import cli

    data = Path(__file__).parent / "data"
    inputs = [
        data / "years",
        Path(__file__).parent.parent / "data" / "reports" / "unwomen-mexico-2022.txt",
        data / "iati-outcomes" / "unwomen-mexico-outcome-activity.xml",
        data / "iati" / "unicef-sierraleone-2.02-activity.xml",
    ]
    store = tmp_path_factory.mktemp("corpus") / "store"
    result = CliRunner().invoke(cli, ["build", *map(str, inputs), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


SAVED_VALUES = {
    "partner": "Embassy of Sweden",
    "programme": "Spotlight",
    "place": "Oaxaca",
    "from": "INMUJERES",
    "to": "COLMEX",
    "earlier": "2023",
    "later": "2024",
    "outcome": "XM-DAC-41146-MEX_D_1.1",
    "organisation": "UNICEF",
    "provider": "SIDA - Sweden",
    "receiver": "XM-DAC-41122",
    "identifier": "XM-DAC-41146-MEX_D_1.1",
}


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory):
    """An Oxigraph server of its own for the corpus store's push."""
    yield from _serve_oxigraph(tmp_path_factory)


def test_every_saved_query_answers_on_the_endpoint_as_on_the_store(corpus_server, corpus_store):
    """After ``kg push``, each saved query asked with ``--endpoint`` gives the rows the local
    store gives: the report graphs, the merges graph and the declared outcome links all reach
    the server, and queries that name a graph (``GRAPH kgid:merges``) still see the reports."""
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.store.query import saved_queries

    server = corpus_server
    pushed = CliRunner().invoke(cli, ["push", "--endpoint", server, "--store", str(corpus_store)])
    assert pushed.exit_code == 0, pushed.output
    for name, saved in saved_queries().items():
        params = [arg for p in saved.params for arg in ("-p", f"{p}={SAVED_VALUES[p]}")]
        asked = ["query", "-n", name, *params, "--format", "json"]
        here = CliRunner().invoke(cli, [*asked, "--store", str(corpus_store)])
        there = CliRunner().invoke(cli, [*asked, "--endpoint", server])
        assert here.exit_code == 0, (name, here.output)
        assert there.exit_code == 0, (name, there.output)
        assert _concatenated_as_sets(there.stdout) == _concatenated_as_sets(here.stdout), name


def _concatenated_as_sets(answer: str) -> object:
    """A JSON answer with each GROUP_CONCAT value's parts sorted: servers concatenate in their
    own order (README, "SPARQL servers"), so the same rows may join their parts otherwise."""
    import json

    parsed = json.loads(answer)
    for binding in parsed["results"]["bindings"]:
        for term in binding.values():
            for separator in ("; ", " | "):
                if separator in term["value"]:
                    term["value"] = separator.join(sorted(term["value"].split(separator)))
    return parsed


def entity_rows(result) -> set:
    """The rows of ``ENTITY_ROWS``, with booleans in one lexical form (Virtuoso keeps
    ``"false"^^xsd:boolean`` as ``"0"``)."""
    import pyoxigraph

    boolean = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")

    def canonical(term):
        if isinstance(term, pyoxigraph.Literal) and term.datatype == boolean:
            value = "true" if term.value in ("1", "true") else "false"
            return pyoxigraph.Literal(value, datatype=boolean)
        return term

    return {tuple(map(canonical, row)) for row in result.rows}


def replaced_together_keep_the_entities_graph_in_step(endpoint: Endpoint, local: Store) -> None:
    """Two reports that state the same entity triples, replaced in one batch by versions that
    no longer state them: the remote entities graph ends as the local store's (neither old copy
    keeps a triple alive for the other), and the pushes answer what the report graphs hold.
    (Rows, not a CONSTRUCT: Virtuoso answers CONSTRUCT with JSON pyoxigraph cannot read.)"""
    slugs = local.slugs()
    push_many(endpoint, [(slug, local.report_ntriples(slug)) for slug in slugs])
    lines = {slug: local.report_ntriples(slug).splitlines(keepends=True) for slug in slugs}
    shared = {line for line in set(lines[slugs[0]]) & set(lines[slugs[1]]) if b"_:" not in line}
    before = entity_rows(remote_query(endpoint, ENTITY_ROWS))
    changed = {slug: b"".join(line for line in lines[slug] if line not in shared) for slug in slugs}
    pushed = push_many(endpoint, list(changed.items()))
    assert pushed == [(slug, changed[slug].count(b"\n")) for slug in slugs]
    for slug in slugs:
        local.replace_report(slug, changed[slug])
    after = entity_rows(remote_query(endpoint, ENTITY_ROWS))
    assert after == entity_rows(run_local(local, ENTITY_ROWS)) and after
    assert before - after, "the two reports shared no entity triple: the test shows nothing"


def test_reports_replaced_in_one_batch_keep_the_entities_graph_in_step(server, local):
    replaced_together_keep_the_entities_graph_in_step(Endpoint.from_url(server), local)


def killed_after_staging_leaves_nothing_counted(endpoint: Endpoint, local: Store) -> None:
    """A push killed once its staging graphs arrived (whole, or only a first chunk) leaves the
    remote reports as they were, and the next push of the report drops those graphs."""
    from kg.graph.vocab import graph_iri
    from kg.store.remote import N_TRIPLES, _report_line_first, _request, _upload, chunks

    data = local.report_ntriples(SMALL)
    push(endpoint, SMALL, data)
    before = _report_triples(endpoint), report_graphs(endpoint)
    whole = _upload(endpoint, SMALL, data, None, CHUNK_BYTES).staging
    first = chunks(_report_line_first(data), 2_000)[0]
    partial = str(graph_iri(SMALL, staging="killed"))
    _request(f"{endpoint.store}?graph={partial}", first, "PUT", {"Content-Type": N_TRIPLES}, None)
    assert count_graph(endpoint, whole) == data.count(b"\n")
    assert count_graph(endpoint, partial) == first.count(b"\n") < data.count(b"\n")
    assert (_report_triples(endpoint), report_graphs(endpoint)) == before
    assert push(endpoint, SMALL, data) == data.count(b"\n")
    assert count_graph(endpoint, whole) == count_graph(endpoint, partial) == 0
    assert (_report_triples(endpoint), report_graphs(endpoint)) == before


def test_a_push_killed_after_staging_leaves_nothing_counted(server, local):
    killed_after_staging_leaves_nothing_counted(Endpoint.from_url(server), local)


def test_a_push_reads_reports_one_at_a_time_and_moves_them_in_batches(server, local):
    """Each report is read when the one before it is uploaded (an iterator holds one report in
    memory); reports are moved together up to ``batch_triples``, each alone with 1."""
    from kg.store.remote import _leftover_staging

    endpoint = Endpoint.from_url(server)

    def reports(staged: list[set[str]]):
        for number, slug in enumerate([SMALL, "unwomen-mexico-2022"]):
            if number:
                staged.append(set(_leftover_staging(endpoint, None)))
            yield slug, local.report_ntriples(slug)

    for batch_triples, staged_at_second in ((1, set()), (10**9, {SMALL})):
        staged: list[set[str]] = []
        pushed = push_many(endpoint, reports(staged), batch_triples=batch_triples)
        assert [slug for slug, _ in pushed] == [SMALL, "unwomen-mexico-2022"]
        assert staged == [staged_at_second]
    assert not _leftover_staging(endpoint, None)
