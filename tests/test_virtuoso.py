"""kg push and --endpoint against a real Virtuoso (Debian's virtuoso-opensource, which
scripts/test.sh installs): its Graph Store Protocol with digest authentication, credentials from
the environment or ~/.netrc, chunked pushes and the saved queries' answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store.local import MEMORY, Store
from kg.store.query import parse_params, run_local, saved_query
from kg.store.remote import Endpoint, push, remote_query
from tests.test_remote import (
    free_port,
    killed_after_staging_leaves_nothing_counted,
    replaced_together_keep_the_entities_graph_in_step,
    wait_for_server,
)

pytestmark = pytest.mark.server
VIRTUOSO = "/usr/bin/virtuoso-t"
SMALL = "small-report-2023"
USER, PASSWORD = "dba", "dba"  # a fresh database's administrator, as Virtuoso makes it

INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 4
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso server on free 127.0.0.1 ports with a throwaway database; its
    ``/sparql-auth`` URL."""
    if not os.path.exists(VIRTUOSO):
        pytest.skip("virtuoso-t is not installed (scripts/test.sh installs virtuoso-opensource)")
    db = tmp_path_factory.mktemp("virtuoso")
    http = free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(INI.format(db=db, sql=free_port(), http=http), encoding="utf-8")
    process = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(ini)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=db,
    )
    base = f"http://127.0.0.1:{http}"
    wait_for_server(f"{base}/sparql?query=ASK%7B%7D", process, 120, "the Virtuoso server")
    yield f"{base}/sparql-auth"
    process.terminate()
    process.wait(timeout=60)


@pytest.fixture
def signed_in(monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", USER)
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)


@pytest.fixture
def local(bundled_graph, small_graph) -> Store:
    store = Store.open(MEMORY)
    store.replace_report("unwomen-mexico-2022", bundled_graph)
    store.replace_report(SMALL, small_graph)
    return store


def test_pushed_reports_answer_saved_queries_as_the_local_store_does(virtuoso, signed_in, local):
    endpoint = Endpoint.from_url(virtuoso)
    assert endpoint.store.endswith("/sparql-graph-crud-auth")
    for slug in local.slugs():
        data = local.report_ntriples(slug)
        assert push(endpoint, slug, data, chunk_bytes=600_000) == data.count(b"\n")
    for name, params in [
        ("programmes-of-partner", ["partner=inmujeres"]),
        ("evidence-for", ["from=COLMEX", "to=INMUJERES"]),
        ("partner-overlap", []),
    ]:
        text, bound = saved_query(name).text, parse_params(params)
        remote, here = remote_query(endpoint, text, bound), run_local(local, text, bound)
        assert remote.variables == here.variables
        assert _unordered(remote.rows) == _unordered(here.rows) and remote.rows, name


def _unordered(rows: list) -> list:
    """Rows with each GROUP_CONCAT list (" | ") sorted: SPARQL leaves their order to the
    server, and Virtuoso's differs from Oxigraph's."""
    return [
        [sorted(v.value.split(" | ")) if v is not None and " | " in v.value else v for v in row]
        for row in rows
    ]


def _kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_push_takes_credentials_from_netrc_and_never_shows_them(virtuoso, filled_store, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_ENDPOINT_")}
    env.update(HOME=str(tmp_path), KG_STORE=str(filled_store))
    refused = _kg("push", "--endpoint", virtuoso, SMALL, env=env)
    assert refused.returncode == 3
    assert "HTTP 401" in refused.stderr and "~/.netrc" in refused.stderr
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n", encoding="utf-8")
    netrc.chmod(0o600)
    pushed = _kg("push", "--endpoint", virtuoso, SMALL, env=env)
    assert pushed.returncode == 0, pushed.stderr
    assert f"pushed {SMALL} (" in pushed.stderr + pushed.stdout
    asked = _kg(
        "query", "-n", "programmes-of-partner", "--param", "partner=inmujeres",
        "--endpoint", virtuoso, env=env,
    )  # fmt: skip
    assert asked.returncode == 0 and "spotlight" in asked.stdout.lower(), asked.stderr
    for result in (refused, pushed, asked):
        assert f"{USER}:{PASSWORD}" not in result.stdout + result.stderr


@pytest.fixture
def filled_store(tmp_path, small_report) -> Path:
    store = tmp_path / "store"
    built = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(small_report), "--store", str(store)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    return store


def test_reports_replaced_in_one_batch_keep_the_entities_graph_in_step(virtuoso, signed_in, local):
    replaced_together_keep_the_entities_graph_in_step(Endpoint.from_url(virtuoso), local)


def test_a_push_killed_after_staging_leaves_nothing_counted(virtuoso, signed_in, local):
    killed_after_staging_leaves_nothing_counted(Endpoint.from_url(virtuoso), local)
