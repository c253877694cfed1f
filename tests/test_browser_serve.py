"""``kg serve`` in a real headless Chromium, the network blocked except the server: search by
any name, a partner's programmes and roles, a link to the sentence in its paragraph, planted
markup shown as text, the keyboard, no console errors and no request leaving."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.serving import PLANTED, serving_reports

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def served(tmp_path_factory, bundled_graph, small_graph):
    with serving_reports(tmp_path_factory, bundled_graph, small_graph) as server:
        yield server


class Tab:
    """A page on the server, recording errors, requests and dialogs; requests anywhere but the
    server are aborted."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
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

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.base + "/")]


@pytest.fixture
def tab(browser, served) -> Iterator[Tab]:
    opened = Tab(browser, served.url)
    yield opened
    assert opened.errors == []
    assert opened.outside() == []
    assert opened.dialogs == []
    opened.page.close()


@pytest.mark.parametrize("typed", ["inmujeres", "Instituto Nacional de las Mujeres"])
def test_search_from_the_keyboard_finds_inmujeres(tab, typed):
    tab.page.goto(tab.base + "/")
    tab.page.keyboard.press("Tab")  # the skip link
    tab.page.focus("#q")
    tab.page.keyboard.type(typed)
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**/search?q=*")
    hit = tab.page.get_by_role("link", name="National Women's Institute")
    assert hit.count() == 1
    hit.focus()
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**/partner/inmujeres")
    assert tab.page.locator("h1").inner_text() == "National Women's Institute"


def test_partner_page_lists_programmes_and_roles(tab):
    tab.page.goto(tab.base + "/partner/inmujeres")
    rows = tab.page.locator("#links-programme tbody tr")
    assert rows.count() >= 3
    roles = [r for r in tab.page.locator("#links-programme td.roles").all_inner_texts() if r]
    assert roles, "no programme shows a role"
    assert "INMUJERES" in tab.page.locator("#aliases").inner_text()


def test_clicking_a_link_shows_the_sentence_in_its_paragraph(tab):
    tab.page.goto(tab.base + "/partner/inmujeres")
    tab.page.locator("#links-programme a.evidence").first.click()
    tab.page.wait_for_url("**/sentences?*")
    tab.page.locator("ol.sentences a[href^='/report/unwomen-mexico-2022/']").first.click()
    tab.page.wait_for_selector("#paragraph mark#sentence")
    sentence = tab.page.locator("#sentence").inner_text()
    paragraph = tab.page.locator("#paragraph").inner_text()
    assert sentence and sentence in paragraph and len(paragraph) > len(sentence)
    assert "INMUJERES" in paragraph or "National Women" in paragraph or "Institute" in paragraph


def test_planted_script_is_text_and_runs_nothing(tab):
    tab.page.goto(tab.base + "/search?q=planted")
    assert tab.page.get_by_role("link", name=PLANTED).count() == 1
    tab.page.get_by_role("link", name=PLANTED).click()
    tab.page.wait_for_url("**/partner/planted")
    assert tab.page.locator("h1").inner_text() == PLANTED
    assert tab.page.evaluate("() => window.planted") is None
    assert tab.page.locator("img").count() == 0


def test_overlap_editor_and_views_load_cleanly(tab):
    for path in ("/overlap", "/query?name=partner-overlap", "/report/unwomen-mexico-2022"):
        response = tab.page.goto(tab.base + path)
        assert response.status == 200
    tab.page.goto(tab.base + "/query?name=programmes-of-partner")
    tab.page.fill("input[name='p.partner']", "inmujeres")
    tab.page.get_by_role("button", name="Run").click()
    tab.page.wait_for_selector("#results")
    assert tab.page.locator("#results tbody tr").count() >= 3
    tab.page.goto(tab.base + "/view?partner=INMUJERES")
    tab.page.wait_for_selector("body[data-drawn]", timeout=20000)
