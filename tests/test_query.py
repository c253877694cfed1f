"""Running SPARQL on the store: saved queries, safe parameters, refusals and result formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from kg.errors import InputError, NotFoundError
from kg.graph.vocab import graph_iri
from kg.store.local import MEMORY, Store
from kg.store.query import (
    bind,
    check_params,
    parse_params,
    prepare,
    render,
    run_local,
    saved_queries,
    saved_query,
)

INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
OA = "http://www.w3.org/ns/oa#"
NAMES = [
    "activities-of-outcome",
    "declared-and-narrated-partners",
    "evidence-for",
    "figures",
    "funders-of-activities",
    "implementers-for-several-funders",
    "money-flows",
    "outcome-progress",
    "outcome-summary",
    "partner-history",
    "partner-overlap",
    "partners-in-place",
    "partners-new-or-gone",
    "partners-of-programme",
    "programmes-in-countries",
    "programmes-of-partner",
]
# Queries that need reports of several countries, which this module's store (two Mexico
# reports) lacks: tests/test_years.py runs them on one that has them.
SEVERAL_COUNTRIES = {"programmes-in-countries"}


@pytest.fixture(scope="module")
def store(bundled_graph, small_graph) -> Store:
    opened = Store.open(MEMORY)
    opened.replace_report("unwomen-mexico-2022", bundled_graph)
    opened.replace_report("small-report-2023", small_graph)
    return opened


def run(store: Store, name: str, **params: str):
    saved = saved_query(name)
    bound = parse_params([f"{k}={v}" for k, v in params.items()])
    check_params(saved, bound)
    return run_local(store, saved.text, bound)


def column(result, name: str) -> list[str]:
    index = result.variables.index(name)
    return [row[index].value if row[index] is not None else None for row in result.rows]


def test_every_saved_query_has_a_description_and_runs(store):
    """Each saved query answers on the bundled report, a small one and IATI activity files
    (tests/data/iati, for the IATI questions; tests/data/iati-outcomes, one declaring an outcome
    of the bundled report)."""
    from pathlib import Path

    from kg.pipeline import build_report

    data = Path(__file__).parent / "data"
    iati = data / "iati" / "unicef-sierraleone-2.02-activity.xml"
    declaring = data / "iati-outcomes" / "unwomen-mexico-outcome-activity.xml"
    store.replace_report("unicef-sierraleone", build_report(iati).graph)
    store.replace_report("unwomen-mexico-outcome-activity", build_report(declaring).graph)
    queries = saved_queries()
    assert sorted(queries) == NAMES
    values = {
        "partner": "INMUJERES",
        "programme": "Spotlight",
        "place": "Oaxaca",
        "from": "INMUJERES",
        "to": "COLMEX",
        "earlier": "2022",
        "later": "2023",
        "outcome": "XM-DAC-41146-MEX_D_1.1",
        "organisation": "UNICEF",
        "provider": "SIDA - Sweden",
        "receiver": "XM-DAC-41122",
        "identifier": "XM-DAC-41146-MEX_D_1.1",
    }
    try:
        _every_query_answers(store, queries, values)
    finally:
        store.remove_report("unicef-sierraleone")
        store.remove_report("unwomen-mexico-outcome-activity")


def _every_query_answers(store, queries, values) -> None:
    for saved in queries.values():
        assert len(saved.description) > 40
        result = run(store, saved.name, **{p: values[p] for p in saved.params})
        assert result.kind == "select", saved.name
        assert bool(result.rows) != (saved.name in SEVERAL_COUNTRIES), saved.name


def test_a_saved_query_is_described_by_its_first_comment_paragraph():
    from kg.store.query import _read_saved

    text = "# Says what it does,\n# in two lines.\n# @param x: a value\n#\n# How it works.\nASK {}"
    saved = _read_saved("demo", text)
    assert (saved.description, saved.params) == ("Says what it does, in two lines.", ("x",))


def _labels(graphs, subject=None, obj=None) -> list[str]:
    """Labels of what the graphs link by kg:hasPartner to ``obj`` or from ``subject``."""
    from rdflib.namespace import SKOS

    from kg.graph.vocab import KG

    found = set()
    for graph in graphs:
        for s, _, o in graph.triples((subject, KG.hasPartner, obj)):
            found.add(str(graph.value(s if subject is None else o, SKOS.prefLabel)))
    return sorted(found)


def test_programmes_of_partner_matches_an_alias_in_any_case(store, bundled_graph, small_graph):
    from kg.graph.vocab import entity_iri

    result = run(store, "programmes-of-partner", partner="inMujeres")
    expected = _labels([bundled_graph, small_graph], obj=entity_iri("partner/inmujeres"))
    assert "Spotlight Initiative" in expected
    assert sorted(column(result, "programmeLabel")) == expected


def test_partners_of_programme_spans_reports(store, bundled_graph, small_graph):
    from kg.graph.vocab import entity_iri

    result = run(store, "partners-of-programme", programme="spotlight initiative")
    spotlight = entity_iri("programme/spotlight-initiative")
    expected = _labels([bundled_graph, small_graph], subject=spotlight)
    assert "United Nations Development Programme" in expected
    assert sorted(column(result, "partnerLabel")) == expected


def test_partners_in_place_by_code(store):
    result = run(store, "partners-in-place", place="MX-OAX")
    labels = column(result, "partnerLabel")
    assert "Oaxaca State Electoral and Citizen Participation Institute" in labels
    assert "United Nations Development Programme" in labels


def test_partner_overlap_counts_shared_outcomes_across_reports(store):
    result = run(store, "partner-overlap")
    rows = {
        (a, b): (p, o, pl, t)
        for a, b, p, o, pl, t in zip(
            column(result, "labelA"),
            column(result, "labelB"),
            column(result, "programmes"),
            column(result, "outcomes"),
            column(result, "places"),
            column(result, "total"),
            strict=True,
        )
    }
    programmes, outcomes, _, _ = rows[
        ("National Women's Institute", "United Nations Development Programme")
    ]
    assert programmes == "1" and int(outcomes) >= 1
    totals = [int(t) for t in column(result, "total")]
    assert totals == sorted(totals, reverse=True)
    assert len(rows) == len(result.rows)  # no duplicate pairs from the union of graphs


def _overlap_oracle(graphs: list[Graph]) -> list[tuple]:
    """partner-overlap's rows computed in Python from the rdflib graphs of the reports: pairs
    that act together or share programmes or places, ranked by those; outcomes apart."""
    from itertools import combinations

    from rdflib.namespace import SKOS

    from kg.graph.vocab import KG

    union = Graph()
    for graph in graphs:
        union += graph
    label = {s: str(o) for s, o in union.subject_objects(SKOS.prefLabel)}
    shared: dict[str, dict] = {"programme": {}, "place": {}, "outcome": {}}
    for kind, predicate, partner_is_subject in [
        ("programme", KG.hasPartner, False),
        ("place", KG.activeIn, True),
        ("outcome", KG.involvesPartner, False),
    ]:
        for s, o in union.subject_objects(predicate):
            partner, thing = (s, o) if partner_is_subject else (o, s)
            if kind == "place" and (None, KG.country, thing) in union:
                continue  # the country a report is about is no shared place
            shared[kind].setdefault(thing, set()).add(partner)

    def ordered(a, b):
        return tuple(sorted((a, b), key=lambda p: (label[p].lower(), label[p], str(p))))

    pairs: dict[tuple, dict[str, list[str]]] = {}
    for kind, partners_of in shared.items():
        for thing, partners in partners_of.items():
            for a, b in combinations(partners, 2):
                pairs.setdefault(ordered(a, b), {k: [] for k in shared})[kind].append(label[thing])
    together = {ordered(a, b) for a, b in union.subject_objects(KG.collaboratesWith) if a != b}
    rows = []
    for pair in set(pairs) | together:
        names = pairs.get(pair, {k: [] for k in shared})
        counts = [len(names[k]) for k in shared]
        acts = int(pair in together)
        total = counts[0] + counts[1] + acts
        if not total:
            continue
        lists = [" | ".join(sorted(names[k], key=lambda n: (n.lower(), n))) for k in shared]
        a, b = pair
        rows.append(
            (
                label[a],
                label[b],
                str(acts),
                *map(str, counts[:2]),
                str(total),
                str(counts[2]),
                *lists,
            )
        )
    return sorted(rows, key=lambda r: (-int(r[5]), r[0].lower(), r[1].lower(), r[0], r[1]))


def test_partner_overlap_gives_each_pair_its_shared_names_and_counts(
    store, bundled_graph, small_graph
):
    result = run(store, "partner-overlap")
    names = ["labelA", "labelB", "together", "programmes", "places", "total", "outcomes"]
    names += ["sharedProgrammes", "sharedPlaces", "sharedOutcomes"]
    rows = list(zip(*(column(result, name) for name in names), strict=True))
    assert rows == _overlap_oracle([bundled_graph, small_graph])
    assert len(rows) > 50


def test_partner_overlap_ranks_pairs_as_kg_overlap_does(store, bundled_graph, small_graph):
    from kg.analysis.network import overlap, read_links

    merged = Graph()
    for graph in (bundled_graph, small_graph):
        merged += graph
    expected = [(p.a.label, p.b.label) for p in overlap(read_links(merged), top=None).pairs]
    result = run(store, "partner-overlap")
    got = list(zip(column(result, "labelA"), column(result, "labelB"), strict=True))
    assert got == expected


def test_partner_overlap_orders_partners_of_one_name_by_iri(tmp_path):
    """Two ministries of health (Mexico's and Peru's: one name, two IRIs) and UNDP share a
    programme: the pairs that tie on every count and name come in IRI order, whatever order the
    store's joins give them, and the two ministries pair up once, in IRI order too."""
    from kg.pipeline import build_report

    from .helpers_reports import report_text

    sentence = (
        "The Ministry of Health and the United Nations Development Programme (UNDP) "
        "implemented the Spotlight Initiative."
    )
    opened = Store.open(MEMORY)
    for slug, country in [("peru-2023", "Peru"), ("mexico-2023", "Mexico")]:
        path = tmp_path / f"{slug}.txt"
        path.write_text(report_text(sentence, country), encoding="utf-8")
        opened.replace_report(slug, build_report(path).graph)
    result = run(opened, "partner-overlap")
    pairs = list(zip(column(result, "partnerA"), column(result, "partnerB"), strict=True))
    ministries = sorted(
        {iri for pair in pairs for iri in pair if "ministry-of-health" in iri.lower()}
    )
    undp = next(iri for pair in pairs for iri in pair if "ministry-of-health" not in iri.lower())
    assert len(ministries) == 2
    # UNDP acts with each ministry (total 2); the two ministries only share the programme (1).
    assert pairs == [(ministries[0], undp), (ministries[1], undp), tuple(ministries)]


