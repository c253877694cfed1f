"""Reading SPARQL without running it: the refusal suite.

Every request below hides a ``SERVICE`` or ``LOAD`` aimed at a listener on 127.0.0.1 behind a
form of the grammar that a token-scanning check read differently from Oxigraph: comments ended by
a carriage return, escaped quotes inside the four string forms, prefixed names with ``\\#`` and
``\\'`` escapes, codepoint escapes, keywords glued to punctuation. kg must refuse each, locally and
with ``--endpoint`` (a second listener), and neither listener may see a single connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.graph.vocab import ENTITIES_GRAPH, graph_iri
from kg.store.local import sparql_prefixes
from kg.store.sparql import MAX_NESTING, network_keyword, normalize, outer_group, parse
from tests.loopback import LoopbackServer


@pytest.fixture
def listener() -> Iterator[LoopbackServer]:
    opened = LoopbackServer()
    yield opened
    opened.close()


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# Each builds a request aimed at URL that kg must refuse.
HIDDEN = {
    "plain": "SELECT * WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "lower-case": "select * where { service <URL> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <URL> { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { BIND(<URL> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    "nested": "ASK { OPTIONAL { { MINUS { SERVICE <URL> { ?s ?p ?o } } } } }",
    "comment-ended-by-cr": "SELECT * WHERE { ?s ?p ?o # note\rSERVICE <URL> { ?a ?b ?c } }",
    "comment-ended-by-crlf": "SELECT * WHERE { ?s ?p ?o # note\r\nSERVICE <URL> { ?a ?b ?c } }",
    "escaped-quote-long-double": (
        'SELECT * WHERE { ?s ?p """a\\"""" SERVICE <URL> { ?a ?b ?c } } #"""'
    ),
    "escaped-quote-long-single": (
        "SELECT * WHERE { ?s ?p '''a\\'''' SERVICE <URL> { ?a ?b ?c } } #'''"
    ),
    "escaped-quote-short": "SELECT * WHERE { ?s ?p 'a\\'' SERVICE <URL> { ?a ?b ?c } } #'",
    "quote-in-long-string": (
        'SELECT * WHERE { ?s ?p """a""b""" . SERVICE <URL> { ?a ?b ?c } } #"""'
    ),
    "pname-escaped-hash": "SELECT * WHERE { ?s ?p kg:a\\#b . SERVICE <URL> { ?x ?y ?z }\n}",
    "pname-escaped-quote": "SELECT * WHERE { ?s ?p kg:a\\'b . SERVICE <URL> { ?x ?y ?z } } #'",
    "codepoint-escape": "SELECT * WHERE { \\u0053ERVICE <URL> { ?s ?p ?o } }",
    "codepoint-newline-in-comment": (
        "SELECT * WHERE { ?s ?p # \\u000A1234 . SERVICE <URL> { } ?q ?r\n<urn:a> . }"
    ),
    "glued-to-variable": "SELECT * WHERE { ?s ?p ?o.SERVICE <URL> { ?a ?b ?c } }",
    "glued-to-number": "SELECT * WHERE { ?s ?p 1.SERVICE <URL> { ?a ?b ?c } }",
    "after-iri-with-hash": "SELECT * WHERE { ?s ?p <urn:x#y> . SERVICE <URL> { ?a ?b ?c } }",
    "in-construct-where": "CONSTRUCT WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "load": "LOAD <URL>",
    "load-silent-into": "LOAD SILENT <URL> INTO GRAPH <urn:g>",
    "load-after-comment-cr": "# note\rLOAD <URL>",
    "load-in-sequence": "CLEAR SILENT GRAPH <urn:x> ; load <URL>",
    "update-where-service": ("INSERT { ?s ?p ?o } WHERE { SERVICE <URL> { ?s ?p ?o } }"),
}


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_network_requests_are_refused_and_nothing_is_sent(name, filled_store, listener):
    remote = LoopbackServer()
    try:
        text = HIDDEN[name].replace("URL", f"{listener.url}/")
        for args in ([], ["--endpoint", remote.url]):
            result = kg("query", text, "--allow-update", *args)
            assert result.exit_code == 2, result.output
            assert result.stderr.count("\n") == 1
            assert (
                "reaches the network; kg refuses it" in result.stderr
                or "SPARQL syntax error" in result.stderr
            ), result.stderr
    finally:
        remote.close()
    assert listener.connections == 0
    assert remote.connections == 0


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }",
        'SELECT * WHERE { ?s ?p """LOAD <http://x/>""" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
        "SELECT * WHERE { ?s kg:service ?o . ?s <http://example.org/LOAD> ?load }",
        "SELECT ?service WHERE { ?service ?p ?o }",
        "SELECT * WHERE { ?s ?p 'a\\'SERVICE' }",
    ],
)
def test_the_words_inside_strings_iris_names_and_comments_are_no_keywords(text):
    assert network_keyword(normalize(text)) is None
    assert parse(text, sparql_prefixes()).kind == "query"


