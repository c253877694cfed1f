"""``kg serve``'s SPARQL 1.1 Protocol endpoint against a real running server, with the clients
researchers use (SPARQLWrapper, rdflib's SPARQLStore) and plain HTTP for the edge cases."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse

import pytest
from rdflib import Graph, URIRef

from tests.loopback import LoopbackServer
from tests.serving import fill_store, serving

pytestmark = pytest.mark.server

INMUJERES = "https://w3id.org/kg/id/partner/inmujeres"
NAMES = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    f"SELECT DISTINCT ?name WHERE {{ <{INMUJERES}> skos:prefLabel|skos:altLabel ?name }}"
    " ORDER BY ?name"
)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def served(tmp_path_factory, bundled_graph, small_graph):
    where = tmp_path_factory.mktemp("serve") / "store"
    fill_store(where, [("unwomen-mexico-2022", bundled_graph), ("small-report-2023", small_graph)])
    with serving(where, "--timeout", "3") as server:
        yield server


def wrapper(served, fmt: str):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(served.url + "/sparql")
    client.setReturnFormat(fmt)
    return client


def expected_names() -> list[str]:
    return [
        "INMUJERES",
        "Instituto Nacional de las Mujeres",
        "National Institute for Women",
        "National Institute of Women",
        "National Women's Institute",
    ]


# The language of each name (data/gazetteer/partners.csv): TSV writes the tag.
LANGUAGES = {"INMUJERES": "", "Instituto Nacional de las Mujeres": "es"}


def test_select_as_json_with_sparqlwrapper(served):
    client = wrapper(served, "json")
    client.setQuery(NAMES)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert [b["name"]["value"] for b in bindings] == expected_names()


def test_select_as_xml_with_sparqlwrapper(served):
    client = wrapper(served, "xml")
    client.setQuery(NAMES)
    document = client.queryAndConvert()
    values = [n.firstChild.data for n in document.getElementsByTagName("literal")]
    assert values == expected_names()


def test_select_as_csv_and_tsv_with_sparqlwrapper(served):
    client = wrapper(served, "csv")
    client.setQuery(NAMES)
    rows = list(csv.reader(io.StringIO(client.queryAndConvert().decode())))
    assert rows == [["name"], *([n] for n in expected_names())]
    client = wrapper(served, "tsv")
    client.setQuery(NAMES)
    lines = client.queryAndConvert().decode().splitlines()
    assert lines[0] == "?name"
    assert lines[1:] == [
        json.dumps(n, ensure_ascii=False)
        + (f"@{LANGUAGES.get(n, 'en')}" if LANGUAGES.get(n, "en") else "")
        for n in expected_names()
    ]


def test_ask_as_json_and_xml(served):
    for fmt in ("json", "xml"):
        client = wrapper(served, fmt)
        client.setQuery(f"ASK {{ <{INMUJERES}> ?p ?o }}")
        answer = client.queryAndConvert()
        if fmt == "json":
            assert answer["boolean"] is True
        else:
            assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("turtle", "turtle"), ("json-ld", "json-ld"), ("xml", "xml")]
)
def test_construct_in_each_rdf_format_with_sparqlwrapper(served, fmt, rdflib_format):
    client = wrapper(served, fmt)
    client.setQuery(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"CONSTRUCT {{ <{INMUJERES}> skos:altLabel ?n }} WHERE {{ <{INMUJERES}> skos:altLabel ?n }}"
    )
    graph = client.queryAndConvert()
    if not isinstance(graph, Graph):
        graph = Graph().parse(data=graph, format=rdflib_format)
    assert sorted(str(o) for o in graph.objects(URIRef(INMUJERES))) == [
        n for n in expected_names() if n != "National Women's Institute"
    ]


def test_construct_as_ntriples_and_describe_by_negotiation(served):
    query = urllib.parse.urlencode({"query": f"DESCRIBE <{INMUJERES}>"})
    status, headers, body = served.get(f"/sparql?{query}", Accept="application/n-triples")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    graph = Graph().parse(data=body.decode(), format="nt")
    assert (URIRef(INMUJERES), None, None) in graph


def test_rdflib_sparqlstore_reads_the_endpoint(served):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(served.url + "/sparql")
    graph = Graph(store=store)
    names = sorted(str(row.name) for row in graph.query(NAMES))
    assert names == expected_names()
    assert graph.query(f"ASK {{ <{INMUJERES}> ?p ?o }}").askAnswer is True
    built = graph.query(
        f"CONSTRUCT {{ <{INMUJERES}> ?p ?o }} WHERE {{ <{INMUJERES}> ?p ?o }}"
    ).graph
    assert len(built) > 5


def test_post_form_and_post_body_answer_like_get(served):
    import httpx

    url = served.url + "/sparql"
    accept = {"Accept": "application/sparql-results+json"}
    by_form = httpx.post(url, data={"query": NAMES}, headers=accept)
    by_body = httpx.post(
        url, content=NAMES.encode(), headers={**accept, "Content-Type": "application/sparql-query"}
    )
    by_get = httpx.get(url, params={"query": NAMES}, headers=accept)
    assert by_form.status_code == by_body.status_code == by_get.status_code == 200
    assert by_form.json() == by_body.json() == by_get.json()


def test_malformed_query_is_400_with_one_line(served):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = wrapper(served, "json")
    client.setQuery("SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryBadFormed):
        client.queryAndConvert()
    status, headers, body = served.get("/sparql?" + urllib.parse.urlencode({"query": "SELEC"}))
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.decode().count("\n") == 1 and "SPARQL syntax error" in body.decode()
    assert "Traceback" not in body.decode()


def test_a_query_nested_too_deep_is_400_in_words(served):
    """2,000 nested groups answered "maximum recursion depth exceeded"."""
    from kg.store.sparql import MAX_NESTING

    groups = "ASK " + "{" * 2000 + " ?s ?p ?o " + "}" * 2000
    parentheses = "ASK { FILTER(" + "(" * 2000 + "1" + ")" * 2000 + ") }"
    for deep in (groups, parentheses):
        status, headers, body = served.get("/sparql?" + urllib.parse.urlencode({"query": deep}))
        assert status == 400 and headers["content-type"].startswith("text/plain")
        assert body.decode().startswith("SPARQL nested too deep at line 1, column ")
        assert body.decode().count("\n") == 1 and "recursion" not in body.decode()
    calls = MAX_NESTING - 2
    held = f"ASK {{ ?s ?p ?o FILTER({'STR(' * calls}?o{')' * calls} = 'INMUJERES') }}"
    status, _, body = served.get("/sparql?" + urllib.parse.urlencode({"query": held}))
    assert status == 200 and json.loads(body)["boolean"] is True


def test_updates_are_refused_and_change_nothing(served):
    import httpx

    update = f'INSERT DATA {{ <{INMUJERES}> <http://example.org/p> "x" }}'
    url = served.url + "/sparql"
    answers = [
        httpx.post(url, data={"query": update}),
        httpx.post(url, data={"update": update}),
        httpx.post(url, content=update, headers={"Content-Type": "application/sparql-update"}),
        httpx.get(url, params={"query": "DELETE WHERE { ?s ?p ?o }"}),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert all("read-only" in a.text for a in answers)
    ask = httpx.get(
        url,
        params={"query": f"ASK {{ <{INMUJERES}> <http://example.org/p> ?o }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert ask.json()["boolean"] is False
    still = httpx.get(
        url,
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert still.json()["boolean"] is True


def test_sparqlwrapper_update_is_refused(served):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(served.url + "/sparql")
    client.setMethod(POST)
    client.setQuery("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises((SPARQLWrapperException, Exception)) as caught:
        client.query()
    assert "403" in str(caught.value) or "Forbidden" in str(caught.value)


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "LOAD <{url}/data.ttl>",
    ],
)
def test_network_reaching_queries_are_refused_and_nothing_leaves(served, template):
    import httpx

    listener = LoopbackServer()
    try:
        answer = httpx.get(
            served.url + "/sparql", params={"query": template.format(url=listener.url)}
        )
        time.sleep(0.3)
        assert answer.status_code in (400, 403)
        assert answer.text.count("\n") == 1
        assert listener.connections == 0
    finally:
        listener.close()


def test_a_query_over_the_time_limit_is_stopped_and_the_next_answers(served):
    import httpx

    started = time.monotonic()
    slow = httpx.get(served.url + "/sparql", params={"query": SLOW}, timeout=60)
    took = time.monotonic() - started
    assert slow.status_code == 503 and "did not finish within 3 s" in slow.text
    assert took < 20
    client = wrapper(served, "json")
    client.setQuery(NAMES + "\n# asked after the slow one (not an answer kept from before)")
    assert len(client.queryAndConvert()["results"]["bindings"]) == 5


def test_a_slow_query_does_not_block_others(served):
    import threading

    import httpx

    slow = threading.Thread(
        target=lambda: httpx.get(served.url + "/sparql", params={"query": SLOW}, timeout=60)
    )
    slow.start()
    time.sleep(0.5)
    started = time.monotonic()
    quick = httpx.get(
        served.url + "/sparql",
        params={"query": NAMES},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    took = time.monotonic() - started
    slow.join()
    assert quick.status_code == 200 and took < 2.5


def test_content_negotiation_and_bad_requests(served):
    import httpx

    url = served.url + "/sparql"
    select = {"query": NAMES}
    assert httpx.get(url, params=select, headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(url, params=select, headers={"Accept": "text/turtle"}).status_code == 406
    prefer = httpx.get(url, params=select, headers={"Accept": "text/csv;q=0.5, */*;q=0.1"})
    assert prefer.headers["content-type"].startswith("text/csv")
    assert httpx.get(url).status_code == 400
    assert httpx.get(url, params={"query": NAMES, "format": "pdf"}).status_code == 400
    post = httpx.post(url, content=b"query", headers={"Content-Type": "text/plain"})
    assert post.status_code == 415
    assert httpx.put(url, content=b"x").status_code == 405
    huge = httpx.post(url, data={"query": "#" + "x" * (1024 * 1024)})
    assert huge.status_code == 413
    graph = httpx.get(url, params={"query": NAMES, "default-graph-uri": "http://example.org/"})
    assert graph.status_code == 400
    for answer in (post, huge, graph):
        assert answer.text.count("\n") == 1


def test_host_header_must_name_the_server(served):
    import httpx

    rebound = httpx.get(
        served.url + "/sparql", params={"query": NAMES}, headers={"Host": "attacker.example"}
    )
    assert rebound.status_code == 400
    page = httpx.get(served.url + "/", headers={"Host": "attacker.example:8000"})
    assert page.status_code == 400
    assert httpx.get(served.url + "/", headers={"Host": "localhost"}).status_code == 200
    # An IPv6 literal comes in brackets, with or without a port (RFC 3986 section 3.2.2).
    for loopback in ("[::1]", "[::1]:8000"):
        assert httpx.get(served.url + "/", headers={"Host": loopback}).status_code == 200
    assert httpx.get(served.url + "/", headers={"Host": "[::2]:8000"}).status_code == 400


def test_answers_are_kept_and_the_same(served):
    import httpx

    query = {"query": NAMES + "\n# kept"}
    accept = {"Accept": "application/sparql-results+json"}
    first = httpx.get(served.url + "/sparql", params=query, headers=accept)
    again = httpx.get(served.url + "/sparql", params=query, headers=accept)
    assert first.status_code == again.status_code == 200 and first.content == again.content
    anything = httpx.get(served.url + "/sparql", params=query)
    assert anything.headers["content-type"].startswith("application/sparql-results+json")
    csv_answer = httpx.get(served.url + "/sparql", params=query, headers={"Accept": "text/csv"})
    assert csv_answer.headers["content-type"].startswith("text/csv")


def test_saved_overlap_query_answers_as_kg_query_does(served):
    """The server answers the saved partner-overlap query from the answer it keeps (made
    once when it starts); that answer is what ``kg query -n partner-overlap`` gives, whatever
    line ends the text comes with, and as CSV too."""
    import subprocess
    import sys

    import httpx

    from kg.store.query import saved_query

    text = saved_query("partner-overlap").text
    command = [sys.executable, "-m", "kg", "query", "-n", "partner-overlap"]
    command += ["--store", str(served.store), "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    expected = json.loads(done.stdout)
    assert len(expected["results"]["bindings"]) >= 3
    accept = {"Accept": "application/sparql-results+json"}
    for sent in (text, text.replace("\n", "\r\n")):
        answer = httpx.post(served.url + "/sparql", data={"query": sent}, headers=accept)
        assert answer.status_code == 200
        assert answer.json() == expected
    as_csv = httpx.post(
        served.url + "/sparql", data={"query": text}, headers={"Accept": "text/csv"}
    )
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [(r["partnerA"], r["partnerB"], r["total"]) for r in rows] == [
        (b["partnerA"]["value"], b["partnerB"]["value"], b["total"]["value"])
        for b in expected["results"]["bindings"]
    ]


def test_a_saved_answer_over_the_row_cap_is_refused_each_time_in_one_line(served):
    import httpx

    from kg.store.query import saved_query

    query = {"query": saved_query("partner-overlap").text}
    with serving(served.store, "--max-rows", "2") as capped:
        for _ in range(2):
            answer = httpx.post(capped.url + "/sparql", data=query)
            assert answer.status_code == 400 and "more than 2 rows" in answer.text
            assert answer.text.count("\n") == 1
        page = httpx.get(capped.url + "/overlap")
        assert page.status_code == 400 and "more than 2 rows" in page.text


def test_no_cors_unless_asked(served, tmp_path_factory, bundled_graph):
    import httpx

    origin = {"Origin": "http://example.org"}
    answer = httpx.get(served.url + "/sparql", params={"query": NAMES}, headers=origin)
    assert "access-control-allow-origin" not in answer.headers
    where = tmp_path_factory.mktemp("cors") / "store"
    fill_store(where, [("unwomen-mexico-2022", bundled_graph)])
    with serving(where, "--cors", "http://example.org") as other:
        allowed = httpx.get(other.url + "/sparql", params={"query": NAMES}, headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "http://example.org"
        refused = httpx.get(
            other.url + "/sparql", params={"query": NAMES}, headers={"Origin": "http://evil.test"}
        )
        assert "access-control-allow-origin" not in refused.headers


def test_kg_query_with_endpoint_asks_kg_serve_as_it_asks_the_store(served, tmp_path):
    """kg's own client names every report graph as default-graph-uri: kg serve reads that as its
    default graph and answers as the store does, for saved and ad hoc queries."""
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kg", "query", *args, "--format", "csv"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    for args in (
        ("-n", "programmes-of-partner", "--param", "partner=INMUJERES"),
        ("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:Partner }",),
    ):
        remote = run(*args, "--endpoint", served.url + "/sparql")
        local = run(*args, "--store", str(served.store))
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == local.stdout and remote.stdout.count("\n") > 1


def test_a_query_string_that_is_not_utf8_is_400_in_words(served):
    status, _, body = served.get("/sparql?query=ASK%7B%3Fs%20%3Fp%20%22%ED%22%7D")
    assert status == 400
    assert body == (
        b"the query string is not UTF-8 (percent-encode the UTF-8 bytes of each value)\n"
    )


@pytest.mark.parametrize("size", [200_000, 2_000_000])
def test_a_long_get_query_is_answered_not_reset(served, size):
    """A GET whose request line passed h11's default limit (about 128 KiB) was dropped by the
    server while the client still sent: a connection reset, no status. Up to the endpoint's
    size a query now runs; past it, 413 says so."""
    query = urllib.parse.quote("ASK {} #" + "x" * size)
    status, _, body = served.get("/sparql?query=" + query)
    if size < 1024 * 1024:
        assert status == 200 and json.loads(body)["boolean"] is True
    else:
        assert (status, body) == (413, b"the query is over 1024 KiB\n")


def test_the_saved_answers_made_at_start_up_keep_to_the_timeout(tmp_path, bundled_graph):
    """The partner overlap that kg serve answers while it starts ran without --timeout: with a
    big store it ran on however long it took. Past the limit, the pages that need it answer
    503 with a message and the others are served."""
    from kg.store.query import saved_queries

    where = tmp_path / "store"
    fill_store(where, [("unwomen-mexico-2022", bundled_graph)])
    overlap = saved_queries()["partner-overlap"].text
    message = "the saved query partner-overlap did not finish within 0.001 s (--timeout)"
    with serving(where, "--timeout", "0.001") as server:
        status, _, body = server.get("/overlap")
        assert status == 503 and message in body.decode()
        status, _, body = server.get("/overlap.json")
        assert status == 503 and json.loads(body) == {"error": message, "status": 503}
        query = urllib.parse.urlencode({"query": overlap})
        status, _, body = server.get(f"/sparql?{query}")
        assert (status, body.decode()) == (503, message + "\n")
        status, _, body = server.get("/partner/inmujeres")
        assert status == 200 and "National Women&#39;s Institute" in body.decode()
