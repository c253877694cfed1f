"""Shared fixtures: the bundled report and a helper to write small reports for a test."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


SMALL_REPORT = """Data as of: 1 March 2024

# Progress in Mexico country in 2023

OUTCOME XM-DAC-41146-MEX_D_9.1

By 2025, women in Oaxaca take part in local decisions.

The National Women's Institute (INMUJERES) and UNDP worked with the Spotlight Initiative in \
Oaxaca. INMUJERES and El Colegio de México (COLMEX) trained 120 officials in Guerrero.
"""


@pytest.fixture
def small_report(tmp_path: Path) -> Path:
    """A second, small report (slug ``small-report-2023``) naming partners the bundled one names."""
    path = tmp_path / "small-report-2023.txt"
    path.write_text(SMALL_REPORT, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def bundled_graph():
    """The bundled report's graph, built once per test session."""
    from kg.pipeline import build_report

    return build_report(BUNDLED).graph


@pytest.fixture(scope="session")
def small_graph(tmp_path_factory):
    """The small report's graph, built once per test session."""
    from kg.pipeline import build_report

    path = tmp_path_factory.mktemp("small") / "small-report-2023.txt"
    path.write_text(SMALL_REPORT, encoding="utf-8")
    return build_report(path).graph


@pytest.fixture
def filled_store(isolated_store, bundled_graph, small_graph) -> Path:
    """An on-disk store at $KG_STORE holding the bundled and the small report."""
    from kg.store.local import Store

    with Store.open(str(isolated_store), create=True) as store:
        store.replace_report("unwomen-mexico-2022", bundled_graph)
        store.replace_report("small-report-2023", small_graph)
    return isolated_store


READY_THEN_WAIT = "print('ready', flush=True); sys.stdin.read()"


@contextmanager
def store_held_elsewhere(where: str | Path, read_only: bool = False) -> Iterator[int]:
    """Hold the on-disk store at ``where`` open in another process for the ``with`` block, as a
    second kg process would: as a writer with Oxigraph's own lock, or (``read_only``) as a
    running 'kg query' does, through kg's shared lock. Yields that process's pid."""
    opening = (
        f"from kg.store.local import Store; s=Store.open({str(where)!r}, read_only=True)"
        if read_only
        else f"import pyoxigraph; s=pyoxigraph.Store({str(where)!r})"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys; {opening}; {READY_THEN_WAIT}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield holder.pid
    finally:
        holder.communicate("")


# Debian's chromium, as scripts/test.sh installs it, for the browser tests.
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for a test module (Playwright driving Debian's chromium, headless)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed: run the tests with scripts/test.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
