"""`kg push` and `kg query --endpoint` against a real Oxigraph server."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import cli
from tests.test_remote import free_port, server  # noqa: F401  (the server fixture)


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_push_then_query_the_endpoint(filled_store, server, small_graph):  # noqa: F811
    result = kg("push", "--endpoint", server)
    assert result.exit_code == 0
    assert f"pushed small-report-2023 ({len(small_graph)} triples)" in result.stderr
    assert "pushed unwomen-mexico-2022" in result.stderr
    answer = kg(
        "query",
        "-n",
        "programmes-of-partner",
        "-p",
        "partner=INMUJERES",
        "--endpoint",
        server,
        "--format",
        "csv",
    )
    assert answer.exit_code == 0
    assert "Spotlight Initiative" in answer.stdout and "Global Alliance for Care" in answer.stdout


def test_push_of_an_unknown_report(filled_store, server):  # noqa: F811
    result = kg("push", "--endpoint", server, "nope")
    assert result.exit_code == 2 and "no report 'nope'" in result.stderr


def test_push_to_an_unreachable_endpoint(filled_store):
    url = f"http://127.0.0.1:{free_port()}"
    result = kg("push", "--endpoint", url, "small-report-2023")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: error: cannot reach {url}/")
    assert result.stderr.count("\n") == 1


def test_query_an_unreachable_endpoint():
    url = f"http://127.0.0.1:{free_port()}"
    result = kg("query", "ASK {}", "--endpoint", url)
    assert result.exit_code == 3 and f"cannot reach {url}/query" in result.stderr
