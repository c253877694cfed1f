"""Every regular expression that reads untrusted text runs in time linear in the text's length.

Python's ``re`` backtracks, so a pattern like ``\\s*(.+?)\\s*$`` can take quadratic or cubic time on
a line of spaces. This harness finds such patterns by measurement rather than by reading them:
for each compiled pattern of the modules that read reports, gold files, corrections, queries and
command arguments, it takes real matches (from the bundled and test reports and the saved queries),
cuts each at its character-class boundaries, pumps a character or word of it (or a space, a
letter, a digit, an em space) ``n`` times there and adds an ending that may make the match fail.
Each string is scanned the way kg uses the pattern (searched through, ``finditer``, if kg ever
searches with it; else matched at the start), then ``fullmatch``-ed, at lengths growing 4-fold:
linear time grows about 4-fold, quadratic 16-fold, cubic 64-fold. A pattern fails when its
processor time grows more than 9-fold to over 2 ms, confirmed by the best of three runs of each.

Patterns the modules compile at run time (the country names) are listed with the functions that
make them, and the modules may not call ``re.sub("...")`` and friends with a pattern literal, so
that every pattern they use is one this harness sees.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import re
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, DATA, ROOT

MODULES = (
    "kg.readers.text",
    "kg.readers.sentences",
    "kg.readers.corrections",
    "kg.readers.debris",
    "kg.readers.portal",
    "kg.readers.headings",
    "kg.readers.frontmatter",
    "kg.readers.glossary",
    "kg.readers.pdf",
    "kg.readers.iati",
    "kg.readers.kinds",
    "kg.extract.context",
    "kg.extract.abbreviations",
    "kg.extract.figures",
    "kg.extract.gazetteer",
    "kg.extract.matcher",
    "kg.extract.mentions",
    "kg.extract.cues",
    "kg.extract.discourse",
    "kg.extract.participations",
    "kg.extract.recognize",
    "kg.extract.resolve",
    "kg.extract.iati",
    "kg.graph.vocab",
    "kg.evaluate",
    "kg.store.local",
    "kg.store.sparql",
    "kg.store.query",
    "kg.store.remote",
    "kg.commands",
    "kg.cli",
)


def _country_pattern() -> re.Pattern[str]:
    from kg.extract.gazetteer import _country_pattern

    return _country_pattern()[0]


# Patterns made at run time: a name for the report, and the function that makes one.
MADE: dict[str, Callable[[], re.Pattern[str]]] = {
    "kg.extract.gazetteer._country_pattern": _country_pattern,
}

# Extra seeds: lines that name what the reports seldom show (markdown headers, dates, SPARQL).
SEEDS = (
    "# Progress in Peru country in 2022 #",
    "### OUTCOME: XM-DAC-41146-PER_D_2.1",
    "Data as of: 3rd March 2023.",
    "By the end of 2025, women lead.",
    "the &ldquo;Safe Cities&rdquo; and & Idquo; programme \\_D\\_1",
    "“ quoted ” « guillemets »",
    "The Ministry of Labour (MoL, for its acronym in English) and the Municipality of Tlalpan",
    "in collaboration with the National Institute of Women and UN Women, #NiUnaMenos",
    "12,500 women and 3.5 million people; 45% of them; 1,000 thousand",
    'PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x a "s\\"x" ; ex:p\\#q 1 } # c',
    "error at 3:14: expected one of Prefix",
    "partner=<https://example.org/x>",
    "outcome COL_D_3.2XM-DAC-41146-COL_D_3.2",
    "Sweden 1,250,000 2023 OECD-DAC donor",
    "Complementary Indicator UNAIDS, UNDP, UNFPA",
    "Área de Resultado Estratégico 1. Prosperidad",
    "Resultado 1: Legislación y políticas .......... 6",
    "ACRO – Americas and the Caribbean Regional Office ASRO – Arab States Regional Office",
    "María López, Coordinadora del Programa",
    "Page 3 of 10",
    "With the support of Sweden and Norway, said Ana Hidalgo, a leader",
    "co-\nfinanced and Secre-\ntariat",
)

SIZES = (100, 400, 1600)
FLOOR, STOP = 0.002, 0.05
_PUMPS = (" ", "a", "A", "1", "a ", "A ", ", ", "\u2003", "of ")
_KILLERS = ("", "!", "\n", "\n!")


@cache
def _corpus() -> str:
    texts = [BUNDLED.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.toml"))]
    queries = ROOT / "kg" / "store" / "queries"
    texts += [p.read_text(encoding="utf-8") for p in sorted(queries.glob("*.rq"))]
    return "\n\n".join([*texts, *SEEDS])


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern) and value.pattern and isinstance(value.pattern, str):
                yield f"{name}.{attribute}", value
    for name, make in MADE.items():
        yield name, make()


def _kind(ch: str) -> int:
    return 0 if ch.isspace() else 1 if ch.isalpha() else 2 if ch.isdigit() else 3


def _cuts(text: str, limit: int = 10) -> list[int]:
    """Where the character class changes in ``text`` (start and end included), at most ``limit``."""
    cuts = [0, *(i for i in range(1, len(text)) if _kind(text[i]) != _kind(text[i - 1]))]
    step = max(1, len(cuts) // limit)
    return sorted({*cuts[::step], len(text)})


@cache
def _lines() -> tuple[str, ...]:
    return tuple(line for line in _corpus().splitlines() if line.strip())


def _seeds(pattern: re.Pattern[str], limit: int = 4) -> list[str]:
    """Up to ``limit`` texts ``pattern`` matches in the corpus, each line read on its own too
    (so that patterns anchored with ``^`` find theirs)."""
    found: list[str] = [""]
    matches = (pattern.search(line) for line in _lines())
    for match in itertools.chain(pattern.finditer(_corpus()), matches):
        if match is not None and match[0] and match[0][:80] not in found:
            found.append(match[0][:80])
        if len(found) > limit:
            break
    return found


def attacks(pattern: re.Pattern[str]) -> Iterator[Callable[[int], str]]:
    """Functions of ``n`` giving strings that pump a real match of ``pattern`` to ``n`` more
    characters."""
    seen: set[tuple[str, str, str]] = set()
    for seed in _seeds(pattern):
        for cut in _cuts(seed):
            prefix = seed[:cut]
            around = {seed[cut : cut + 1], seed[cut - 1 : cut] if cut else ""}
            word = re.match(r"\w+\s?|\s+", seed[cut:])
            pumps = {*_PUMPS, *around, word[0] if word else ""} - {""}
            for pump in sorted(pumps):
                for killer in _KILLERS:
                    key = (prefix, pump, killer)
                    if key not in seen:
                        seen.add(key)
                        yield lambda n, p=prefix, u=pump, k=killer: p + u * (n // len(u)) + k


SCANS = frozenset({"search", "finditer", "findall", "sub", "subn", "split"})


@cache
def _methods() -> dict[str, frozenset[str]]:
    """For each name in kg's source, the methods called on it (``_WORD.finditer(...)`` gives
    ``_WORD: {finditer}``); a name several modules use gets the methods of all."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "kg").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                found.setdefault(node.value.id, set()).add(node.attr)
    return {name: frozenset(methods) for name, methods in found.items()}


