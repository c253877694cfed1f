"""The HTML views: self-contained, escaped, deterministic, and the views hold the right nodes."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.errors import InputError, NotFoundError
from kg.graph.vocab import KG, bind_prefixes, outcome_iri, report_iri
from kg.pipeline import build_report
from kg.publish.layout import force_layout
from kg.publish.views import render_html, view_for
from tests.view_graphs import (
    XSS_NAME,
    XSS_SENTENCE,
    add_entity,
    add_participation,
    add_sentence,
    hostile_graph,
)


@pytest.fixture(scope="module")
def report_graph() -> Graph:
    from tests.conftest import BUNDLED

    return build_report(BUNDLED).graph


def page_data(page: bytes) -> dict:
    """The JSON the page embeds, parsed back."""
    text = page.decode("utf-8")
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert match is not None
    return json.loads(match.group(1))


def names(page: bytes) -> set[str]:
    return {n["name"] for n in page_data(page)["nodes"]}


def test_whole_view_draws_every_entity_and_outcome(report_graph: Graph) -> None:
    page = render_html(view_for(report_graph))
    data = page_data(page)
    typed = set()
    for cls in (KG.Outcome, KG.Programme, KG.Partner, KG.Place):
        typed |= {str(s) for s in report_graph.subjects(predicate=None, object=cls)}
    assert {n["iri"] for n in data["nodes"]} == typed
    derived = ("involvesProgramme", "involvesPartner", "concernsPlace", "hasPartner")
    derived += ("collaboratesWith", "operatesIn", "activeIn")
    links = sum(1 for p in derived for _ in report_graph.subject_objects(KG[p]))
    assert len(data["edges"]) == links
    assert all("x" in n and "y" in n for n in data["nodes"])
    summary = re.search(r'<span id="counts">(.*?)</span>', page.decode()).group(1)
    assert summary.startswith(f"{len(typed)} nodes (")
    assert f"{links} links" in summary


def test_page_loads_nothing_from_outside(report_graph: Graph) -> None:
    text = render_html(view_for(report_graph)).decode("utf-8")
    loads = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)|url\(\s*["']?([^"')]+)""", text)
    targets = [a or b for a, b in loads]
    assert targets, "the scan found nothing at all: the pattern is broken"
    assert not [t for t in targets if re.match(r"(https?:)?//", t)]
    assert "@import" not in text
    assert "sourceMappingURL" not in text
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_same_graph_gives_byte_identical_pages(report_graph: Graph) -> None:
    from tests.conftest import BUNDLED

    again = build_report(BUNDLED).graph
    assert render_html(view_for(report_graph)) == render_html(view_for(again))
    assert render_html(view_for(report_graph, overlap=True)) == render_html(
        view_for(again, overlap=True)
    )


def test_report_text_cannot_close_the_data_script_or_reach_markup() -> None:
    page = render_html(view_for(hostile_graph()))
    text = page.decode("utf-8")
    assert text.count("</script>") == 3
    assert "<img" not in text
    assert "<!--" not in text
    assert "\u2028" not in text
    data = page_data(page)
    assert XSS_NAME in names(page)
    assert XSS_SENTENCE in data["sentences"]


def test_a_title_from_report_text_is_escaped() -> None:
    text = render_html(view_for(hostile_graph(), partner="evil")).decode("utf-8")
    assert "<title>Partner: &lt;img src=x onerror=alert(1)&gt;</title>" in text


def test_summary_counts_in_words() -> None:
    text = render_html(view_for(hostile_graph(), place="Mexico City")).decode("utf-8")
    assert '<span id="counts">3 nodes (1 partner, 1 place, 1 outcome), 3 links</span>' in text


