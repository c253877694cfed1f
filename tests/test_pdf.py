"""PDF documents: tests make their own PDFs (fpdf2), several pages with a running header and
footer, page numbers, headings, a word hyphenated at a line end and a sentence a page break
cuts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.readers.pdf import pdf_text
from kg.readers.registry import read_document

HEADER = "Spotlight Initiative Mexico - Annual Narrative Report 2022"
FILLER = "The programme held {n} meetings with women's organisations in Oaxaca this year."


def _pdf(path: Path, pages_of_filler: int = 2) -> Path:
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, HEADER, align="C")
            self.ln(12)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 10, f"Page {self.page_no()} of 3", align="C")

    pdf = Report()
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 10, "Outcome 1: Policies and Legislation")
    pdf.ln(16)
    pdf.set_font("Helvetica", size=11)
    for line in (
        "The National Women's Institute (INMUJERES) and UN Women trained 27 officials in Oa-",
        "xaca. The Secre-",
        "tariat for Comprehensive Risk Management supported the work.",
    ):
        pdf.cell(0, 6, line)
        pdf.ln(6)
    pdf.ln(8)
    lines = 0
    while pdf.page_no() < pages_of_filler:
        pdf.cell(0, 6, FILLER.format(n=lines + 1))
        pdf.ln(6)
        lines += 1
    # A sentence the page break cuts: its first half ends one page, its second opens the next.
    remaining = int((pdf.h - 25 - pdf.get_y()) // 6)
    for n in range(remaining - 1):
        pdf.cell(0, 6, FILLER.format(n=100 + n))
        pdf.ln(6)
    pdf.cell(0, 6, "In Guerrero, the Spotlight Initiative worked with the Ministry of")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "Public Security to train 300 police officers.")
    pdf.ln(14)
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 10, "Outcome 2: Institutions")
    pdf.ln(16)
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "UNDP supported the State Commission for Victims in Chiapas.")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    return _pdf(tmp_path_factory.mktemp("pdf") / "spotlight-mexico-2022.pdf")


def test_running_headers_footers_and_page_numbers_go(report_pdf):
    text = pdf_text(report_pdf.read_bytes(), str(report_pdf))
    assert text.startswith(f"{HEADER}\n\nOutcome 1: Policies and Legislation\n\n")
    assert text.count(HEADER) == 1
    assert "Page " not in text and "of 3" not in text


def test_hyphenation_page_breaks_and_paragraphs(report_pdf):
    document = read_document(report_pdf)
    assert document.reader == "pdf/headings"
    assert (document.title, document.country_code, document.year) == (HEADER, "MX", 2022)
    assert [o.id for o in document.outcomes] == ["Outcome-1", "Outcome-2"]
    sentences = [s.text for s in document.outcomes[0].sentences]
    assert (
        "The National Women's Institute (INMUJERES) and UN Women trained 27 officials in Oaxaca."
        in sentences
    )
    assert "The Secretariat for Comprehensive Risk Management supported the work." in sentences
    assert (
        "In Guerrero, the Spotlight Initiative worked with the Ministry of Public Security to "
        "train 300 police officers." in sentences
    )
    first, second = document.outcomes[0].paragraphs[:2]
    assert document.text[first.start : first.end].endswith("supported the work.")
    assert document.text[second.start : second.end].startswith("The programme held 1 meetings")
    assert document.outcomes[1].statement == "Institutions"


def test_kg_builds_a_pdf(report_pdf, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "kg", "extract", str(report_pdf), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "partner/inmujeres" in done.stdout and "place/mx-oax" in done.stdout
    assert "secretariat-for-comprehensive-risk-management" in done.stdout


def test_a_scanned_pdf_without_a_text_layer_is_a_clear_error(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    picture = tmp_path / "page.png"
    Image.new("RGB", (400, 560), "white").save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=190)
    scan = tmp_path / "scan.pdf"
    pdf.output(str(scan))
    with pytest.raises(InputError, match="no text layer") as caught:
        read_document(scan)
    assert str(scan) in str(caught.value) and "\n" not in str(caught.value)
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(scan), "--store", ":memory:"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("kg: error: ") and done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n%broken", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"]
)
def test_a_broken_pdf_is_a_one_line_error(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match="not a PDF kg can read") as caught:
        read_document(path)
    assert "\n" not in str(caught.value)
