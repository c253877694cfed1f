"""Random arguments through every command's parser: kg answers or fails in one line, never with a
traceback. Runs in a throwaway folder with an empty store; generated values hold no '/' or ':',
so no command reaches outside the folder or the network."""

from __future__ import annotations

import string

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import cli

COMMANDS = sorted(cli.commands)
ODD = [
    "",
    " ",
    "-",
    "--",
    "nan",
    "inf",
    "-inf",
    "1e308",
    "-1",
    "0",
    "99999999999999999999",
    "\udcff",
    "\u2003" * 50,
    "a b",
    "x=y",
    "=",
    "SELECT",
    "ASK {}",
    "report.txt",
    "out.ttl",
    "x.csv",
    "{",
    "'",
    '"',
    "#",
]
# No NUL: a command line cannot hold one. \udcff is what Python makes of a byte that is not UTF-8.
SAFE = string.ascii_letters + string.digits + " -_.=,;#'\"{}()?*é\u2003\udcff"


def _options(name: str) -> list[str]:
    command = cli.commands[name]
    return [opt for param in command.params for opt in (*param.opts, *param.secondary_opts)]


def _values() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ODD), st.text(alphabet=SAFE, max_size=40))


@st.composite
def arguments(draw: st.DrawFn, name: str) -> list[str]:
    words = st.one_of(st.sampled_from([*_options(name), "--help"]), _values())
    return [name, *draw(st.lists(words, max_size=6))]


@pytest.fixture
def throwaway(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    (tmp_path / "report.txt").write_text(
        "OUTCOME X-1\n\nBy 2025, it works.\n\nUNICEF trained 12 officials.\n", encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize("name", COMMANDS)
def test_random_arguments_never_end_in_a_traceback(name, throwaway):
    @settings(
        max_examples=100,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(arguments(name))
    def check(args: list[str]) -> None:
        result = CliRunner().invoke(cli, args)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"kg {args!r} raised {result.exception!r}") from result.exception
        assert "Traceback" not in result.stderr, args
        if result.exit_code != 0:
            assert result.exit_code in (1, 2, 3), (args, result.exit_code)
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("kg: error: "), (args, result.stderr)

    check()


def test_every_command_is_fuzzed():
    assert set(COMMANDS) == {c for c in cli.commands if isinstance(cli.commands[c], click.Command)}
