"""One interface for every input kind, and the registry that picks a reader by content.

A reader turns a document's bytes into the document model (kg.model.Document). Each reader says
how sure it is that it can read a document (``detect``: 0 for not at all, higher for surer) from
the content; the file name is a hint readers may use, never the only signal. The most confident
reader reads it; on a tie the one registered first wins.

Built-in readers, in order of registration: PDF (kg.readers.pdf), IATI activity XML
(kg.readers.iati), UN Women Transparency Portal
text (kg.readers.portal), reports with IATI outcome headers (kg.readers.text) and reports with
numbered result headings or none at all (kg.readers.headings). A new kind plugs in with::

    from kg.readers.registry import Source, register

    @register
    class IatiXmlReader:
        name = "iati-xml"

        def detect(self, source: Source) -> int:
            return 90 if source.data.lstrip().startswith(b"<?xml") else 0

        def read(self, source: Source, corrections: Corrections | None) -> Document: ...
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol, TypeVar

from kg.errors import InputError
from kg.model import Document
from kg.readers.corrections import Corrections

MAX_BYTES = 50 * 1024 * 1024
# A reader this sure (the content's own signature: a PDF header, an IATI root element) reads the
# document without asking the rest, which would decode and clean large files for nothing.
CERTAIN = 100


@dataclass(frozen=True)
class Source:
    """A document to read: its bytes, the name messages give it, and its slug (the report's
    stable name in the store and in IRIs)."""

    data: bytes
    name: str
    slug: str

    @cached_property
    def _decoding(self) -> tuple[str | None, InputError | None]:
        from kg.readers.text import decode_report

        try:
            return decode_report(self.data, self.name), None
        except InputError as error:
            return None, error

    @property
    def text(self) -> str | None:
        """The bytes decoded as UTF-8 text (kg.readers.text.decode_report), None if not text."""
        return self._decoding[0]

    @cached_property
    def cleaned(self) -> str | None:
        """The text after kg's character-level repair (kg.readers.text.clean_text), made once
        for all the readers that look at it; None if not text."""
        from kg.readers.text import clean_text

        return None if self.text is None else clean_text(self.text)

    def decoded(self) -> str:
        """The text, or the InputError that says why the bytes are not text."""
        text, error = self._decoding
        if error is not None:
            raise error
        return str(text)


class Reader(Protocol):
    """What a reader offers: a name, how sure it is it can read a source, and the reading."""

    name: str

    def detect(self, source: Source) -> int:
        """0 when this reader cannot read ``source``; higher the surer it is."""
        ...

    def read(self, source: Source, corrections: Corrections | None) -> Document:
        """``source`` as a Document; InputError (one line, naming the source) when it cannot."""
        ...


_READERS: list[Reader] = []
R = TypeVar("R")


def register(reader: R) -> R:
    """Register a reader (an instance, or a class made with no arguments); returns it unchanged,
    so it serves as a class decorator."""
    instance = reader() if isinstance(reader, type) else reader
    if any(r.name == instance.name for r in _READERS):
        raise ValueError(f"a reader named {instance.name!r} is already registered")
    _READERS.append(instance)
    return reader


def readers() -> list[Reader]:
    """The registered readers, built-in ones first, in the order they were registered."""
    _load_builtins()
    return list(_READERS)


_BUILTINS = (
    "kg.readers.pdf",
    "kg.readers.iati",
    "kg.readers.portal",
    "kg.readers.text",
    "kg.readers.headings",
)
_loaded: list[bool] = []


def _load_builtins() -> None:
    """Import the built-in readers' modules once (each registers itself when imported)."""
    if _loaded:
        return
    _loaded.append(True)
    import importlib

    for module in _BUILTINS:
        importlib.import_module(module)


def reader_for(source: Source, exclude: tuple[str, ...] = ()) -> Reader:
    """The reader most sure it can read ``source`` (first registered on a tie; the first that is
    CERTAIN of its kind reads it without the rest asked); InputError when none can, or when,
    no reader being certain, the content is a kind of file that is not a report
    (kg.readers.kinds)."""
    best, best_score = None, 0
    for reader in readers():
        if reader.name in exclude:
            continue
        score = reader.detect(source)
        if score > best_score:
            best, best_score = reader, score
        if best_score >= CERTAIN:
            return best
    if not exclude:
        _refuse_other_kinds(source)
    if best is None:
        source.decoded()
        raise InputError(f"{source.name}: not a document kg can read; {EXPECTED}")
    return best


EXPECTED = (
    "kg reads reports (text in UTF-8, or UTF-16 or UTF-32 with a byte-order mark; portal "
    "pages; PDF), IATI activity XML and graphs kg exported (.ttl, .nt, .jsonld, .nq, .trig)"
)


def _refuse_other_kinds(source: Source) -> None:
    """InputError saying what ``source`` is and what kg expected, when its content is a kind
    of file that is not a report (kg.readers.kinds)."""
    from kg.readers.kinds import describe

    kind = describe(source.data, source.text)
    if kind is not None:
        raise InputError(f"{source.name}: this is {kind}, not a report; {EXPECTED}")


def read_source(source: Source, corrections: Corrections | None = None) -> Document:
    """``source`` read by the reader the registry picks for it, its language detected where the
    reader did not say it (kg.readers.language; a warning when the model cannot load)."""
    import dataclasses

    from kg.readers.language import detect_language

    document = reader_for(source).read(source, corrections)
    if document.language is not None:
        return document
    try:
        return dataclasses.replace(document, language=detect_language(document.text))
    except OSError as exc:
        # py3langid unpacks its model into a temporary file, which a full or read-only disk
        # refuses: the report is read all the same, its text untagged, and the user told.
        warning = (
            f"{source.name}: the report's language could not be told (the language model "
            f"did not load: {exc.strerror or exc}); its text carries no language tag"
        )
        return dataclasses.replace(document, warnings=(*document.warnings, warning))


def read_document(
    path: str | Path, corrections: Corrections | None = None, slug: str | None = None
) -> Document:
    """The document at ``path`` (a text report, portal page, PDF, ...) read by the reader its
    content calls for, with ``corrections`` applied; named ``slug`` (default: from its file
    name)."""
    from kg.readers.text import slug_for

    path = Path(path)
    return read_source(Source(read_bytes(path), str(path), slug or slug_for(path)), corrections)


def read_bytes(path: Path) -> bytes:
    """The bytes of the file at ``path``, at most MAX_BYTES of them (kg.files.read_limited:
    pipes and devices too); InputError for a missing, unreadable or too large file, or a
    directory."""
    from kg.files import read_limited

    return read_limited(path, MAX_BYTES, "report")
