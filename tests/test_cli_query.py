"""`kg query`: saved and ad-hoc SPARQL on the store, formats, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.query import saved_queries


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
    assert "kgpartner:inmujeres a kg:Partner" in result.stdout


def test_every_iri_a_table_prints_reads_back_as_the_same_iri(filled_store):
    """Issue 12 item 5: an IRI printed in a table (a partner, an outcome, a sentence, a graph),
    pasted back into a query, names the same node: kg declares a prefix per kind of thing."""
    query = (
        "SELECT DISTINCT ?node WHERE { { ?node a kg:Partner } UNION { ?node a kg:Outcome } "
        "UNION { ?node a kg:Evidence } UNION { GRAPH ?node { ?s a kg:Report } } }"
    )
    shown = kg("query", query, "--max-rows", "100000")
    assert shown.exit_code == 0
    cells = [line.strip() for line in shown.stdout.splitlines()[2:-1]]
    assert "kgpartner:inmujeres" in cells
    assert "kggraph:unwomen-mexico-2022" in cells
    assert any(c.startswith("kgoutcome:") for c in cells)
    assert any(c.startswith("kgreport:unwomen-mexico-2022\\/sentence\\/") for c in cells)
    values = " ".join(cells)
    back = kg(
        "query",
        f"SELECT ?node WHERE {{ VALUES ?node {{ {values} }} }}",
        "--format",
        "json",
        "--max-rows",
        "100000",
    )
    assert back.exit_code == 0, back.stderr
    full = kg("query", query, "--format", "json", "--max-rows", "100000")
    iris = {b["node"]["value"] for b in json.loads(full.stdout)["results"]["bindings"]}
    assert {b["node"]["value"] for b in json.loads(back.stdout)["results"]["bindings"]} == iris


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
            "no saved query 'partner-overlaps'; known: activities-of-outcome, declared-",
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


def test_a_parameter_reaches_a_subquery(filled_store):
    inside = "SELECT ?p WHERE { { SELECT ?p WHERE { ?p a kg:Place ; skos:prefLabel ?name } } }"
    outside = "SELECT ?p WHERE { ?p a kg:Place ; skos:prefLabel ?name }"
    answers = [
        kg("query", text, "--param", "name=Oaxaca", "--format", "csv") for text in (inside, outside)
    ]
    assert [a.exit_code for a in answers] == [0, 0]
    assert answers[0].stdout == answers[1].stdout
    assert answers[0].stdout.count("\n") == 2  # the header and Oaxaca


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "SELECT ?p WHERE {\n  ?p skos:prefLabel ?l BIND(STR(?l) AS ?name) }",
            "--param name: the query gives ?name a value itself (line 2, column 40)",
        ),
        (
            "SELECT ?p WHERE { VALUES ?name { 'x' } ?p skos:prefLabel ?name }",
            "--param name: the query gives ?name a value itself (line 1, column 26)",
        ),
        ("SELECT ?p WHERE { ?p a kg:Place }", "--param name: the query has no ?name to bind"),
        # Oxigraph's own position, in the text as the user wrote it (not the bound text).
        (
            "SELECT * WHERE { ?s ?p ?o BIND(1 AS ?o) ?s ?p ?name }",
            "SPARQL syntax error at line 1, column 54",
        ),
    ],
)
def test_a_parameter_the_query_cannot_take_fails_in_one_line(filled_store, text, message):
    assert message in one_line_error(kg("query", text, "--param", "name=Oaxaca"))


def test_a_collaboration_is_answered_from_either_side(filled_store):
    def partners(pattern: str) -> list[str]:
        text = (
            f"SELECT DISTINCT ?x WHERE {{ ?i skos:altLabel 'INMUJERES' . {pattern} }} ORDER BY ?x"
        )
        result = kg("query", text, "--format", "csv")
        assert result.exit_code == 0
        return result.stdout.splitlines()[1:]

    forward = partners("?i kg:collaboratesWith ?x")
    assert forward and forward == partners("?x kg:collaboratesWith ?i")


def test_a_table_says_which_values_it_cut(filled_store):
    text = (
        "SELECT ?statement WHERE { ?o a kg:Outcome ; kg:statement ?statement } "
        "ORDER BY ?statement LIMIT 2"
    )
    table = kg("query", text)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[-1] == (
        "(2 rows; 2 values cut at 60 characters, marked …: "
        "--format csv, tsv, json or md gives them whole)"
    )
    whole = kg("query", text, "--format", "tsv").stdout.splitlines()[1]
    assert len(whole) > 60 and whole[1:59] in table.stdout
    short = kg("query", "SELECT ?slug WHERE { ?r a kg:Report ; dcterms:identifier ?slug }")
    assert short.stdout.splitlines()[-1] == "(2 rows)"


@pytest.mark.parametrize("text", ["partner-overlap", " partner-overlaps "])
def test_a_saved_query_name_given_as_sparql_says_use_n(filled_store, text):
    message = one_line_error(kg("query", text))
    assert "is not SPARQL; did you mean -n partner-overlap (the saved query)?" in message


@pytest.mark.parametrize(
    ("query", "param", "spellings"),
    [
        ("partners-of-programme", "programme", ["#EsLoJusto", "EsLoJusto", "es lo justo"]),
        ("partners-in-place", "place", ["Mexico City", "MÉXICO CITY", "mexico-city", "MexicoCity"]),
        ("programmes-of-partner", "partner", ["INMUJERES", "inmujeres", "Inmujeres."]),
        # an IRI as a table prints it, and whole: it pastes back
        (
            "programmes-of-partner",
            "partner",
            ["INMUJERES", "kgpartner:inmujeres", "<https://w3id.org/kg/id/partner/inmujeres>"],
        ),
        ("partners-in-place", "place", ["Mexico City", "kgplace:geonames-3530597"]),
        ("partners-of-programme", "programme", ["Global Alliance for Care", "GAC"]),
    ],
)
def test_saved_queries_resolve_names_as_the_views_do(filled_store, query, param, spellings):
    answers = [kg("query", "-n", query, "--param", f"{param}={s}") for s in spellings]
    assert all(a.exit_code == 0 for a in answers), [a.stderr for a in answers]
    assert answers[0].stdout.splitlines()[-1] != "(0 rows)"
    assert all(a.stdout == answers[0].stdout for a in answers)


def test_an_iri_the_store_does_not_hold_is_an_error_not_an_empty_answer(filled_store):
    for iri in ("kgpartner:nosuch", "<https://w3id.org/kg/id/partner/nosuch>"):
        message = one_line_error(
            kg("query", "-n", "programmes-of-partner", "--param", f"partner={iri}")
        )
        assert message.endswith(
            "--param partner: no partner <https://w3id.org/kg/id/partner/nosuch> in the store\n"
        )


def test_an_unknown_name_in_a_saved_query_is_an_error_with_suggestions(filled_store):
    message = one_line_error(
        kg("query", "-n", "partners-of-programme", "--param", "programme=Spotlite")
    )
    assert "--param programme: no programme named 'Spotlite'; did you mean 'Spotlight" in message
    message = one_line_error(
        kg("query", "-n", "programmes-of-partner", "--param", "partner=Global Alliance for Care")
    )
    assert "no partner named 'Global Alliance for Care' ('Global Alliance for Care' is a" in (
        message
    )


# A value each saved query parameter accepts in the filled store (the bundled report of 2022 and
# the small one of 2023): a saved query with a parameter not listed here fails the tests below,
# so whoever adds one decides what it names.
HELD = {
    "partner": "INMUJERES",
    "programme": "Spotlight Initiative",
    "place": "Oaxaca",
    "outcome": "XM-DAC-41146-MEX_D_1.1",
    "identifier": "XM-DAC-41146-MEX_D_1.1",
    "earlier": "2022",
    "later": "2023",
    "organisation": "INMUJERES",
    "provider": "INMUJERES",
    "receiver": "UNDP",
    "from": "INMUJERES",
    "to": "COLMEX",
}
SAVED_PARAMS = [
    (query.name, param)
    for query in sorted(saved_queries().values(), key=lambda q: q.name)
    for param in query.params
]


def _saved_args(name: str, param: str, value: str) -> list[str]:
    """``kg query -n name`` with ``param`` set to ``value`` and the others to held values."""
    args = ["query", "-n", name]
    for other in saved_queries()[name].params:
        args += ["--param", f"{other}={value if other == param else HELD[other]}"]
    return args


@pytest.mark.parametrize(("name", "param"), SAVED_PARAMS)
def test_every_saved_query_refuses_a_value_the_store_does_not_hold(filled_store, name, param):
    """An unknown name, identifier or year is a one-line error naming the parameter, never an
    empty table (which reads as "nothing there"); with held values the query answers."""
    assert kg(*_saved_args(name, param, HELD[param])).exit_code == 0
    message = one_line_error(kg(*_saved_args(name, param, "Zqxw Nowhere 9")))
    assert f"--param {param}: no " in message and "'Zqxw Nowhere 9'" in message
    message = one_line_error(kg(*_saved_args(name, param, "kgpartner:zqxw-nowhere")))
    assert f"--param {param}: no " in message


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        # A partner's name was matched as an identifier: an empty table.
        ("activities-of-outcome", "identifier", "inmujeres"),
        ("declared-and-narrated-partners", "identifier", "National Women's Institute"),
        ("declared-and-narrated-partners", "identifier", "kgpartner:inmujeres"),
        # A place's name was matched as an organisation's: an empty table.
        ("funders-of-activities", "organisation", "Oaxaca"),
        ("money-flows", "provider", "Oaxaca"),
        ("money-flows", "receiver", "Spotlight Initiative"),
        ("outcome-progress", "outcome", "INMUJERES"),
        ("partners-in-place", "place", "INMUJERES"),
    ],
)
def test_a_saved_query_refuses_a_name_of_another_kind(filled_store, name, param, value):
    message = one_line_error(kg(*_saved_args(name, param, value)))
    assert f"--param {param}: no " in message


def test_an_identifier_is_matched_as_given_with_suggestions(filled_store):
    message = one_line_error(kg(*_saved_args("activities-of-outcome", "identifier", "MEX_D_1.1")))
    assert message == (
        "kg: error: --param identifier: no outcome or activity identifier 'MEX_D_1.1' in the "
        "store (did you mean XM-DAC-41146-MEX_D_1.1?)\n"
    )


def test_a_query_nested_too_deep_is_one_line_not_a_recursion_message(filled_store):
    """2,000 nested groups said "maximum recursion depth exceeded"."""
    from kg.store.sparql import MAX_NESTING

    deep = "SELECT * WHERE " + "{" * 2000 + " ?s ?p ?o " + "}" * 2000
    message = one_line_error(kg("query", deep))
    column = len("SELECT * WHERE ") + MAX_NESTING + 1  # the first brace past the limit
    assert message == (
        f"kg: error: SPARQL nested too deep at line 1, column {column}: kg reads at most "
        f"{MAX_NESTING} levels of {{ }}, ( ) and [ ] within one another\n"
    )
    calls = MAX_NESTING - 2
    held = f"ASK {{ ?s ?p ?o FILTER({'STR(' * calls}?o{')' * calls} = 'INMUJERES') }}"
    result = kg("query", held)
    assert (result.exit_code, result.stdout) == (0, "true\n")