def test_tooltip_data_holds_kind_aliases_identifiers_and_evidence() -> None:
    data = page_data(render_html(view_for(hostile_graph())))
    inmujeres = next(n for n in data["nodes"] if n["name"] == "National Women's Institute")
    assert inmujeres["kind"] == "government"
    assert inmujeres["aliases"] == ["INMUJERES"]
    assert inmujeres["ids"] == [["Wikidata", "Q6041396"]]
    sentences = {data["sentences"][i] for i in inmujeres["ev"]}
    assert XSS_SENTENCE in sentences
    city = next(n for n in data["nodes"] if n["name"] == "Mexico City")
    assert city["ids"] == [["GeoNames", "3530597"]]
    outcome = next(n for n in data["nodes"] if n["name"] == "XM-T-MEX_A_1")
    assert outcome["text"] == "Women lead."
    assert outcome["label"] == "MEX_A_1"
    evil = next(n["id"] for n in data["nodes"] if n["name"] == XSS_NAME)
    edge = next(e for e in data["edges"] if e["rel"] == "collaborates with")
    assert evil in (edge["from"], edge["to"])
    assert [data["sentences"][i] for i in edge["ev"]] == [XSS_SENTENCE]


def test_programme_filter_shows_the_programme_its_partners_places_and_outcomes() -> None:
    """A partner or place is in a programme's filter when a direct link (a participation, a
    place it operates in) joins them, not because an outcome names both."""
    data = page_data(render_html(view_for(hostile_graph())))
    spotlight = data["programmes"].index("Spotlight Initiative")
    tagged = {n["name"] for n in data["nodes"] if spotlight in n.get("progs", [])}
    assert tagged == {
        "Spotlight Initiative",
        "XM-T-MEX_A_1",
        "National Women's Institute",
        XSS_NAME,
    }


def test_partner_cards_name_the_programmes_and_roles(report_graph) -> None:
    data = page_data(render_html(view_for(report_graph, partner="INMUJERES")))
    card = next(n for n in data["nodes"] if n["name"] == "National Women's Institute")
    assert "Global Alliance for Care: convener" in card["roles"]
    assert not any(r.startswith("Spotlight") for r in card["roles"])
    relations = {e["rel"] for e in data["edges"]}
    assert "has partner (convener)" in relations


def test_partner_focus_grows_with_depth() -> None:
    graph = hostile_graph()
    one = names(render_html(view_for(graph, partner="undp")))
    assert one == {
        "United Nations Development Programme",
        "Second Chance Education",
        "XM-T-MEX_B_2",
    }
    two = names(render_html(view_for(graph, partner="UNDP", depth=2)))
    assert two == one | {"National Women's Institute"}


def test_programme_outcome_and_place_focus() -> None:
    graph = hostile_graph()
    assert names(render_html(view_for(graph, programme="Spotlight"))) == {
        "Spotlight Initiative",
        "XM-T-MEX_A_1",
        "National Women's Institute",
        XSS_NAME,
    }
    assert names(render_html(view_for(graph, outcome="XM-T-MEX_B_2"))) == {
        "XM-T-MEX_B_2",
        "Second Chance Education",
        "United Nations Development Programme",
        "National Women's Institute",
    }
    assert names(render_html(view_for(graph, place="mexico city"))) == {
        "Mexico City",
        "XM-T-MEX_A_1",
        "National Women's Institute",
    }


def test_overlap_links_partners_by_what_they_share() -> None:
    """The overlap view joins partners as kg overlap does: acting together, programmes and
    places, not outcomes; each link carries the sentences behind it."""
    data = page_data(render_html(view_for(hostile_graph(), overlap=True)))
    by_id = {n["id"]: n["name"] for n in data["nodes"]}
    edges = {frozenset((by_id[e["from"]], by_id[e["to"]])): e for e in data["edges"]}
    pair = edges[frozenset(("National Women's Institute", XSS_NAME))]
    assert pair["weight"] == 2
    assert pair["shared"] == ["Acts together", "Programme: Spotlight Initiative"]
    assert XSS_SENTENCE in [data["sentences"][i] for i in pair["ev"]]
    assert len(edges) == 1, "sharing only an outcome (INMUJERES and UNDP) is no overlap"


def test_outcome_focus_takes_the_short_identifier_shown_on_the_node() -> None:
    assert names(render_html(view_for(hostile_graph(), outcome="mex_a_1"))) == names(
        render_html(view_for(hostile_graph(), outcome="XM-T-MEX_A_1"))
    )


