"""Inputs the user did not mean: kg's own exports, other files and other encodings given where
a report goes. kg says what it got and what it expected (one line, exit 2), never reads them as
a report of one unit nor answers 'no outcome found'; a UTF-16 report with a byte-order mark is
text, read like its UTF-8 twin."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.pipeline import build_report
from kg.readers.kinds import describe
from kg.readers.text import decode_report

SMALL = """# Results report, Mexico 2022

OUTCOME XM-DAC-41146-MEX_D_1.1

By 2025, women participate in decision-making.

The National Women's Institute (INMUJERES) and UNDP worked with the Spotlight Initiative in \
Oaxaca. INMUJERES and El Colegio de México trained 120 officials in Guerrero.
"""


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    return result.stderr


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """kg's own exports of a small report, in every format it writes, and its view and plot."""
    folder = tmp_path_factory.mktemp("exports")
    report = folder / "small.txt"
    report.write_text(SMALL, encoding="utf-8")
    for fmt in ("ttl", "jsonld", "graphml", "gexf", "nt"):
        assert (
            kg("export", str(report), "--format", fmt, "-o", str(folder / f"x.{fmt}")).exit_code
            == 0
        )
    assert kg("export", str(report), "--format", "csv", "-o", str(folder / "x")).exit_code == 0
    assert kg("view", str(report), "-o", str(folder / "x.html")).exit_code == 0
    assert kg("overlap", str(report), "--plot", str(folder / "x.svg")).exit_code == 0
    return folder


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("x.graphml", "a GraphML graph"),
        ("x.gexf", "a GEXF graph"),
        ("x-nodes.csv", "a CSV table"),
        ("x-edges.csv", "a CSV table"),
        ("x.html", "an HTML page"),
        ("x.svg", "an SVG image"),
    ],
)
def test_kg_s_own_outputs_given_as_reports_are_named(exported, name, kind):
    message = one_line_error(kg("build", str(exported / name), "--store", ":memory:"))
    assert f"this is {kind}, not a report; kg reads reports" in message
    assert "(.ttl, .nt, .jsonld, .nq, .trig)" in message


@pytest.mark.parametrize(
    ("suffix", "wrong", "kind"),
    [
        ("ttl", "txt", "RDF in Turtle"),
        ("jsonld", "json", "JSON-LD"),
        ("nt", "txt", "RDF in N-Triples"),
    ],
)
def test_a_graph_under_another_name_says_which_name_kg_reads_it_under(
    exported, tmp_path, suffix, wrong, kind
):
    copy = tmp_path / f"graph.{wrong}"
    copy.write_bytes((exported / f"x.{suffix}").read_bytes())
    message = one_line_error(kg("build", str(copy), "--store", ":memory:"))
    assert f"this is {kind}" in message and f"under a .{suffix} " in message


def test_a_report_under_an_rdf_name_says_it_reads_as_a_report(tmp_path):
    copy = tmp_path / "x.ttl"
    copy.write_text(SMALL, encoding="utf-8")
    message = one_line_error(kg("build", str(copy), "--store", ":memory:"))
    assert "not valid Turtle" in message and "it reads as a report" in message


def test_an_html_page_under_an_rdf_name_says_what_it_is(exported, tmp_path):
    copy = tmp_path / "x.ttl"
    copy.write_bytes((exported / "x.html").read_bytes())
    assert "; it is an HTML page" in one_line_error(kg("build", str(copy), "--store", ":memory:"))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_zip(), "a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG image"),
        (b'<?xml version="1.0"?>\n<iati-organisations version="2.03"/>', "an IATI organisation"),
        (b"<!DOCTYPE html>\n<html><body><p>Hello</p></body></html>", "an HTML page"),
        (b'{"partners": ["INMUJERES", "UNDP"]}', "JSON data"),
        (b"name\tcity\nINMUJERES\tMexico City\nUNDP\tNew York\n", "a tab-separated table"),
    ],
)
def test_other_kinds_of_file_are_named(write_report, data, kind):
    path = write_report(data, "report.txt")
    message = one_line_error(kg("extract", str(path)))
    assert f"this is {kind}" in message


@pytest.mark.parametrize("text", [SMALL, SMALL.replace("\n", "\r\n")])
def test_reports_are_not_taken_for_other_kinds(text):
    assert describe(text.encode(), text) is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_report_with_a_byte_order_mark_is_read_as_text(write_report, encoding):
    """What Notepad saves as 'Unicode': the same report, the same graph."""
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    data = bom + SMALL.encode(encoding)
    assert decode_report(data, "r.txt") == SMALL
    wide = build_report(write_report(data, "report.txt"))
    plain = build_report(write_report(SMALL, "report.txt"))
    assert wide.triples == plain.triples


def test_a_byte_order_mark_on_bytes_that_are_not_its_encoding_is_one_line(write_report):
    path = write_report(b"\xff\xfe" + "Report".encode("utf-16-le") + b"\x00\xdc\x00\xdc", "r.txt")
    message = one_line_error(kg("extract", str(path)))
    assert "not UTF-16 text though it starts with its byte-order mark" in message


def test_utf16_without_a_byte_order_mark_is_still_refused(write_report):
    path = write_report(SMALL.encode("utf-16-le"), "r.txt")
    assert "looks like a binary file" in one_line_error(kg("extract", str(path)))
