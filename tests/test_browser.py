"""The views in a real headless Chromium with the network blocked: they draw, search, filter,
show tooltips, make no request and run none of the report's text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.pipeline import build_report
from kg.publish.views import view_for, write_view
from tests.view_graphs import XSS_NAME, XSS_SENTENCE, hostile_graph

pytestmark = pytest.mark.browser

POSITION = "id => kgView.network.canvasToDOM(kgView.network.getPositions([id])[id])"


class Opened:
    """A view open in a page, with what the page logged, requested and alerted."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.route("**/*", self._route)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else 0
        )
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-drawn]", timeout=15000)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def node_id(self, name: str) -> int:
        return self.js("n => kgView.data.nodes.find(x => x.name === n).id", name)

    def click_node(self, node: int) -> None:
        self.js("id => kgView.network.focus(id, {scale: 1.5, animation: false})", node)
        self.js("() => kgView.network.redraw()")
        box = self.page.locator("#network canvas").bounding_box()
        point = self.js(POSITION, node)
        self.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def click_edge(self, edge: dict) -> None:
        middle = self.js(
            """e => { const p = kgView.network.getPositions([e.from, e.to]);
                  return {x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2}; }""",
            edge,
        )
        self.js("m => kgView.network.moveTo({position: m, scale: 1, animation: false})", middle)
        box = self.page.locator("#network canvas").bounding_box()
        point = self.js("m => kgView.network.canvasToDOM(m)", middle)
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        assert self.js("() => kgView.network.getSelectedEdges()") == [edge["id"]]

    def visible(self) -> set[str]:
        shown = "() => kgView.nodes.get({filter: n => !n.hidden})"
        return set(self.js(shown + ".map(n => kgView.data.nodes[n.id].name)"))

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith("file:")]


@pytest.fixture(scope="module")
def whole(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    from tests.conftest import BUNDLED

    graph = build_report(BUNDLED).graph
    path = tmp_path_factory.mktemp("views") / "graph.html"
    write_view(graph, path)
    opened = Opened(browser, path)
    opened.expected = len(view_for(graph).nodes)
    yield opened
    opened.page.close()


@pytest.fixture(scope="module")
def hostile(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    path = tmp_path_factory.mktemp("views") / "hostile.html"
    write_view(hostile_graph(), path, partner="evil", depth=3)
    opened = Opened(browser, path)
    yield opened
    opened.page.close()


def test_view_draws_offline_with_every_node(whole: Opened) -> None:
    assert whole.js("() => kgView.nodes.length") == whole.expected > 40
    assert whole.js("() => kgView.drawnAt") > 0
    assert whole.js("() => kgView.network.physics.options.enabled") is False
    assert whole.errors == []
    assert whole.outside_requests() == []
    assert whole.page.locator("#legend label").count() == 4
    assert whole.page.title() == "Knowledge graph: Progress in Mexico country in 2022"


def test_search_finds_and_focuses_a_node(whole: Opened) -> None:
    whole.page.fill("#search", "inmujeres")
    assert whole.page.locator("#results button").all_text_contents() == [
        "\u25cfNational Women's Institute"
    ]
    whole.page.press("#search", "Enter")
    node = whole.node_id("National Women's Institute")
    assert whole.js("() => kgView.network.getSelectedNodes()") == [node]
    centre = whole.js("() => kgView.network.getViewPosition()")
    position = whole.js("id => kgView.network.getPositions([id])[id]", node)
    assert abs(centre["x"] - position["x"]) < 1 and abs(centre["y"] - position["y"]) < 1
    assert "National Women's Institute" in whole.page.inner_text("#details")


def test_filters_hide_a_type_and_all_but_one_programme(whole: Opened) -> None:
    everything = whole.visible()
    whole.page.uncheck("#legend input[value=place]")
    places = {n["name"] for n in whole.js("() => kgView.data.nodes") if n["group"] == "place"}
    assert whole.visible() == everything - places
    shown = len(everything - places)
    assert f"showing {shown} of {whole.expected} nodes" in whole.page.inner_text("#summary")
    whole.page.check("#legend input[value=place]")
    assert whole.visible() == everything
    whole.page.select_option("#programme", label="Spotlight Initiative")
    data = whole.js("() => kgView.data")
    index = data["programmes"].index("Spotlight Initiative")
    tagged = {n["name"] for n in data["nodes"] if index in n.get("progs", [])}
    assert "Spotlight Initiative" in tagged and len(tagged) < len(everything)
    assert whole.visible() == tagged
    hidden_edges = whole.js("() => kgView.edges.get({filter: e => e.hidden}).length")
    assert hidden_edges > 0
    whole.page.select_option("#programme", value="")
    assert whole.visible() == everything


def test_clicking_a_node_shows_its_tooltip(whole: Opened) -> None:
    node = whole.node_id("El Colegio de México")
    whole.click_node(node)
    details = whole.page.inner_text("#details")
    assert "El Colegio de México" in details
    assert "Partner \u00b7 academia" in details
    assert "Wikidata" in details and "Evidence (" in details
    tip = whole.page.locator("#tip")
    assert tip.is_hidden()
    assert whole.errors == []


def test_hover_shows_a_tooltip(whole: Opened) -> None:
    node = whole.node_id("Spotlight Initiative")
    whole.js("id => kgView.network.focus(id, {scale: 1.5, animation: false})", node)
    box = whole.page.locator("#network canvas").bounding_box()
    point = whole.js(POSITION, node)
    whole.page.mouse.move(box["x"] + point["x"] - 30, box["y"] + point["y"] - 30)
    whole.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=3)
    whole.page.wait_for_selector("#tip:not([hidden])", timeout=3000)
    assert "Spotlight Initiative" in whole.page.inner_text("#tip")


def test_clicking_a_link_shows_the_sentences_behind_it(hostile: Opened) -> None:
    edge = hostile.js("() => kgView.data.edges.find(e => e.rel === 'collaborates with')")
    hostile.click_edge(edge)
    details = hostile.page.inner_text("#details")
    assert f"{XSS_NAME} — collaborates with —" in details
    assert "Evidence (1)" in details and "alert(3)</script>" in details
    assert hostile.js("() => document.querySelectorAll('img, a, b, iframe').length") == 0


def test_report_text_runs_nothing(hostile: Opened) -> None:
    assert hostile.errors == []
    assert hostile.outside_requests() == []
    evil = hostile.node_id(XSS_NAME)
    hostile.click_node(evil)
    assert XSS_NAME in hostile.page.inner_text("#details")
    assert XSS_SENTENCE.replace("\u2028", "") in hostile.page.inner_text("#details").replace(
        "\u2028", ""
    ).replace("\n", " ")
    hostile.page.fill("#search", "<img")
    assert hostile.page.locator("#results button").all_text_contents() == ["\u25cf" + XSS_NAME]
    hostile.page.fill("#search", "bold")
    hostile.page.press("#search", "Enter")
    assert hostile.js("() => kgView.network.getSelectedNodes()") == [evil]
    assert hostile.js("() => document.querySelectorAll('img, a, b, iframe').length") == 0
    assert hostile.js("() => document.scripts.length") == 3  # data, vis-network, ours
    assert hostile.dialogs == []
    heading = f"Partner: {XSS_NAME} (within 3 links)"
    assert hostile.js("() => document.title") == heading
    assert hostile.page.inner_text("h1") == heading
    assert hostile.js("() => kgView.nodes.length") == len(view_for(hostile_graph()).nodes) == 8
    assert hostile.errors == []


def test_overlap_edges_are_as_wide_as_what_partners_share(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("views") / "overlap.html"
    write_view(hostile_graph(), path, overlap=True)
    overlap = Opened(browser, path)
    widths = overlap.js("() => kgView.edges.get().map(e => e.width).sort()")
    assert widths == [2]  # the one pair that acts together and shares a programme
    edge = overlap.js("() => kgView.data.edges.find(e => e.weight === 2)")
    overlap.click_edge(edge)
    details = overlap.page.inner_text("#details")
    assert "Shared (2)" in details
    assert "Acts together" in details and "Programme: Spotlight Initiative" in details
    assert "Evidence" in details
    assert overlap.errors == [] and overlap.outside_requests() == [] and overlap.dialogs == []
    overlap.page.close()


LABEL_BOXES = """() => {
  const net = kgView.network;
  return kgView.nodes.get({filter: n => !n.hidden}).map(item => {
    const n = net.body.nodes[item.id];
    const s = n.labelModule.size;
    return {id: item.id, label: kgView.data.nodes[item.id].label, l: s.left, t: s.top,
            r: s.left + s.width, b: s.top + s.height, x: n.x, y: n.y, size: n.options.size};
  });
}"""


def _label_clashes(opened: Opened) -> list[tuple[str, str]]:
    """Pairs (label, what it covers) where a drawn label overlaps another label or another
    node's shape, as vis-network measured and placed them at the first draw."""
    boxes = opened.js(LABEL_BOXES)
    clashes = []
    for a in boxes:
        for b in boxes:
            if a["id"] == b["id"]:
                continue
            if (
                a["id"] < b["id"]
                and a["l"] < b["r"]
                and b["l"] < a["r"]
                and a["t"] < b["b"]
                and b["t"] < a["b"]
            ):
                clashes.append((a["label"], b["label"]))
            shape = (b["x"] - b["size"], b["y"] - b["size"], b["x"] + b["size"], b["y"] + b["size"])
            if a["l"] < shape[2] and shape[0] < a["r"] and a["t"] < shape[3] and shape[1] < a["b"]:
                clashes.append((a["label"], "the shape of " + b["label"]))
    return clashes


@pytest.mark.parametrize("overlap", [False, True])
def test_labels_do_not_overlap_at_the_first_draw(browser, tmp_path_factory, bundled_graph, overlap):
    """The whole-graph and overlap views leave room for every label: none covers another label
    or another node (vis-network scales text with the drawing, so this holds at every zoom)."""
    path = tmp_path_factory.mktemp("views") / "labels.html"
    write_view(bundled_graph, path, overlap=overlap)
    opened = Opened(browser, path)
    assert opened.js("() => kgView.data.nodes.length") > 40
    assert _label_clashes(opened) == []
    opened.page.close()


def test_search_ignores_accents_case_and_unicode_form(whole: Opened) -> None:
    for typed in ("colegio de mexico", "COLEGIO DE MÉXICO", "colegio de me\u0301xico"):
        whole.page.fill("#search", typed)
        assert whole.page.locator("#results button").all_text_contents() == [
            "\u25cfEl Colegio de México"
        ], typed
    whole.page.fill("#search", "ciudad juarez")
    assert "\u25b2Ciudad Juárez" in whole.page.locator("#results button").all_text_contents()
    whole.page.fill("#search", "")


def _visible_fit(opened: Opened) -> bool:
    """Whether every node not hidden lies inside the canvas."""
    return opened.js(
        """() => {
      const net = kgView.network, box = document.querySelector('#network canvas');
      const ids = kgView.nodes.get({filter: n => !n.hidden}).map(n => n.id);
      const pos = net.getPositions(ids);
      return ids.every(id => { const p = net.canvasToDOM(pos[id]);
        return p.x >= 0 && p.y >= 0 && p.x <= box.clientWidth && p.y <= box.clientHeight; });
    }"""
    )


def test_a_filter_refits_the_view_and_clears_a_card_it_hides(whole: Opened) -> None:
    """Zoomed in on one partner, choosing a programme it is not in must show that programme's
    nodes (re-fit) and drop the partner's card, which no longer applies."""
    data = whole.js("() => kgView.data")
    index = data["programmes"].index("Spotlight Initiative")
    outsider = next(
        n for n in data["nodes"] if n["group"] == "partner" and index not in n.get("progs", [])
    )
    whole.click_node(outsider["id"])
    assert outsider["name"] in whole.page.inner_text("#details")
    whole.js("id => kgView.network.focus(id, {scale: 3, animation: false})", outsider["id"])
    assert not _visible_fit(whole)
    whole.page.select_option("#programme", label="Spotlight Initiative")
    assert _visible_fit(whole)
    assert outsider["name"] not in whole.page.inner_text("#details")
    assert "Click a node or a link" in whole.page.inner_text("#details")
    assert whole.js("() => kgView.network.getSelectedNodes()") == []
    # a card about a node still shown stays
    spotlight = whole.node_id("Spotlight Initiative")
    whole.click_node(spotlight)
    whole.page.uncheck("#legend input[value=place]")
    assert "Spotlight Initiative" in whole.page.inner_text("#details")
    assert _visible_fit(whole)
    whole.page.check("#legend input[value=place]")
    whole.page.select_option("#programme", value="")
    assert _visible_fit(whole)
    assert whole.errors == []


def test_a_link_card_goes_when_a_filter_hides_the_link(whole: Opened) -> None:
    edge = whole.js(
        """() => kgView.data.edges.find(e => kgView.data.nodes[e.to].group === 'place'
                                         && kgView.data.nodes[e.from].group === 'partner')"""
    )
    whole.click_edge(edge)
    assert " \u2014 " in whole.page.inner_text("#details")
    whole.page.uncheck("#legend input[value=place]")
    assert "Click a node or a link" in whole.page.inner_text("#details")
    whole.page.check("#legend input[value=place]")
    assert whole.errors == []