def test_evidence_for_gives_the_sentences_of_both_reports(store):
    result = run(store, "evidence-for", **{"from": "colmex", "to": "National Women's Institute"})
    reports = set(column(result, "report"))
    assert reports == {"unwomen-mexico-2022", "small-report-2023"}
    for sentence in column(result, "sentence"):
        assert "COLMEX" in sentence or "Colegio" in sentence


def test_outcome_summary_counts_each_kind_per_outcome(store, bundled_graph, small_graph):
    from rdflib.namespace import DCTERMS, RDF

    from kg.graph.vocab import KG

    graphs = [bundled_graph, small_graph]

    def count(outcome, predicate, inverse=False) -> int:
        found = set()
        for graph in graphs:
            if inverse:
                found |= {
                    s
                    for s in graph.subjects(predicate, outcome)
                    if (s, RDF.type, KG.Figure) in graph
                }
            else:
                found |= set(graph.objects(outcome, predicate))
        return len(found)

    expected = {}
    for outcome in bundled_graph.objects(None, KG.hasOutcome):
        expected[str(bundled_graph.value(outcome, DCTERMS.identifier))] = [
            str(count(outcome, KG.involvesPartner)),
            str(count(outcome, KG.involvesProgramme)),
            str(count(outcome, KG.concernsPlace)),
            str(count(outcome, KG.inOutcome, inverse=True)),
            str(bundled_graph.value(outcome, KG.statement)),
        ]
    result = run(store, "outcome-summary")
    names = ["partners", "programmes", "places", "figures", "statement"]
    got = {
        row[1].value: [row[result.variables.index(n)].value for n in names]
        for row in result.rows
        if row[0].value == "unwomen-mexico-2022"
    }
    assert got == expected
    assert "0" in {row[3] for row in got.values()}  # an outcome without figures counts 0
    keys = [(row[0].value, row[1].value) for row in result.rows]
    assert keys == sorted(keys)