def test_a_name_shared_by_two_entities_asks_for_a_key() -> None:
    graph = hostile_graph()
    name = "United Nations Development Programme"
    node = add_entity(graph, "partner/undp-mexico", "UNDP Mexico", aliases=name)
    said = add_sentence(graph, "UNDP Mexico ran SCE.", 400, "XM-T-MEX_B_2", ["partner/undp-mexico"])
    add_participation(graph, node, outcome_iri("XM-T-MEX_B_2"), "partner", [said])
    with pytest.raises(InputError, match=r"names 2 partners \('undp', 'undp-mexico'\): name one"):
        view_for(graph, partner=name)
    assert "UNDP Mexico" not in names(render_html(view_for(graph, partner="UNDP")))
    assert "UNDP Mexico" in names(render_html(view_for(graph, partner="undp-mexico")))


def test_unknown_partner_suggests_close_names() -> None:
    with pytest.raises(NotFoundError, match=r"no partner named 'INMUJERS'.*INMUJERES"):
        view_for(hostile_graph(), partner="INMUJERS")


def test_unknown_programme_suggests_close_names() -> None:
    with pytest.raises(NotFoundError, match=r"did you mean.*Spotlight"):
        view_for(hostile_graph(), programme="Spotlite")


def test_an_empty_graph_is_an_error_not_an_empty_page() -> None:
    graph = bind_prefixes(Graph())
    graph.add((report_iri("empty"), RDF.type, KG.Report))
    with pytest.raises(InputError, match="nothing to draw"):
        view_for(graph)
    with pytest.raises(InputError, match="nothing to draw"):
        view_for(graph, overlap=True)


def test_one_view_at_a_time() -> None:
    with pytest.raises(InputError, match="choose one view"):
        view_for(hostile_graph(), partner="undp", overlap=True)
    with pytest.raises(InputError, match="--depth applies to a focus"):
        view_for(hostile_graph(), depth=2)
    with pytest.raises(InputError, match="--depth must be 1 or more"):
        view_for(hostile_graph(), partner="undp", depth=0)


def test_layout_is_seeded_and_spreads_nodes() -> None:
    edges = [(i, i + 1) for i in range(29)] + [(0, 15)]
    first = force_layout(31, edges)
    assert first == force_layout(31, edges)
    assert len(set(first)) == 31
    assert force_layout(0, []) == []
    assert force_layout(1, []) == [(0, 0)]


def test_layout_puts_unlinked_nodes_in_rows_below() -> None:
    positions = force_layout(6, [(0, 1), (1, 2), (2, 0)])
    lowest = max(y for _, y in positions[:3])
    alone = positions[3:]
    assert all(y > lowest for _, y in alone)
    assert len(set(alone)) == 3


def test_a_focus_that_reaches_most_of_the_graph_says_so(report_graph: Graph) -> None:
    """--partner INMUJERES --depth 2 reaches most of the bundled report's graph through the
    outcomes and places many things share: the view says how much, and depth 1 says nothing."""
    whole = len(view_for(report_graph).nodes)
    wide = view_for(report_graph, partner="INMUJERES", depth=2)
    assert len(wide.nodes) > whole / 2
    (note,) = wide.notes
    assert note.startswith(
        f"within 2 links of National Women's Institute lie {len(wide.nodes)} of the graph's "
        f"{whole} nodes"
    )
    assert "--depth 1" in note
    page = render_html(wide).decode()
    assert f"lie {len(wide.nodes)} of the graph" in page
    assert view_for(report_graph, partner="INMUJERES").notes == ()


def test_cli_view_warns_when_a_focus_reaches_most_of_the_graph(tmp_path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli
    from tests.conftest import BUNDLED

    out = tmp_path / "inmujeres.html"
    args = ["view", str(BUNDLED), "--partner", "INMUJERES", "--depth", "2", "-o", str(out)]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    assert "kg: warning: within 2 links of National Women's Institute lie" in done.stderr
    assert out.is_file()
