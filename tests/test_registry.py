"""The readers registry: one interface, a reader picked by content, new readers easy to add."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.model import Document, Outcome
from kg.readers import registry
from kg.readers.registry import Source, read_document, reader_for, register
from tests.conftest import BUNDLED, DATA


def _source(data: bytes, name: str = "doc") -> Source:
    return Source(data, name, "doc")


@pytest.mark.parametrize(
    ("path", "reader"),
    [
        (BUNDLED, "text"),
        (DATA / "unwomen-colombia-portal.txt", "portal"),
        (DATA / "spotlight-mexico-2022.txt", "headings"),
    ],
)
def test_each_kind_goes_to_its_reader(path, reader):
    assert reader_for(_source(path.read_bytes(), str(path))).name == reader
    assert read_document(path).reader == reader


def test_the_content_decides_not_the_file_name(tmp_path):
    pretending = tmp_path / "report.pdf"
    pretending.write_bytes(BUNDLED.read_bytes())
    document = read_document(pretending)
    assert document.reader == "text" and len(document.outcomes) == 11
    portal = tmp_path / "notes.txt"
    portal.write_bytes((DATA / "unwomen-colombia-portal.txt").read_bytes())
    assert read_document(portal).reader == "portal"


def test_iati_activity_xml_goes_to_the_iati_reader():
    data = b"<iati-activities><iati-activity/></iati-activities>"
    assert reader_for(_source(data, "thing.bin")).name == "iati"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg><g/></svg>", "this is an SVG image"),
        (
            b"<iati-organisations><iati-organisation/></iati-organisations>",
            "IATI organisation file",
        ),
        (b"12 34 56\n78 90\n", "not a document kg can read"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
        ("Informe de café.".encode("latin-1"), "not UTF-8"),
        (b"", "the file is empty"),
    ],
)
def test_what_no_reader_reads_is_a_one_line_error(data, message):
    with pytest.raises(InputError, match=message) as caught:
        reader_for(_source(data, "thing.bin"))
    assert "thing.bin" in str(caught.value) and "\n" not in str(caught.value)


def test_a_new_reader_plugs_in_and_wins_by_content(monkeypatch, tmp_path):
    monkeypatch.setattr(registry, "_READERS", list(registry.readers()))

    @register
    class LinesReader:
        """A toy format: 'RESULT <id>: <statement>' lines."""

        name = "result-lines"

        def detect(self, source: Source) -> int:
            return 80 if source.data.startswith(b"RESULT ") else 0

        def read(self, source: Source, corrections) -> Document:
            outcomes = []
            for line in source.decoded().splitlines():
                identifier, _, statement = line.removeprefix("RESULT ").partition(": ")
                outcomes.append(Outcome(identifier, statement, ()))
            return Document(source.slug, source.name, "", tuple(outcomes), reader=self.name)

    path = tmp_path / "results.txt"
    path.write_text("RESULT R1: Women lead.\nRESULT R2: Girls learn.\n", encoding="utf-8")
    document = read_document(path)
    assert document.reader == "result-lines"
    assert [o.id for o in document.outcomes] == ["R1", "R2"]
    with pytest.raises(ValueError, match="already registered"):
        register(LinesReader)


def test_a_document_without_any_heading_is_one_unit_with_a_warning(tmp_path):
    path = tmp_path / "donor-review.txt"
    path.write_text(
        "Mid-term review of the partnership\n\nThe review found that the Embassy of Sweden and "
        "the Ministry of Finance of Colombia met four times a year.\n\nThe review team visited "
        "Cauca and Nariño.\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert [o.id for o in document.outcomes] == ["general"]
    assert document.outcomes[0].scope == "donor-review"
    assert len(document.outcomes[0].paragraphs) == 2
    assert any("one unit" in w for w in document.warnings)
