"""Inputs that once ended in a traceback end in one line on stderr and a non-zero exit."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import BUNDLED


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    return result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "ASK {}", "--endpoint", "http://127.0.0.1:port/"], "not a URL"),
        (["query", "ASK {}", "--endpoint", "http://[::1/query"], "not a URL"),
        (["export", "--report", "a b", "-o", "x.ttl"], "'a b' is not a report name"),
        (["remove", "a b"], "'a b' is not a report name"),
        (["eval", str(BUNDLED), "/tmp"], "is a directory, not a gold file"),
        (["query", "ASK { ?s ?p ?o }", "--param", "x=\udcff"], "--param is not UTF-8 text"),
        (["query", "ASK { ?s ?p '\udcff' }"], "the query is not UTF-8 text"),
        (["query", "-f", "/dev/zero"], "larger than the 1048576 byte limit"),
        (["build", "/dev/zero", "--no-store", "-o", "-"], "byte limit"),
    ],
)
def test_former_tracebacks_are_one_line_errors(filled_store, args, message):
    assert message in one_line_error(kg(*args))


def test_a_query_file_may_start_with_a_byte_order_mark(filled_store, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes("\ufeffASK { ?p a kg:Partner }".encode())
    result = kg("query", "-f", str(query))
    assert result.exit_code == 0 and result.stdout == "true\n"


def test_a_full_disk_during_build_is_a_store_error(tmp_path):
    """Files may not grow past 300 kB (RLIMIT_FSIZE, SIGXFSZ ignored): writes fail as on a
    full disk."""

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    store = tmp_path / "store"
    result = subprocess.run(
        [sys.executable, "-c", "from kg.cli import cli; cli()", "build", str(BUNDLED)],
        env={"KG_STORE": str(store), "PATH": "/usr/bin:/bin"},
        preexec_fn=small_files,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    assert "loaded" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{loop}"],
        ["build", "{loop}", "--no-store", "-o", "-"],
        ["export", "{loop}", "--format", "ttl", "-o", "{out}"],
        ["export", str(BUNDLED), "{loop}", "--format", "ttl", "-o", "{out}"],
        ["view", "{loop}", "-o", "{out}"],
        ["overlap", "{loop}"],
        ["make", "{loop}", "-o", "{out}", "--no-store"],
    ],
)
def test_a_symbolic_link_loop_is_one_line_on_every_command(tmp_path, args):
    """A link that leads back to itself: Python 3.11's Path.resolve raises RuntimeError, which
    kg export, view and overlap once let through as a traceback."""
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "back.txt")
    (tmp_path / "back.txt").symlink_to(loop)
    out = tmp_path / "out"
    filled = [a.format(loop=loop, out=out) for a in args]
    message = one_line_error(kg(*filled))
    assert message == f"kg: error: {loop}: cannot read (Too many levels of symbolic links)\n"
    assert not out.exists()


@pytest.mark.parametrize("command", [["build", "--no-store", "-o", "-"], ["make", "--no-store"]])
def test_two_reports_that_would_share_a_name_are_named(tmp_path, small_report, command):
    """`kg build exports/` met a report's text and kg's view of it, both `unwomen-mexico-2022`:
    "rename one" said neither which name's files nor where they are."""
    folder = tmp_path / "reports"
    folder.mkdir()
    text = small_report.read_text(encoding="utf-8")
    (folder / "x.txt").write_text(text, encoding="utf-8")
    (folder / "x.md").write_text(text, encoding="utf-8")
    args = [command[0], str(folder / "x.md"), str(folder / "x.txt"), *command[1:]]
    if command[0] == "make":
        args += ["-o", str(tmp_path / "out")]
    message = one_line_error(kg(*args))
    assert message == (
        f"kg: error: two reports would share the name x ({folder / 'x.md'}, {folder / 'x.txt'}); "
        "rename one\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["build", str(BUNDLED), "--no-store", "-o", "{dir}/x.nt"],
            "named as N-Triples, but this writes Turtle; name it x.ttl",
        ),
        (
            ["view", str(BUNDLED), "-o", "{dir}/x.ttl"],
            "named as Turtle, but this writes HTML; name it x.html",
        ),
        (
            ["view", str(BUNDLED), "-o", "{dir}/x.txt"],
            "named as text, but this writes HTML; name it x.html",
        ),
    ],
)
def test_an_output_named_for_another_kind_of_file_is_refused(tmp_path, args, message):
    """Turtle written to x.nt and HTML to x.ttl were read back by their suffix (kg build x.nt,
    kg export x.ttl) and did not parse; a name with no suffix kg knows stays the user's."""
    filled = [a.format(dir=tmp_path) for a in args]
    assert one_line_error(kg(*filled)).endswith(f"{message}\n")
    assert list(tmp_path.iterdir()) == []
