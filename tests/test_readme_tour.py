"""The README's set-up and tour run as written, on a fresh copy of the repository: its first
command (``kg make ... -o exports``), then every line of the tour, each exiting 0 with no
error. A README whose steps stop working fails here, not in a new user's hands."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _blocks(section: str) -> list[str]:
    """The ```sh blocks of the README section whose heading is ``section``."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    body = text[start : end if end > 0 else None]
    return re.findall(r"```sh\n(.*?)```", body, flags=re.DOTALL)


def _commands(block: str) -> list[list[str]]:
    """The commands of a shell block: comments dropped, ``a && b`` split in two."""
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        while words:
            cut = words.index("&&") if "&&" in words else len(words)
            commands.append(words[:cut])
            words = words[cut + 1 :]
    return commands


def first_command() -> list[str]:
    """The main job, as the set-up's first block gives it (after the install)."""
    setup = _commands(_blocks("Set-up and the two commands")[0])
    makes = [c for c in setup if c[:2] == ["kg", "make"]]
    assert makes, "the set-up names no 'kg make' command"
    return makes[0]


def tour() -> list[list[str]]:
    """The tour's runnable commands: its first block."""
    return _commands(_blocks("A short tour")[0])


def test_the_readme_tour_has_commands_to_run():
    commands = tour()
    assert len(commands) >= 8
    assert all(c[0] == "kg" for c in commands)
    assert {c[1] for c in commands} >= {"list", "query", "overlap", "export", "view", "build"}


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory) -> Path:
    """The tracked files of the repository, copied into an empty folder, with no store and
    no exports."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
    )
    copy = tmp_path_factory.mktemp("fresh") / "kg"
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    assert not (copy / ".kg").exists()
    return copy


def _run(words: list[str], cwd: Path) -> subprocess.CompletedProcess:
    kg = [sys.executable, "-m", "kg"]
    env = {k: v for k, v in __import__("os").environ.items() if k != "KG_STORE"}
    return subprocess.run(
        [*kg, *words[1:]], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def test_the_readme_tour_runs_as_written_after_the_first_command(fresh_copy):
    done = _run(first_command(), fresh_copy)
    assert done.returncode == 0, done.stderr
    assert (fresh_copy / ".kg" / "store").is_dir(), "kg make left the store empty"
    for words in tour():
        done = _run(words, fresh_copy)
        shown = shlex.join(words)
        assert done.returncode == 0, f"{shown}: exit {done.returncode}: {done.stderr}"
        assert "error" not in done.stderr, f"{shown}: {done.stderr}"
        assert "Traceback" not in done.stderr, f"{shown}: {done.stderr}"
        if words[1] in ("list", "query", "overlap", "extract", "eval"):
            assert done.stdout.strip(), f"{shown} printed nothing"
            assert "(0 rows)" not in done.stdout, f"{shown} found nothing"


# The order in which a newcomer may run the help examples after the README's first command:
# exports first (others read them), removal last. serve and push need a server: their examples
# are checked for the paths they name only.
EXAMPLE_ORDER = (
    "export",
    "build",
    "list",
    "query",
    "overlap",
    "merges",
    "view",
    "extract",
    "eval",
    "remove",
)


def help_examples() -> dict[str, list[list[str]]]:
    """Each command's ``Example:`` lines as argument lists (a line ending in a backslash goes
    on), the top-level help's under ``kg``."""
    from kg.cli import cli

    helps = {"kg": cli.help or "", **{n: c.help or "" for n, c in cli.commands.items()}}
    examples = {}
    for name, text in helps.items():
        block = text.split("Example:", 1)[1] if "Example:" in text else ""
        block = block.replace("\\\n", " ")
        examples[name] = [
            shlex.split(line) for line in block.splitlines() if line.strip().startswith("kg ")
        ]
    return examples


def test_every_help_example_runs_after_the_first_command(fresh_copy):
    """A newcomer copying the help's examples meets no file that no earlier step wrote."""
    examples = help_examples()
    assert set(EXAMPLE_ORDER) | {"kg", "make", "serve", "push"} == set(examples)
    assert _run(first_command(), fresh_copy).returncode == 0
    for name in ("kg", *EXAMPLE_ORDER):
        for words in examples[name]:
            done = _run(words, fresh_copy)
            shown = shlex.join(words)
            assert done.returncode == 0, f"{shown}: exit {done.returncode}: {done.stderr}"
            assert "Traceback" not in done.stderr, f"{shown}: {done.stderr}"
    for name in ("serve", "push"):
        for words in examples[name]:
            named = [w for w in words[2:] if "/" in w and "://" not in w]
            assert all((fresh_copy / w).exists() for w in named), shlex.join(words)
