"""`kg query`: saved and ad-hoc SPARQL on the store, formats, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from kg.cli import cli


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    return result.stderr


def test_list_shows_each_saved_query_with_its_parameters():
    result = kg("query", "--list")
    assert result.exit_code == 0
    assert (
        "programmes-of-partner --param partner=...\n    The programmes a partner" in result.stdout
    )
    assert "partner-overlap\n" in result.stdout


def test_saved_query_with_a_parameter_as_markdown(filled_store):
    result = kg(
        "query", "-n", "programmes-of-partner", "--param", "partner=INMUJERES", "--format", "md"
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "| programme | programmeLabel | kind | roles | sentences | reports |"
    assert "| Global Alliance for Care |" in lines[2]


def test_query_from_a_file_as_json(filled_store, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(
        "SELECT ?slug WHERE { ?r a kg:Report ; dcterms:identifier ?slug } ORDER BY ?slug"
    )
    result = kg("query", "-f", str(path), "--format", "json", "--store", str(filled_store))
    document = json.loads(result.stdout)
    assert [b["slug"]["value"] for b in document["results"]["bindings"]] == [
        "small-report-2023",
        "unwomen-mexico-2022",
    ]


def test_construct_gives_turtle(filled_store):
    result = kg("query", "CONSTRUCT { ?p a kg:Partner } WHERE { ?p a kg:Partner }")
    assert result.exit_code == 0
    assert "kgid:partner\\/inmujeres a kg:Partner" in result.stdout


def test_update_is_refused_then_allowed(filled_store):
    update = "DELETE WHERE { GRAPH ?g { ?r a kg:Report } }"
    assert "--allow-update" in one_line_error(kg("query", update))
    assert kg("query", "ASK { ?r a kg:Report }").stdout == "true\n"
    assert kg("query", update, "--allow-update").exit_code == 0
    assert kg("query", "ASK { ?r a kg:Report }").stdout == "false\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELECT * WHERE {\n ?s ?p\n}"], "SPARQL syntax error at line 2, column 2"),
        (
            ["-n", "partner-overlaps"],
            "no saved query 'partner-overlaps'; known: declared-and-narrated-partners,",
        ),
        (["-n", "evidence-for", "--param", "from=UNDP"], "needs --param to=..."),
        (
            ["SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"],
            "SERVICE reaches the network",
        ),
        (["ASK {}", "-f", "x.rq"], "give one query"),
        (["-f", "absent.rq"], "absent.rq: no such file"),
        (["ASK {}", "--param", "oops"], "expected NAME=VALUE"),
    ],
)
def test_bad_queries_fail_with_one_line(filled_store, args, message):
    assert message in one_line_error(kg("query", *args))


def test_a_missing_store_is_a_clear_error(tmp_path):
    stderr = one_line_error(kg("query", "ASK {}", "--store", str(tmp_path / "none")), 3)
    assert "no store at" in stderr


def test_timeout_stops_a_slow_query(filled_store):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", "from kg.cli import cli; cli()", "query", slow, "--timeout", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert time.monotonic() - started < 15
    assert result.returncode == 3
    assert result.stderr == "kg: error: the query did not finish within 1 s (--timeout)\n"


def kg_process(*args: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    """``kg ARGS`` in a process of its own, and the seconds it took."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", "from kg.cli import cli; cli()", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    return result, time.monotonic() - started


def _values(name: str, count: int) -> str:
    return f"VALUES ?{name} {{ {' '.join(str(i) for i in range(count))} }}"


def test_the_timeout_bounds_a_query_the_old_probe_ran_unbounded(filled_store):
    """Three VALUES blocks of 600 values (216 million rows to count) took 57 s under
    --timeout 2, the syntax probe running outside the limit."""
    slow = f"SELECT (COUNT(*) AS ?n) WHERE {{ {_values('a', 600)} {_values('b', 600)} "
    slow += f"{_values('c', 600)} }}"
    result, seconds = kg_process("query", slow, "--timeout", "2")
    assert result.stderr == "kg: error: the query did not finish within 2 s (--timeout)\n"
    assert result.returncode == 3 and seconds < 12


def test_the_memory_cap_stops_a_query_that_grows(filled_store):
    """An ORDER BY over a cartesian product grew to 3.2 GB; under --max-memory it stops."""
    greedy = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c"
    result, seconds = kg_process("query", greedy, "--max-memory", "900", "--timeout", "60")
    assert result.stderr == (
        "kg: error: the query needed more than 900 MB of memory (--max-memory)\n"
    ), result.stderr
    assert result.returncode == 3 and seconds < 45


def test_the_row_cap_refuses_a_huge_answer(filled_store):
    result = kg("query", "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y }", "--max-rows", "1000")
    assert "the answer has more than 1000 rows (--max-rows)" in one_line_error(result)


@pytest.mark.parametrize("value", ["nan", "inf", "1e308", "-1", "0"])
def test_timeouts_that_are_no_time_limit_are_one_line_errors(filled_store, value):
    assert "--timeout" in one_line_error(kg("query", "ASK {}", "--timeout", value))
