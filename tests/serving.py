"""A real ``kg serve`` for tests: a store holding the bundled and the small report (and a partner
whose name is an HTML payload), served by the ``kg`` command in a subprocess on a free
127.0.0.1 port, stopped (SIGINT, as Ctrl-C) when the test module is done."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLANTED = "<script>window.planted = 1</script>Planted Partner"
PLANTED_UPDATE = f"""
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA {{ GRAPH <https://w3id.org/kg/id/graph/unwomen-mexico-2022> {{
  <https://w3id.org/kg/id/partner/planted> a kg:Organisation, kg:Partner ;
    skos:prefLabel {PLANTED!r} ; skos:altLabel "</textarea><img src=x onerror=alert(1)>" .
}} }}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fill_store(
    where: Path, graphs: Sequence[tuple[str, object]], texts: Path | None = None
) -> None:
    """Load ``graphs`` ((slug, rdflib Graph); the bundled report first) into a new store at
    ``where``, plus the planted partner in the bundled report's graph."""
    from kg.store.local import Store

    with Store.open(str(where), create=True) as store:
        for slug, graph in graphs:
            store.replace_report(slug, graph)
        store.oxigraph.update(PLANTED_UPDATE)
        store.rederive()


@dataclass
class Served:
    """A running ``kg serve``: its base URL, process and store."""

    url: str
    process: subprocess.Popen
    store: Path | None = None

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


@contextmanager
def serving(store: Path, *options: str) -> Iterator[Served]:
    """``kg serve --store STORE OPTIONS`` on a free port until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [*command, *options], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    served = Served(f"http://127.0.0.1:{port}", process, store)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(served.url + "/static/kg.css", timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"kg serve did not start: {error}") from None
            time.sleep(0.2)
    try:
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serving_reports(
    factory: Any, bundled_graph: object, small_graph: object, *options: str
) -> Iterator[Served]:
    """``kg serve`` over a new store holding the bundled and the small report, with the bundled
    report's published text (``--texts``) for its evidence pages; ``factory`` is pytest's
    tmp_path_factory."""
    from kg.pipeline import extract_report
    from tests.conftest import BUNDLED

    where = factory.mktemp("served") / "store"
    texts = factory.mktemp("texts")
    document = extract_report(BUNDLED).document
    (texts / f"{document.slug}.txt").write_text(document.text, encoding="utf-8")
    fill_store(where, [("unwomen-mexico-2022", bundled_graph), ("small-report-2023", small_graph)])
    with serving(where, "--texts", str(texts), *options) as server:
        yield server