def test_parameters_are_bound_as_terms_not_pasted(store):
    hostile = 'x") || true || ("'
    result = run(store, "programmes-of-partner", partner=hostile)
    assert result.rows == []
    assert bind("SELECT * { ?s ?p ?partner }", parse_params([f"partner={hostile}"]))[0] == (
        'SELECT * { VALUES (?partner) { ("x\\") || true || (\\"") } ?s ?p ?partner }'
    )


def test_bind_places_values_in_the_where_group_of_a_construct():
    text = "CONSTRUCT { ?s ?p '{' } WHERE { ?s ?p ?o } # {"
    bound, _ = bind(text, parse_params(["o=<http://example.org/x>"]))
    assert bound == (
        "CONSTRUCT { ?s ?p '{' } WHERE { VALUES (?o) { (<http://example.org/x>) } ?s ?p ?o } # {"
    )


def test_bad_parameters():
    with pytest.raises(InputError, match="expected NAME=VALUE"):
        parse_params(["partner"])
    with pytest.raises(InputError, match="not an IRI"):
        parse_params(["p=<not an iri>"])
    saved = saved_query("evidence-for")
    with pytest.raises(InputError, match=r"needs --param to=\.\.\."):
        check_params(saved, parse_params(["from=INMUJERES"]))
    with pytest.raises(InputError, match="takes from, to, not colour"):
        check_params(saved, parse_params(["from=a", "to=b", "colour=red"]))


