"""``kg serve``'s pages over HTTP against a running server: the same answers as the library,
correct status codes and one-line messages for bad input, report text escaped, downloads safe
for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse

import pytest
from markupsafe import escape as html_escape

from kg.graph.vocab import ID
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
    status, _, body = served.get(first + "?all=1")
    message = f"unknown parameter &#39;all&#39;; {first} takes no parameter"
    assert status == 400 and text_of(body).split('id="error">')[1].split("</p>")[0] == message


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
        ("/view?partnr=INMUJERES", 400),
        ("/overlap?parner=INMUJERES", 400),
        ("/overlap.json?parner=INMUJERES", 400),
        ("/search?q=x&page=2", 400),
        ("/sentences?of=partner%2Finmujeres&width=x", 400),
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


def test_report_page_names_its_publisher_and_country_by_label(served):
    # The publisher the report graph names (dcterms:publisher) was not shown, and the country
    # was shown by its key ("mx").
    report = twin(served, "/report/unwomen-mexico-2022.json")["entity"]
    publisher = report["values"]["publisher"]
    assert publisher == [f"{ID}partner/unwomen"]
    _, _, body = served.get("/report/unwomen-mexico-2022")
    facts = text_of(body).split('<dl class="facts">')[1].split("</dl>")[0]
    assert '<dt>Publisher</dt><dd><a href="/partner/unwomen">UN Women</a></dd>' in facts
    assert '<dt>Country</dt><dd><a href="/place/mx">Mexico</a></dd>' in facts
    status, _, _ = served.get("/partner/unwomen")
    assert status == 200


@pytest.mark.parametrize("path", ["/partner/unwomen", "/partner/inmujeres", "/place/mx"])
def test_a_network_view_link_on_a_page_draws_a_view(served, path):
    # The publisher's page (an organisation no link names) offered a network view that
    # answered 404 "no partner named 'UN Women'".
    _, _, body = served.get(path)
    views = re.findall(r'href="(/view\?[^"]+)"', text_of(body))
    assert len(views) == (path != "/partner/unwomen")
    for view in views:
        status, _, _ = served.get(view.replace("&amp;", "&"))
        assert status == 200


@pytest.mark.parametrize(
    "path", ["/sentences", "/sentences?of=", "/sentences.json?with=place%2Fmx"]
)
def test_sentences_without_a_page_say_what_to_give(served, path):
    # The message was "no page /", which names no parameter.
    got, _, body = served.get(path)
    page = text_of(body)
    message = (
        "give of=, the page whose sentences to show: its address without the leading / "
        "(partner/KEY)"
    )
    assert got == 404 and (html_escape(message) in page or json.loads(page)["error"] == message)


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


def test_a_flag_given_as_1_is_still_read_as_yes(served):
    _, _, overlap = served.get("/view?overlap=1")
    _, _, whole = served.get("/view")
    assert b"<title>Partner overlap" in overlap and b"<title>Partner overlap" not in whole
    status, _, every = served.get("/partner/inmujeres?all=1")
    assert status == 200 and b"National Women" in every


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


def twin(served, path: str) -> dict:
    status, headers, body = served.get(path)
    assert status == 200, (path, body[:200])
    assert headers["content-type"].startswith("application/json")
    return json.loads(body)


def test_every_page_has_a_json_twin_built_from_the_same_answer(served):
    home = twin(served, "/.json")
    assert {r["slug"] for r in home["reports"]} == {"unwomen-mexico-2022", "small-report-2023"}
    _, _, page = served.get("/")
    assert all(r["slug"] in text_of(page) for r in home["reports"])
    assert '<link rel="alternate" type="application/json" href="/.json">' in text_of(page)

    found = twin(served, "/search.json?q=inmujeres")
    assert (
        found["q"] == "inmujeres" and found["groups"]["partner"][0]["url"] == "/partner/inmujeres"
    )

    partner = twin(served, "/partner/inmujeres.json")["entity"]
    _, _, html = served.get("/partner/inmujeres")
    assert f'id="label">{html_escape(partner["label"])}</h1>' in text_of(html)
    assert 'href="/partner/inmujeres.json"' in text_of(html)
    programmes = [link for link in partner["links"] if link["type"] == "programme"]
    assert programmes and any(link["roles"] for link in programmes)
    assert all(link["sentences"] == sum(link["reports"].values()) for link in partner["links"])
    for link in programmes:
        assert f'href="{link["url"]}"' in text_of(html)
    # A symmetric link, stored both ways, lists each organisation once.
    together = [link["url"] for link in partner["links"] if link["predicate"] == "collaboratesWith"]
    assert together and len(together) == len(set(together))
    # One page of each other type, reached from the partner's links, and its twin.
    for kind in ("programme", "place", "outcome"):
        url = next(link["url"] for link in partner["links"] if link["type"] == kind)
        entity = twin(served, url + ".json")["entity"]
        _, _, html = served.get(url)
        assert entity["type"] == kind and f"/{entity['path']}" == url
        assert 'id="label"' in text_of(html) and f'href="{url}.json"' in text_of(html)
    report = twin(served, "/report/unwomen-mexico-2022.json")["entity"]
    assert report["values"]["identifier"] == ["unwomen-mexico-2022"]

    sentences = twin(served, "/sentences.json?of=partner%2Finmujeres")
    assert sentences["entity"]["path"] == "partner/inmujeres" and sentences["sentences"]
    # The bundled report's text is at hand (--texts), so its sentences come in their paragraph.
    first = next(x for x in sentences["sentences"] if x["report"] == "unwomen-mexico-2022")
    sentence = twin(served, first["url"] + ".json")["sentence"]
    assert sentence["exact"] == first["exact"] and sentence["in_paragraph"]
    _, _, html = served.get(first["url"])
    assert html_escape(sentence["exact"]) in text_of(html)

    overlap = twin(served, "/overlap.json?partner=inmujeres")
    assert overlap["pairs"] and overlap["heatmap"]["partners"]
    assert all("National Women" in p["labelA"] + p["labelB"] for p in overlap["pairs"])


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/partner/no-such-partner.json", 404),
        ("/programme/.json", 404),
        ("/outcome/%00bad.json", 404),
        ("/report/nope/sentence/0.json", 404),
        ("/nowhere.json", 404),
        ("/search.json?q=", 400),
        ("/search.json?q=" + "x" * 300, 400),
        ("/sentences.json?of=partner%2Fnope", 404),
        ("/sentences.json?of=", 404),
    ],
)
def test_a_json_twin_answers_bad_input_in_json(served, path, status):
    got, headers, body = served.get(path)
    assert got == status and headers["content-type"].startswith("application/json")
    answer = json.loads(body)
    assert answer["status"] == status and answer["error"] and "\n" not in answer["error"]


def outcome_url(served, identifier: str) -> str:
    partner = twin(served, "/partner/inmujeres.json")["entity"]
    return next(
        link["url"]
        for link in partner["links"]
        if link["type"] == "outcome" and f"/{identifier}/" in link["url"]
    )


def test_outcome_page_shows_its_progress_notes_by_year_with_their_evidence(served):
    url = outcome_url(served, "XM-DAC-41146-MEX_D_9.1")
    status, _, body = served.get(url)
    page = text_of(body)
    assert status == 200 and "women in Oaxaca take part in local decisions" in page
    progress = page.split('id="progress">')[1].split("</section>")[0]
    assert '<h3 id="year-2023">2023' in progress and "small-report-2023" in progress
    notes = progress.split("<li>")[1:]
    assert len(notes) == 2
    assert notes[0].startswith("The National Women&#39;s Institute (INMUJERES) and UNDP")
    assert notes[1].startswith("INMUJERES and El Colegio de México (COLMEX) trained 120")
    assert '<span class="figure">120 officials</span>' in notes[1]
    for note in notes:
        link = note.split('class="evidence" href="')[1].split('"')[0]
        assert link.startswith("/report/small-report-2023/sentence/")
        assert served.get(link)[0] == 200


def test_bundled_outcome_progress_in_text_order_with_figures(served):
    url = outcome_url(served, "XM-DAC-41146-MEX_D_1.1")
    progress = twin(served, url + ".json")["entity"]["progress"]
    assert [y["year"] for y in progress] == ["2022"]
    assert progress[0]["reports"] == ["unwomen-mexico-2022"]
    notes = progress[0]["notes"]
    assert len(notes) >= 10 and any(note["figures"] for note in notes)
    sentences = [twin(served, note["url"] + ".json")["sentence"] for note in notes[:3]]
    assert [s["exact"] for s in sentences] == [note["exact"] for note in notes[:3]]
    assert all(s["outcome"] == url.lstrip("/") for s in sentences)
    # In the order of the text: each note's sentence stands after the one before it.
    _, _, body = served.get(url)
    page = text_of(body)
    placed = [page.index(str(html_escape(note["exact"]))) for note in notes]
    assert placed == sorted(placed)
    figure = next(f for note in notes for f in note["figures"])
    assert f'<span class="figure">{html_escape(figure)}</span>' in page


def test_an_overlap_filter_on_an_unknown_partner_is_not_found(served):
    """Not an empty table: the page and its twin say no partner has that name (404)."""
    status, _, body = served.get("/overlap?partner=nosuchpartner")
    assert status == 404 and "no partner named &#39;nosuchpartner&#39;" in text_of(body)
    status, _, body = served.get("/overlap.json?partner=nosuchpartner")
    assert status == 404 and "no partner named" in text_of(body)


NOT_UTF8 = "the query string is not UTF-8 (percent-encode the UTF-8 bytes of each value)"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        # Latin-1 bytes were read as U+FFFD: a search for "\ufffd" answered 200, a filter said
        # "no partner named '\ufffd'".
        ("/search?q=Secretar%EDa", NOT_UTF8),
        ("/overlap?partner=%ff", NOT_UTF8),
        ("/query?query=%ff%fe&run=1", NOT_UTF8),
        # The last of two values silently won.
        ("/search?q=inmujeres&q=unicef", "parameter 'q' is given twice; give it once"),
        ("/partner/inmujeres?all=1&all=1", "parameter 'all' is given twice; give it once"),
        ("/search?q=a%00b", "parameter 'q' holds a control character"),
        # A yes-or-no parameter read anything but "1" as no: "overlap=true" drew the whole
        # graph and "all=yes" the shortened list, both 200.
        ("/view?overlap=true", "parameter 'overlap' takes 1 (or leave it out), not 'true'"),
        ("/view?overlap=on", "parameter 'overlap' takes 1 (or leave it out), not 'on'"),
        ("/partner/inmujeres?all=yes", "parameter 'all' takes 1 (or leave it out), not 'yes'"),
        # An entity page ignored a misspelt parameter and answered the shortened list.
        ("/place/mx?al=1", "unknown parameter 'al'; /place/mx takes all"),
    ],
)
def test_a_query_string_a_page_cannot_read_is_400_in_words(served, path, message):
    got, _, body = served.get(path)
    assert got == 400
    assert text_of(body).split('id="error">')[1].split("</p>")[0] == message.replace("'", "&#39;")
    if not path.startswith(("/query", "/view")):
        got, headers, body = served.get(path.replace("?", ".json?", 1))
        assert got == 400 and headers["content-type"].startswith("application/json")
        assert json.loads(body) == {"error": message.replace("/mx ", "/mx.json "), "status": 400}


def test_the_editor_refuses_an_outcome_the_store_does_not_hold(served):
    """As kg query -n does: an identifier no outcome has was an empty table."""
    got, _, body = served.get("/query?name=outcome-progress&p.outcome=MEX_D_1.1&run=1")
    assert got == 404
    message = text_of(body).split('id="error">')[1].split("</p>")[0]
    assert message.startswith("--param outcome: no outcome identifier &#39;MEX_D_1.1&#39;")
    assert "did you mean XM-DAC-41146-MEX_D_1.1?" in message
    got, _, body = served.get("/query?name=outcome-progress&p.outcome=XM-DAC-41146-MEX_D_1.1&run=1")
    assert got == 200 and 'id="error"' not in text_of(body)


@pytest.mark.parametrize("name", ["activities-of-outcome", "declared-and-narrated-partners"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NOPE-1", "no outcome or activity identifier &#39;NOPE-1&#39; in the store"),
        # A partner's key gave an empty table.
        ("inmujeres", "no outcome or activity identifier &#39;inmujeres&#39; in the store"),
    ],
)
def test_the_editor_refuses_an_identifier_the_store_does_not_hold(served, name, value, message):
    got, _, body = served.get(f"/query?name={name}&p.identifier={value}&run=1")
    assert got == 404
    shown = text_of(body).split('id="error">')[1].split("</p>")[0]
    assert shown.startswith(f"--param identifier: {message}")
    got, _, body = served.get(f"/query?name={name}&p.identifier=XM-DAC-41146-MEX_D_1.1&run=1")
    assert got == 200 and 'id="error"' not in text_of(body)
