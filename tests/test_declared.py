"""IATI activities linked to the report outcomes they declare (kg.store.declared): an activity
whose iati-identifier is an outcome's identifier, or whose related-activity points to one, is
linked to it in a store holding both, whichever was built first, with the element as evidence."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.graph.rdfterms import to_graph
from kg.graph.validate import validate
from kg.graph.vocab import KG, KGIATI, outcome_iri
from kg.pipeline import build_report
from kg.readers.registry import read_document
from kg.store.local import Store, sparql_prefixes
from tests.conftest import BUNDLED

DATA = Path(__file__).parent / "data" / "iati-outcomes"
SAME_ID = DATA / "unwomen-mexico-outcome-activity.xml"
RELATED = DATA / "spotlight-mexico-related-activity.xml"
UNRELATED = Path(__file__).parent / "data" / "iati" / "unicef-sierraleone-2.02-activity.xml"
ROOT = "/iati-activities/iati-activity"
LINKS = """
SELECT ?activity ?outcome ?xpath ?file ?count WHERE {
  ?activity kg:declaresOutcome ?outcome .
  ?link kg:linkSubject ?activity ; kg:linkPredicate kg:declaresOutcome ; kg:linkObject ?outcome ;
    kg:evidence ?evidence ; kg:evidenceCount ?count ; prov:hadPrimarySource ?source .
  ?evidence rdf:value ?xpath .
  ?source dcterms:identifier ?file .
}"""


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _outcome(identifier: str) -> str:
    """The IRI the bundled report gives its outcome ``identifier``."""
    statement = {o.id: o.statement for o in read_document(BUNDLED).outcomes}[identifier]
    return str(outcome_iri(identifier, statement))


def _links(store: Store) -> set[tuple[str, str, str, str, int]]:
    rows = store.oxigraph.query(LINKS, prefixes=sparql_prefixes())
    return {
        (
            r["activity"].value,
            r["outcome"].value,
            r["xpath"].value,
            r["file"].value,
            int(r["count"].value),
        )
        for r in rows
    }


def _expected() -> set[tuple[str, str, str, str, int]]:
    same = "XM-DAC-41146-MEX_D_1.1"
    return {
        (
            str(outcome_iri(same)),
            _outcome(same),
            f"{ROOT}/iati-identifier",
            "unwomen-mexico-outcome-activity",
            1,
        ),
        (
            str(outcome_iri("XM-DAC-41146-MEX_SPOTLIGHT_2022")),
            _outcome("XM-DAC-41146-MEX_D_2.1"),
            f"{ROOT}/related-activity",
            "spotlight-mexico-related-activity",
            1,
        ),
    }


@pytest.mark.parametrize(
    "order",
    [(BUNDLED, SAME_ID, RELATED), (SAME_ID, RELATED, BUNDLED), (SAME_ID, BUNDLED, RELATED)],
    ids=["report-first", "report-last", "report-between"],
)
def test_kg_build_links_activities_to_outcomes_in_any_order(tmp_path, order):
    store = str(tmp_path / "store")
    for path in order:
        assert kg("build", str(path), "--store", store).exit_code == 0
    with Store.open(store) as opened:
        assert _links(opened) == _expected()


def test_one_kg_build_of_reports_and_activities_links_them(tmp_path):
    # A new store is bulk-loaded (kg.store.local.bulk_load_new), a path of its own.
    store = str(tmp_path / "store")
    assert kg("build", str(BUNDLED), str(SAME_ID), str(RELATED), "--store", store).exit_code == 0
    with Store.open(store) as opened:
        assert _links(opened) == _expected()


def test_the_links_follow_what_the_store_holds(bundled_graph):
    store = Store.open(":memory:")
    store.replace_report("unwomen-mexico-2022", bundled_graph)
    store.replace_report("unwomen-mexico-outcome-activity", build_report(SAME_ID).graph)
    store.replace_report("spotlight-mexico-related-activity", build_report(RELATED).graph)
    store.replace_report("unicef-sierraleone", build_report(UNRELATED).graph)
    assert _links(store) == _expected()
    store.remove_report("unwomen-mexico-outcome-activity")
    assert {link[3] for link in _links(store)} == {"spotlight-mexico-related-activity"}
    store.remove_report("unwomen-mexico-2022")
    assert _links(store) == set()
    derived = f"ASK {{ ?link <{KG.linkPredicate}> <{KGIATI.declaresOutcome}> }}"
    assert not bool(store.oxigraph.query(derived))
    store.replace_report("unwomen-mexico-2022", bundled_graph)
    assert {link[3] for link in _links(store)} == {"spotlight-mexico-related-activity"}
    # Reloading a report does not stack links; the store made anew has the same ones.
    store.replace_report("unwomen-mexico-2022", bundled_graph)
    before = _links(store)
    store.rederive()
    assert _links(store) == before and len(before) == 1


def test_the_derived_links_stay_out_of_exports_and_report_graphs(tmp_path, bundled_graph):
    store = Store.open(":memory:")
    store.replace_report("unwomen-mexico-2022", bundled_graph)
    store.replace_report("unwomen-mexico-outcome-activity", build_report(SAME_ID).graph)
    declares = str(KGIATI.declaresOutcome)
    assert _links(store)
    assert not any(q.predicate.value == declares for q in store.quads())


def test_a_store_holding_a_report_and_its_activities_conforms(bundled_graph):
    store = Store.open(":memory:")
    store.replace_report("unwomen-mexico-2022", bundled_graph)
    store.replace_report("unwomen-mexico-outcome-activity", build_report(SAME_ID).graph)
    store.replace_report("spotlight-mexico-related-activity", build_report(RELATED).graph)
    import pyoxigraph

    default = store.oxigraph.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())
    graph = to_graph({(q.subject, q.predicate, q.object) for q in default})
    report = validate(graph)
    assert report.conforms, report.violations[:5]
    # The shapes ask each link for evidence: a link whose kg:Link is gone is a violation.
    for link in graph.subjects(KG.linkPredicate, KGIATI.declaresOutcome):
        graph.remove((link, None, None))
    assert not validate(graph).conforms


def test_an_activity_naming_no_report_outcome_is_linked_to_nothing(bundled_graph):
    store = Store.open(":memory:")
    store.replace_report("unwomen-mexico-2022", bundled_graph)
    store.replace_report("unicef-sierraleone", build_report(UNRELATED).graph)
    assert _links(store) == set()
    # An activity pointing to another activity (not a report's outcome) is no outcome link.
    store.replace_report("unwomen-mexico-outcome-activity", build_report(SAME_ID).graph)
    parent = RELATED.read_text("utf-8").replace(
        'related-activity ref="XM-DAC-41146-MEX_D_2.1"',
        'related-activity ref="XM-DAC-41146-MEX_D_1.1"',
    )
    child = DATA.parent / "child.xml"
    try:
        child.write_text(parent, encoding="utf-8")
        store.replace_report("child", build_report(child).graph)
    finally:
        child.unlink()
    linked = {(a.rsplit("/", 1)[-1], o) for a, o, *_ in _links(store)}
    assert linked == {
        ("XM-DAC-41146-MEX_D_1.1", _outcome("XM-DAC-41146-MEX_D_1.1")),
        ("XM-DAC-41146-MEX_SPOTLIGHT_2022", _outcome("XM-DAC-41146-MEX_D_1.1")),
    }


def test_the_saved_query_names_each_activity_and_the_element(tmp_path):
    store = str(tmp_path / "store")
    for path in (RELATED, SAME_ID, BUNDLED):
        assert kg("build", str(path), "--store", store).exit_code == 0

    def rows(identifier: str) -> list[list[str]]:
        args = ["query", "-n", "activities-of-outcome", "--store", store, "--format", "csv"]
        result = kg(*args, "-p", f"identifier={identifier}")
        assert result.exit_code == 0
        return list(csv.reader(io.StringIO(result.output.lstrip("\ufeff"))))[1:]

    assert rows("XM-DAC-41146-MEX_D_1.1") == [
        [
            "unwomen-mexico-2022",
            "XM-DAC-41146-MEX_D_1.1",
            "Gender-responsive planning and budgeting in Mexico",
            "unwomen-mexico-outcome-activity",
            f"{ROOT}/iati-identifier",
        ]
    ]
    assert rows("XM-DAC-41146-MEX_D_2.1") == [
        [
            "unwomen-mexico-2022",
            "XM-DAC-41146-MEX_SPOTLIGHT_2022",
            "Spotlight Initiative in Mexico, 2022",
            "spotlight-mexico-related-activity",
            f"{ROOT}/related-activity",
        ]
    ]
    assert rows("XM-DAC-41146-MEX_O_1") == []


def test_the_outcome_page_of_kg_serve_lists_the_activity(tmp_path):
    from starlette.testclient import TestClient

    from kg.serve.app import Settings, create_app

    store = str(tmp_path / "store")
    for path in (BUNDLED, SAME_ID):
        assert kg("build", str(path), "--store", store).exit_code == 0
    outcome = _outcome("XM-DAC-41146-MEX_D_1.1").split("/id/", 1)[1]
    with TestClient(create_app(Settings(store)), base_url="http://localhost") as client:
        page = client.get(f"/{outcome}").text
    assert 'href="/outcome/XM-DAC-41146-MEX_D_1.1"' in page
    assert "declaresOutcome (of)" in page