def test_an_unknown_saved_query_lists_the_known_ones():
    with pytest.raises(
        NotFoundError, match="known: activities-of-outcome, declared-and-narrated-partners, "
    ):
        saved_query("partner-overlaps")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("SELECT * WHERE { ?s ?p 'INSERT' } # DELETE", "query"),
        ("PREFIX ex: <http://ex/> ASK { ?s ex:load ?o }", "query"),
        ("PREFIX ex: <http://ex/>\ninsert data { ex:a ex:b ex:c }", "update"),
        ("CLEAR ALL", "update"),
        ("DELETE WHERE { ?s ?p ?o }", "update"),
    ],
)
def test_the_kind_of_request_is_read_from_its_parse(text, kind):
    assert prepare(text, None, allow_update=True).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "load <http://example.org/data.ttl>",
    ],
)
def test_network_reaching_sparql_is_refused(store, text):
    with pytest.raises(InputError, match="reaches the network"):
        run_local(store, text, allow_update=True)


def test_updates_need_allow_update():
    store = Store.open(MEMORY)
    update = "INSERT DATA { GRAPH <http://example.org/g> { kg:a kg:b kg:c } }"
    with pytest.raises(InputError, match="--allow-update"):
        run_local(store, update)
    assert run_local(store, update, allow_update=True).kind == "update"
    assert len(store.oxigraph) == 1


def test_syntax_errors_name_line_and_column(store):
    with pytest.raises(InputError, match=r"^SPARQL syntax error at line 2, column \d+: "):
        run_local(store, "SELECT *\nWHERE { ?s ?p }")


