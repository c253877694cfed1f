"""The command line as a whole: every command documented with an example, errors one line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    command = cli.commands[name]
    assert command.help and "Example:" in command.help, name
    result = CliRunner().invoke(cli, [name, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert f"kg {name}" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_example_starts_a_line_of_the_help(name):
    """Click rewraps a paragraph whose first line is not indented: an example written right
    under "Example:" ran into it ("Example:     kg serve --store ... kg serve ...")."""
    docstring = cli.commands[name].help or ""
    examples = [line.strip() for line in docstring.splitlines() if line.strip().startswith("kg ")]
    shown = CliRunner().invoke(cli, [name, "--help"], catch_exceptions=False).output
    starts = [line.strip() for line in shown.splitlines()]
    assert examples, name
    for example in examples:
        assert any(line.startswith(example[:40]) for line in starts), (name, example)


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"], catch_exceptions=False)
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["frobnicate"], "No such command 'frobnicate'"),
        (["build"], "Missing argument"),
        (["build", "x.txt", "--nope"], "No such option '--nope'"),
    ],
)
def test_usage_errors_are_one_line(args, message):
    done = subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.startswith("kg: error: ") and message in done.stderr
    assert done.stderr.count("\n") == 1


def test_cli_module_imports_neither_rdflib_nor_networkx():
    code = "import sys, kg.cli; print('rdflib' in sys.modules, 'networkx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("args", [["query", "--list"], ["--help"]])
def test_a_reader_that_goes_away_ends_kg_quietly_with_exit_0(args, tmp_path):
    """`kg query --list | head -1`: the pipe breaks while kg writes (click then exited 1, kg's
    code for a shapes violation) or at its last flush (0), as the reader's timing decided.
    Now always 0 and nothing on stderr, whenever the reader leaves."""
    import os

    for _ in range(5):
        read, write = os.pipe()
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", *args], stdout=write, stderr=subprocess.PIPE, cwd=tmp_path
        )
        os.close(write)
        os.read(read, 10)
        os.close(read)
        error = process.stderr.read()
        process.stderr.close()
        assert (process.wait(timeout=60), error) == (0, b"")