def test_line_ends_and_codepoint_escapes_are_normalized_once():
    assert normalize("a\r\nb\rc") == "a\nb\nc"
    assert normalize("\\u0041\\U0001F600") == "A\U0001f600"
    with pytest.raises(InputError, match="expands to another escape"):
        normalize("\\u005Cu0041")
    with pytest.raises(InputError, match="not a character"):
        normalize("\\UFFFFFFFF")


def test_the_outer_group_is_found_past_templates_strings_and_comments():
    text = "CONSTRUCT { ?s ?p '{' } # {\nWHERE { ?s ?p ?o }"
    assert text[outer_group(text) :].startswith("{ ?s ?p ?o }")
    assert outer_group("CONSTRUCT WHERE { ?s ?p ?o }") == 16
    assert outer_group("ASK {}") == 4


def test_the_dataset_and_the_iris_a_request_names():
    parsed = parse(
        "SELECT * FROM <urn:a> FROM NAMED kgid:entities WHERE { ?s a kg:Partner }",
        sparql_prefixes(),
    )
    assert parsed.default == ("urn:a",) and parsed.named == (str(ENTITIES_GRAPH),)
    assert "https://w3id.org/kg/ns#Partner" in parsed.iris
    relative = parse("BASE <http://example.org/> SELECT * FROM <x> WHERE { ?s ?p ?o }")
    assert relative.default == ("http://example.org/x",)
    using = parse("DELETE { ?s ?p ?o } USING <urn:u> WHERE { ?s ?p ?o }")
    assert using.kind == "update" and using.default == ("urn:u",)


def count(result) -> int:
    assert result.exit_code == 0, result.output
    return int(result.stdout.splitlines()[1])


def test_from_names_graphs_of_the_store_and_is_honoured(filled_store):
    small = graph_iri("small-report-2023")
    everything = count(kg("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--format", "csv"))
    only_small = count(
        kg("query", f"SELECT (COUNT(*) AS ?n) FROM <{small}> {{ ?s ?p ?o }}", "--format", "csv")
    )
    named = count(
        kg(
            "query",
            f"SELECT (COUNT(*) AS ?n) FROM NAMED <{small}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            "--format",
            "csv",
        )
    )
    assert 0 < only_small == named < everything


@pytest.mark.parametrize("clause", ["FROM <urn:none>", "FROM NAMED <http://127.0.0.1:1/data.ttl>"])
def test_from_a_graph_the_store_does_not_hold_is_refused(filled_store, clause):
    result = kg("query", f"SELECT (COUNT(*) AS ?n) {clause} WHERE {{ ?s ?p ?o }}")
    assert result.exit_code == 2
    assert "holds no such graph" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "update",
    ["CLEAR GRAPH <GRAPH>", "DROP GRAPH <GRAPH>", "MOVE GRAPH <GRAPH> TO <urn:kg:moved>"],
)
def test_updates_on_an_existing_graph_run_without_a_probe(filled_store, update):
    graph = graph_iri("small-report-2023")
    result = kg("query", update.replace("GRAPH>", f"{graph}>", 1), "--allow-update")
    assert result.exit_code == 0, result.output
    assert result.stderr == "update done\n"


@pytest.mark.parametrize("text", ["", "  ", "# only a comment", "PREFIX ex: <http://ex/>"])
def test_empty_sparql_is_refused(text):
    with pytest.raises(InputError, match="the SPARQL is empty"):
        parse(text)


@pytest.mark.parametrize(
    "unit",
    ["'a\\\\'", '"""a\\\\"', "# x\n", "<a>", "ex:a\\\\#", "?v.", "{ }", "a.b", "\\\\u0041", "'''"],
)
def test_the_lexer_reads_in_linear_time(unit):
    """Reading time grows about 4-fold when the text grows 4-fold (generous margin: 9-fold).
    Processor time, the best of five runs: other processes share the machine."""
    import time

    def seconds(n: int) -> float:
        text = "SELECT * WHERE { " + unit * n + " }"
        best = float("inf")
        for _ in range(5):
            start = time.thread_time()
            with contextlib.suppress(InputError):
                network_keyword(text)
            best = min(best, time.thread_time() - start)
        return best

    small, large = seconds(10000), seconds(40000)
    assert large < 0.05 or large < 9 * small, (small, large)


