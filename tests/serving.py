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

PLANTED = "<script>window.planted = 1</script>Planted Partner"
PLANTED_UPDATE = f"""
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA {{ GRAPH <https://w3id.org/kg/id/graph/planted-2024> {{
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
    """Load ``graphs`` ((slug, rdflib Graph)) into a new store at ``where``, plus the planted
    partner."""
    from kg.store.local import Store

    with Store.open(str(where), create=True) as store:
        for slug, graph in graphs:
            store.replace_report(slug, graph)
        store.oxigraph.update(PLANTED_UPDATE)


@dataclass
class Served:
    """A running ``kg serve``: its base URL and process."""

    url: str
    process: subprocess.Popen

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
    served = Served(f"http://127.0.0.1:{port}", process)
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
