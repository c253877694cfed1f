"""``kg serve``'s pages over HTTP against a running server: the same answers as the library,
correct status codes and one-line messages for bad input, report text escaped, downloads safe
for spreadsheets."""

from __future__ import annotations

import csv
import io
import re
import urllib.parse

import pytest

from tests.serving import PLANTED, serving_reports

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(tmp_path_factory, bundled_graph, small_graph):
    with serving_reports(tmp_path_factory, bundled_graph, small_graph, "--timeout", "20") as server:
        yield server


def text_of(body: bytes) -> str:
    return body.decode("utf-8")


def test_home_lists_the_reports(served):
    status, headers, body = served.get("/")
    assert status == 200 and "default-src 'self'" in headers["content-security-policy"]
    assert "unwomen-mexico-2022" in text_of(body) and "small-report-2023" in text_of(body)
    assert "http://" not in text_of(body).replace("http://www.w3.org", "")


@pytest.mark.parametrize(
    "typed", ["inmujeres", "INMUJERES", "Instituto Nacional de las Mujeres", "instituto nacional"]
)
def test_search_finds_a_partner_by_any_of_its_names(served, typed):
    status, _, body = served.get("/search?" + urllib.parse.urlencode({"q": typed}))
    assert status == 200
    assert 'href="/partner/inmujeres"' in text_of(body)


def test_search_ignores_accents_and_suggests_near_misses(served):
    _, _, body = served.get("/search?" + urllib.parse.urlencode({"q": "Mexico"}))
    assert "México" in text_of(body)
    _, _, body = served.get("/search?q=inmujers")
    assert "Did you mean" in text_of(body) and "INMUJERES" in text_of(body)


def test_partner_page_lists_programmes_roles_and_counts(served):
    status, _, body = served.get("/partner/inmujeres")
    page = text_of(body)
    assert status == 200
    assert "National Women&#39;s Institute" in page
    assert (
        "https://www.wikidata.org/wiki/Q6041396" in page or "wikidata.org/entity/Q6041396" in page
    )
    programmes = page.split('id="links-programme"')[1].split("</table>")[0]
    assert "convener" in programmes or "partner" in programmes or "member" in programmes
    assert "sentence" in programmes and "/sentences?of=partner%2Finmujeres&amp;with=" in programmes


def test_evidence_page_shows_the_sentence_in_its_paragraph(served):
    _, _, body = served.get("/sentences?of=partner%2Finmujeres")
    links = text_of(body).split('<ol class="sentences">')[1].split('href="')[1:]
    first = next(x.split('"')[0] for x in links if x.startswith("/report/unwomen-mexico-2022/"))
    status, _, body = served.get(first)
    page = text_of(body)
    assert status == 200 and "<mark" in page
    paragraph = page.split('id="paragraph">')[1].split("</p>")[0]
    assert len(paragraph) > len(paragraph.split("<mark")[1])
    assert "text is not at hand" not in page


def test_planted_markup_is_shown_as_text(served):
    _, _, body = served.get("/partner/planted")
    page = text_of(body)
    assert "<script>window.planted" not in page and "&lt;script&gt;window.planted" in page
    assert "<img src=x" not in page
    _, _, body = served.get("/search?q=planted")
    assert "<script>window" not in text_of(body) and PLANTED not in text_of(body)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/partner/no-such-partner", 404),
        ("/programme/", 404),
        ("/outcome/%00bad", 404),
        ("/report/nope/sentence/0", 404),
        ("/nowhere", 404),
        ("/search?q=", 400),
        ("/search?q=" + "x" * 300, 400),
        ("/sentences?of=partner%2Fnope", 404),
        ("/sentences?of=", 404),
        ("/query?name=no-such-query", 404),
        ("/query?query=SELEC&run=1", 400),
        ("/query?query=DROP+ALL&run=1", 403),
        ("/view?partner=a&programme=b", 400),
        ("/view?partner=nobody-at-all", 404),
    ],
)
def test_bad_input_gets_a_status_and_one_line(served, path, status):
    got, _, body = served.get(path)
    assert got == status
    page = text_of(body)
    assert "Traceback" not in page
    if 'id="error"' in page:
        message = page.split('id="error">')[1].split("</p>")[0]
        assert "\n" not in message and message


def test_saved_query_runs_with_a_name_as_typed(served):
    query = urllib.parse.urlencode(
        {
            "name": "programmes-of-partner",
            "p.partner": "instituto nacional de las mujeres",
            "run": 1,
        }
    )
    status, _, body = served.get(f"/query?{query}")
    assert status == 200 and 'id="results"' in text_of(body)
    assert 'href="/programme/' in text_of(body)


def test_downloads_are_csv_safe_for_spreadsheets_and_json(served):
    sparql = 'SELECT ?x WHERE { VALUES ?x { "=1+1" "plain" } }'
    base = urllib.parse.urlencode({"query": sparql, "run": 1})
    status, headers, body = served.get(f"/query?{base}&download=csv")
    assert status == 200 and "attachment" in headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["x"], ["'=1+1"], ["plain"]]
    status, _, body = served.get(f"/query?{base}&download=json")
    assert status == 200 and b'"=1+1"' in body


def test_overlap_page_ranks_filters_and_draws_the_heatmap(served):
    status, _, body = served.get("/overlap")
    page = text_of(body)
    assert status == 200 and 'class="heatmap"' in page and 'id="pairs"' in page
    _, _, body = served.get("/overlap?partner=inmujeres")
    rows = text_of(body).split('id="pairs"')[1].split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") >= 1
    assert all("National Women" in row for row in rows.split("<tr>")[1:])


def test_network_view_is_served_from_the_store(served):
    status, _, body = served.get("/view?partner=INMUJERES")
    assert status == 200 and b"kgView" in body and b"National Women" in body
    assert not re.search(rb'<(script|link)[^>]+(src|href)="https?:', body)


def test_saved_query_sent_back_by_the_form_with_crlf_lines_binds_its_parameters(served):
    from kg.store.query import saved_query

    text = saved_query("programmes-of-partner").text.replace("\n", "\r\n")
    query = urllib.parse.urlencode(
        {"name": "programmes-of-partner", "p.partner": "INMUJERES", "query": text, "run": 1}
    )
    status, _, body = served.get(f"/query?{query}")
    assert status == 200 and text_of(body).count('href="/programme/') >= 3
    status, _, body = served.get("/query?name=programmes-of-partner&run=1")
    assert status == 400 and "fill in every parameter" in text_of(body)
