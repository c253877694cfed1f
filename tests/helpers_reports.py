"""Small reports written for tests: one outcome whose narrative is the text given."""

from __future__ import annotations

from kg.model import Document
from kg.readers.text import parse_report


def report_text(body: str, country: str = "Mexico", outcome: str = "XM-DAC-41146-MEX_D_9.9") -> str:
    """A report of one outcome in ``country`` whose narrative is ``body``."""
    return (
        f"# Progress in {country} country in 2023\n\nOUTCOME {outcome}\n\n"
        f"By 2025, women participate fully in public life.\n\n{body}\n"
    )


def document(body: str, country: str = "Mexico") -> Document:
    """The Document kg reads from a one-outcome report with narrative ``body``."""
    return parse_report(report_text(body, country), source="test.txt", slug="test")
