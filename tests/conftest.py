"""Shared fixtures: the bundled report and a helper to write small reports for a test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "reports" / "unwomen-mexico-2022.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def bundled() -> Path:
    """The bundled UN Women Mexico 2022 report."""
    return BUNDLED


@pytest.fixture
def write_report(tmp_path: Path):
    """Write ``text`` to a report file in a fresh directory and return its path."""

    def write(text: str | bytes, name: str = "report.txt") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def isolated_store(tmp_path_factory, monkeypatch) -> Path:
    """Point $KG_STORE at a fresh directory so no test writes ./.kg/store; return that path."""
    path = tmp_path_factory.mktemp("kg-store") / "store"
    monkeypatch.setenv("KG_STORE", str(path))
    return path