SELECT = """SELECT ?label ?n ?note WHERE {
  VALUES (?label ?n ?note) { ("a|b, \\"c\\"" 1 UNDEF) ("plain" 2 "é"@fr) }
} ORDER BY ?n"""


def test_formats(store):
    result = run_local(store, SELECT)
    rows = list(csv.reader(io.StringIO(render(result, "csv").decode())))
    assert rows == [["label", "n", "note"], ['a|b, "c"', "1", ""], ["plain", "2", "é"]]
    assert render(result, "csv").count(b"\r\n") == 3
    assert render(result, "tsv").decode().splitlines() == [
        "?label\t?n\t?note",
        f'"a|b, \\"c\\""\t"1"^^<{INTEGER}>\t',
        f'"plain"\t"2"^^<{INTEGER}>\t"é"@fr',
    ]
    document = json.loads(render(result, "json"))
    assert document["head"]["vars"] == ["label", "n", "note"]
    first, second = document["results"]["bindings"]
    assert first["n"] == {
        "type": "literal",
        "value": "1",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert "note" not in first and second["note"] == {
        "type": "literal",
        "value": "é",
        "xml:lang": "fr",
    }
    assert render(result, "md").decode().splitlines()[2] == '| a\\|b, "c" | 1 |  |'
    table = render(result, "table").decode().splitlines()
    assert table[0].split() == ["label", "n", "note"] and table[-1] == "(2 rows)"


def test_ask_and_construct(store, small_graph):
    assert render(run_local(store, "ASK { ?p a kg:Partner }")) == b"true\n"
    assert json.loads(render(run_local(store, "ASK { ?p a kg:Nothing }"), "json")) == {
        "head": {},
        "boolean": False,
    }
    graph = graph_iri("small-report-2023")
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    data = render(run_local(store, construct))
    assert data == render(run_local(store, construct))
    assert isomorphic(Graph().parse(data=data, format="turtle"), as_stored(small_graph))


def as_stored(graph: Graph) -> Graph:
    """``graph`` as Oxigraph stores it: it keeps xsd:nonNegativeInteger values as xsd:integer."""
    stored = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
            o = Literal(str(o), datatype=XSD.integer)
        stored.add((s, p, o))
    return stored


def test_partner_history_finds_a_partner_by_a_label_with_a_language_tag(store):
    """The gazetteer's labels carry a language tag ("National Women's Institute"@en) and name
    parameters are bound as plain literals (kg.store.names): the history matched neither."""
    label = run_local(
        store, "SELECT ?label WHERE { kgpartner:inmujeres skos:prefLabel ?label }"
    ).rows[0][0]
    assert label.language == "en"
    by_label = run(store, "partner-history", partner=label.value)
    assert by_label.rows
    assert by_label.rows == run(store, "partner-history", partner="INMUJERES").rows


def test_figures_name_what_each_figure_is_about_in_alphabetical_order(store, bundled_graph):
    """Each figure's row names the entities its sentence names (kg:about, from the report's
    graph: the oracle), once each, in alphabetical order ignoring case."""
    from rdflib.namespace import SKOS

    from kg.graph.vocab import KG

    result = run(store, "figures")
    mexico = [i for i, r in enumerate(column(result, "report")) if r == "unwomen-mexico-2022"]
    figures = column(result, "figure")
    sentences = column(result, "sentence")
    about = column(result, "about")
    expected = {}
    for node in bundled_graph.subjects(KG.value, None):
        names = {
            str(bundled_graph.value(e, SKOS.prefLabel))
            for e in bundled_graph.objects(node, KG.about)
        }
        for evidence in bundled_graph.objects(node, KG.evidence):
            sentence = str(bundled_graph.value(evidence, URIRef(OA + "exact")))
            key = (str(bundled_graph.value(node, RDFS.label)), sentence)
            expected[key] = sorted(names, key=str.casefold)
    assert len(mexico) == len(expected) > 20
    assert sum(1 for i in mexico if about[i]) > 20
    for i in mexico:
        names = about[i].split(" | ") if about[i] else []
        assert names == expected[(figures[i], sentences[i])]
