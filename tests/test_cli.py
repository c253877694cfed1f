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