def scans(name: str) -> bool:
    """Whether kg searches text with the pattern ``name`` (tries it at every position) rather
    than only matching it at a given position. Unknown uses count as searches."""
    methods = _methods().get(name.rsplit(".", 1)[-1], SCANS)
    return bool(methods & SCANS) or not methods & {"match", "fullmatch"}


def _scan(pattern: re.Pattern[str], text: str, search: bool = True) -> float:
    """The processor time (not wall time: other processes share the machine) of one scan: a
    search through the whole text when ``search``, else a match at its start."""
    start = time.thread_time()
    if search:
        for _ in pattern.finditer(text):
            pass
    else:
        pattern.match(text)
    pattern.fullmatch(text)
    return time.thread_time() - start


def _best(pattern: re.Pattern[str], text: str, search: bool, runs: int = 3) -> float:
    return min(_scan(pattern, text, search) for _ in range(runs))


def _grows(
    pattern: re.Pattern[str], attack: Callable[[int], str], search: bool
) -> tuple[int, float, float] | None:
    """(n, time at n, time at 4n) where the time grew more than 9-fold, or None. Lengths grow
    4-fold from SIZES[0] and stop once a scan takes ``STOP`` seconds, so that a cubic pattern
    is caught before it takes minutes."""
    before = _scan(pattern, attack(SIZES[0]), search)
    for small, large in itertools.pairwise(SIZES):
        after = _scan(pattern, attack(large), search)
        if after > FLOOR and after > 9 * before:
            # Confirm with the best of three runs each (timing noise, a GC pause).
            before = _best(pattern, attack(small), search)
            after = _best(pattern, attack(large), search)
            if after > FLOOR and after > 9 * before:
                return small, before, after
        if after > STOP:
            return None
        before = after
    return None


def superlinear(pattern: re.Pattern[str], search: bool = True) -> str | None:
    """An example string on which ``pattern``'s time grows faster than linearly, or None."""
    for attack in attacks(pattern):
        grown = _grows(pattern, attack, search)
        if grown is not None:
            n, small, large = grown
            return f"{attack(3)!r} (n={n}: {small:.4f} s, n={4 * n}: {large:.4f} s)"
    return None


@pytest.mark.parametrize("name, pattern", list(_patterns()), ids=lambda x: str(x)[:60])
def test_pattern_runs_in_linear_time(name: str, pattern: re.Pattern[str]) -> None:
    example = superlinear(pattern, search=scans(name))
    assert example is None, f"{name} grows faster than linearly on {example}"


def test_the_harness_finds_a_quadratic_and_a_cubic_pattern() -> None:
    assert superlinear(re.compile(r"[ \t]+([”»])")) is not None
    assert superlinear(re.compile(r"^\s*#\s+(.*?)\s*#*\s*$")) is not None
    assert superlinear(re.compile(r"^Data\s+as\s+of\s*:\s*(?P<date>.+?)\s*$")) is not None
    assert superlinear(re.compile(r"^\s*#\s+(.*?)\s*#*\s*$"), search=False) is not None
    assert superlinear(re.compile(r"[ \t]++(?P<q>[”»])?")) is None
    assert superlinear(re.compile(r"\s+(\S)"), search=False) is None


@pytest.mark.parametrize("name", MODULES)
def test_patterns_are_compiled_where_the_harness_sees_them(name: str) -> None:
    """No ``re.sub(r"...", ...)`` with a pattern literal: compile it at module level instead."""
    module = importlib.import_module(name)
    tree = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8"))
    inline = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
        and node.func.attr != "compile"
        and node.args
        and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
    ]
    compiled_in_functions = [
        node.lineno
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
        and not any(f"{name}.{function.name}" == made for made in MADE)
    ]
    assert not inline, f"{name}: re.* with a pattern literal at lines {inline}"
    assert not compiled_in_functions, (
        f"{name}: patterns compiled in functions at lines {compiled_in_functions}"
    )