# Requests nested ``n`` deep (groups, parentheses and brackets within one another), each in a
# form the SPARQL grammar recurses deeply for.
NESTED = {
    "groups": lambda n: "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "parentheses": lambda n: (
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * (n - 2) + "1" + ")" * (n - 2) + ") }"
    ),
    "negations": lambda n: (
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "!(" * (n - 2) + "?o" + ")" * (n - 2) + ") }"
    ),
    "signs": lambda n: "ASK { ?s ?p ?o FILTER(" + "-(" * (n - 2) + "1" + ")" * (n - 2) + " = 1) }",
    "functions": lambda n: (
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "STR(" * (n - 2) + "?o" + ")" * (n - 2) + ") }"
    ),
    "exists": lambda n: "ASK { " + "FILTER EXISTS { " * (n - 1) + "?s ?p ?o" + " }" * n,
    "optional": lambda n: "ASK { " + "OPTIONAL { ?s ?p ?o " * (n - 1) + "}" * n,
    "paths": lambda n: "ASK { ?s " + "(" * (n - 1) + "kg:p" + ")" * (n - 1) + " ?o }",
    "blank-nodes": lambda n: "ASK { ?s kg:p " + "[ kg:p " * (n - 1) + "1" + " ]" * (n - 1) + " }",
}


def _deep_in_the_stack(frames: int, work):
    """``work()`` called ``frames`` Python frames deeper than here (as from a server's or a
    command's stack)."""
    return work() if frames == 0 else _deep_in_the_stack(frames - 1, work)


@pytest.fixture
def pyparsing_without_packrat():
    """pyparsing as a kg process has it: matplotlib's mathtext (imported by an earlier test's
    plot) turns on its packrat cache for the whole process, which makes rdflib's grammar recurse
    deeper for each level (see MAX_NESTING)."""
    from pyparsing import ParserElement

    was_on = ParserElement._packratEnabled
    ParserElement.disable_memoization()
    yield
    if was_on:
        ParserElement.enable_packrat()


@pytest.fixture
def pyparsing_with_packrat():
    """pyparsing with matplotlib's packrat cache on, as in a notebook that drew a plot."""
    from pyparsing import ParserElement

    was_on = ParserElement._packratEnabled
    ParserElement.enable_packrat()
    yield
    if not was_on:
        ParserElement.disable_memoization()


@pytest.mark.parametrize("form", sorted(NESTED))
def test_with_packrat_on_a_request_too_deep_to_read_is_one_line(form, pyparsing_with_packrat):
    """With pyparsing's packrat cache on, rdflib's grammar gives up below MAX_NESTING for some
    forms (14 levels of "!("): the request is still refused in one line, never a traceback."""
    try:
        parse(NESTED[form](MAX_NESTING), sparql_prefixes())
    except InputError as refused:
        assert str(refused) == "SPARQL nested too deep for kg to read; flatten it"


@pytest.mark.usefixtures("pyparsing_without_packrat")
@pytest.mark.parametrize("form", sorted(NESTED))
def test_a_request_nested_to_the_limit_is_read_and_one_deeper_is_refused_in_words(form):
    """2,000 nested groups gave "maximum recursion depth exceeded"; below Python's limit the
    depth the grammar could follow changed with the caller's stack."""
    text = NESTED[form](MAX_NESTING)
    assert _deep_in_the_stack(200, lambda: parse(text, sparql_prefixes())).kind == "query"
    for depth in (MAX_NESTING + 1, 2000):
        with pytest.raises(InputError) as caught:
            parse(NESTED[form](depth), sparql_prefixes())
        message = str(caught.value)
        assert message.startswith("SPARQL nested too deep at line 1, column ")
        assert message.endswith(
            f"kg reads at most {MAX_NESTING} levels of {{ }}, ( ) and [ ] within one another"
        )
        assert "recursion" not in message


def test_brackets_in_strings_iris_and_comments_do_not_nest():
    deep = "(" * 100 + "{" * 100 + "[" * 100
    text = f'ASK {{ ?s ?p "{deep}" , <urn:x:{deep.replace("{", "")}> }} # {deep}\n'
    assert parse(text, sparql_prefixes()).kind == "query"


def test_what_the_grammar_cannot_follow_is_refused_in_words_too(monkeypatch):
    """Below kg's own limit, a request rdflib's grammar cannot follow is one line, not
    Python's recursion message."""
    monkeypatch.setattr("kg.store.sparql.MAX_NESTING", 1000)
    calls = "STR(" * 200 + "?o" + ")" * 200
    # An update is read after the query reading fails: its recursion escaped that handler.
    for text in (
        NESTED["functions"](200),
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER({calls}) }}",
    ):
        with pytest.raises(InputError) as caught:
            parse(text, sparql_prefixes())
        assert str(caught.value) == "SPARQL nested too deep for kg to read; flatten it"
