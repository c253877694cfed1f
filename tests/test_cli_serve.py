"""``kg serve``'s options: bad ones fail in one line before anything listens; a running
server prints its address and stops cleanly on Ctrl-C (SIGINT)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.serving import fill_store, free_port, serving


@pytest.mark.parametrize(
    ("options", "message", "code"),
    [
        (["--port", "0"], "give a port from 1 to 65535", 2),
        (["--port", "70000"], "give a port from 1 to 65535", 2),
        (["--cors", "example.org"], "give an origin", 2),
        (["--texts", "/nonexistent/folder"], "not a folder", 2),
        (["--timeout", "0"], "--timeout", 2),
        (["--timeout", "nan"], "--timeout", 2),
        (["--max-rows", "0"], "--max-rows must be at least 1", 2),
        (["--store", ":memory:"], "needs a store on disk", 2),
        (["--store", "/nonexistent/store"], "no store at", 3),
        (["--allow-host", "http://kg.example.org"], "--allow-host 'http://kg.example.org'", 2),
        (["--allow-host", "kg.example.org:8080"], "give a host name", 2),
        (["--allow-host", "kg.example.org/x"], "give a host name", 2),
        (["--allow-host", "*"], "--allow-host '*': give a host name", 2),
        (["--allow-host", ""], "give a host name", 2),
        (["--allow-host", "kg example"], "give a host name", 2),
        (["--allow-host", "bad\nname"], "give a host name", 2),
        (["--allow-host", "ok.example.org", "--allow-host", "x..org"], "'x..org'", 2),
    ],
)
def test_bad_options_fail_in_one_line(tmp_path, options, message, code):
    command = [sys.executable, "-m", "kg", "serve", *options]
    if "--store" not in options:
        command += ["--store", str(tmp_path / "none")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == code
    assert message in done.stderr and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_a_port_in_use_fails_in_one_line(tmp_path, bundled_graph):
    import socket

    where = tmp_path / "store"
    fill_store(where, [("unwomen-mexico-2022", bundled_graph)])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "kg", "serve", "--store", str(where), "--port", str(port)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and done.stderr.count("\n") == 1


def test_serve_prints_its_address_and_stops_on_ctrl_c(tmp_path, bundled_graph):
    where = tmp_path / "store"
    fill_store(where, [("unwomen-mexico-2022", bundled_graph)])
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(where), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stderr.readline()
    assert f"http://127.0.0.1:{port}/" in line
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
    rest = process.stderr.read()
    assert "Traceback" not in rest


def test_allow_host_answers_the_names_given_and_no_others(tmp_path, bundled_graph):
    where = tmp_path / "store"
    fill_store(where, [("unwomen-mexico-2022", bundled_graph)])
    options = ("--allow-host", "KG.Example.org", "--allow-host", "*.proxy.test")
    with serving(where, *options) as server:
        for name in ("kg.example.org", "kg.example.org:443", "a.proxy.test", "localhost"):
            status, _, _ = server.get("/", Host=name)
            assert status == 200, name
        for name in ("evil.example", "example.org", "proxy.test.evil", "kg.example.org.evil"):
            status, _, body = server.get("/", Host=name)
            assert status == 400 and b"Traceback" not in body, name
