"""Reading SPARQL before anything runs it: what kind of request it is, which graphs it names,
and whether it would reach the network.

Nothing here executes a query. The text is read twice, by two independent readers, and refused
if either finds a ``SERVICE`` or ``LOAD``:

1. rdflib's SPARQL 1.1 parser (a pyparsing grammar) and its algebra give the request's form,
   its dataset (``FROM``, ``FROM NAMED``, ``USING``), its ``GRAPH`` patterns and every IRI it
   names. Text that parser cannot read is refused, so kg never runs a query it could not check.
2. A lexer that follows the grammar's terminals (comments, the four string forms with their
   escapes, IRIs, prefixed names with ``\\#``-style escapes, variables) finds every bare word,
   where a ``SERVICE`` or ``LOAD`` keyword must stand.

Before either reads it, the text is put in the one form both read alike: line ends become
``\\n`` (the grammar ends a comment at a carriage return too; rdflib's parser does not), and
``\\uXXXX``/``\\UXXXXXXXX`` escapes are expanded once, as the SPARQL grammar says, and text that
would expand again is refused. The normalized text is what kg then runs, so the engine reads the
very text that was checked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from kg.errors import InputError

QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
    "AskQuery": "ASK",
}
NETWORK = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
KEYWORDS = frozenset({"SERVICE", "LOAD"})
# SPARQL 1.1 Query, 19.2: \uXXXX and \UXXXXXXXX are expanded before the grammar reads the text.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ESCAPE_LEFT = re.compile(r"\\[uU][0-9A-Fa-f]")
_UPDATE_WORDS = re.compile(r"([a-z])([A-Z])")
_POSITION = re.compile(r"\(at char (\d+)\), \(line:(\d+), col:(\d+)\)")
# Characters an IRIREF may not hold (SPARQL 1.1 grammar, rule 139).
_NOT_IN_IRI = frozenset('<>"{}|^`\\') | {chr(c) for c in range(0x21)}
_NAME_PUNCTUATION = frozenset("-.:%")
# The characters a backslash may escape in a prefixed name (SPARQL 1.1 grammar, rule 173).
_LOCAL_ESCAPES = frozenset("_~.-!$&'()*+,;=/?#@%")
_WORD_PART_RUN = re.compile(r"\w+")
# The deepest groups, parentheses and brackets kg reads within one another. rdflib's grammar
# recurses some 45 Python frames for each level of nested negations, signs or function calls
# (an EXISTS group about as many, other groups fewer): with Python's limit of 1,000 frames, in a
# thread of its own (``_parse_tree``), it gave up at 22 levels of ``!(`` and 24 of ``STR(``,
# with a message about recursion. kg's saved queries nest up to 15 deep; deeper requests are
# refused in words. In a process where matplotlib's mathtext has turned on pyparsing's packrat
# cache (a notebook that drew a plot), the grammar recurses deeper for each level and gives up
# at 14 levels of ``!(`` (24 of groups): such a request gets the one-line "nested too deep for kg
# to read" instead.
MAX_NESTING = 20


@dataclass(frozen=True)
class Parsed:
    """A request kg has read: ``kind`` (``query`` or ``update``), ``form`` (SELECT, ASK, ...,
    or the update operations), the normalized ``text`` to run and the ``source`` it was read
    from, the graphs its dataset names
    (``FROM``/``USING`` as ``default``, ``FROM NAMED``/``USING NAMED`` as ``named``), whether
    it has ``GRAPH`` patterns, and every IRI it names."""

    kind: str
    form: str
    text: str
    source: str = ""
    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    graph_patterns: bool = False
    iris: frozenset[str] = field(default_factory=frozenset)

    @property
    def has_dataset(self) -> bool:
        """Whether the request chooses its own graphs (a dataset clause)."""
        return bool(self.default or self.named)


def parse(text: str, prefixes: dict[str, str] | None = None) -> Parsed:
    """Read ``text`` as a SPARQL query or update (``prefixes`` predeclared); InputError when it
    is not SPARQL kg can read, or when it would reach the network (``SERVICE``, ``LOAD``)."""
    normalized = normalize(text)
    word = network_keyword(normalized)
    if word is not None:
        raise InputError(f"{word} reaches the network; kg refuses it")
    check_nesting(normalized)
    tree, kind = _parse_tree(normalized)
    if kind == "update" and not dict.get(tree, "request"):
        raise InputError("the SPARQL is empty: no query and no update to run")
    with _quiet_rdflib():
        parts = _parts(tree, kind, prefixes or {})
    names = {node.name for _, nodes in parts for node in nodes if _is_node(node)}
    found = next((NETWORK[n] for n in NETWORK if n in names), None)
    if found is not None:
        raise InputError(f"{found} reaches the network; kg refuses it")
    default, named = _dataset(parts)
    if kind == "query":
        form = QUERY_FORMS[tree[1].name]
    else:
        words = (_UPDATE_WORDS.sub(r"\1 \2", op.name).upper() for op in tree["request"])
        form = ", ".join(dict.fromkeys(words))
    return Parsed(
        kind=kind,
        form=form,
        text=normalized,
        source=text,
        default=default,
        named=named,
        graph_patterns="GraphGraphPattern" in names,
        iris=frozenset(_iris(parts)),
    )


def normalize(text: str) -> str:
    """``text`` with ``\\n`` line ends and its codepoint escapes expanded (once); InputError for
    an escape of no character or one that would expand again."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    def expand(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise InputError(f"SPARQL: {match[0]} is not a character")
        return chr(code)

    expanded = _CODEPOINT.sub(expand, text)
    if _ESCAPE_LEFT.search(expanded):
        raise InputError("SPARQL: an escape that expands to another escape; write the character")
    return expanded


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a warning for each odd IRI it reads; kg reports errors itself, in one line."""
    logger = logging.getLogger("rdflib")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _parse_tree(text: str) -> tuple[Any, str]:
    """rdflib's parse tree of ``text`` and its kind, read in a thread of its own: a new thread
    starts with Python's whole recursion budget, so how deep the grammar may recurse (see
    MAX_NESTING) does not depend on how deep the caller's stack is."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as reader, _quiet_rdflib():
        return reader.submit(_parse_tree_of, text).result()


def _parse_tree_of(text: str) -> tuple[Any, str]:
    try:
        return _query_or_update(text)
    except ValueError as exc:
        raise InputError(f"SPARQL syntax error: {_short(str(exc))}") from None
    except RecursionError:
        raise InputError("SPARQL nested too deep for kg to read; flatten it") from None


def _query_or_update(text: str) -> tuple[Any, str]:
    """``text`` read as a query, else as an update; InputError naming the position of the
    error of the reading that went further."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(text), "query"
    except ParseBaseException as query_error:
        try:
            return parseUpdate(text), "update"
        except ParseBaseException as update_error:
            error = max(query_error, update_error, key=lambda e: e.loc)
            raise InputError(syntax_message(str(error))) from None


def check_nesting(text: str) -> None:
    """InputError, at the line and column where it happens, when ``text`` nests groups,
    parentheses and brackets more than ``MAX_NESTING`` deep (strings, IRIs and comments
    aside), before a parser recurses into them."""
    depth = 0
    for kind, value, at in _tokens(text):
        if kind not in ("brace", "paren", "bracket"):
            continue
        depth += 1 if value in "{([" else -1
        if depth > MAX_NESTING:
            line, column = position(text, at)
            raise InputError(
                f"SPARQL nested too deep at line {line}, column {column}: kg reads at most "
                f"{MAX_NESTING} levels of {{ }}, ( ) and [ ] within one another"
            )


def syntax_message(error: str) -> str:
    """A parser's error as one line naming the line and column."""
    match = _POSITION.search(error)
    detail = _short(error[: match.start()] if match else error)
    if match is None:
        return f"SPARQL syntax error: {detail}"
    return f"SPARQL syntax error at line {match[2]}, column {match[3]}: {detail}"


def _short(message: str, limit: int = 160) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _children(node: Any) -> list[Any]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue | dict):
        return list(node.values())
    if isinstance(node, ParseResults | list | tuple):
        return list(node)
    return []


def _walk(root: Any) -> list[Any]:
    """Every node of an algebra or parse tree, depth first (iterative: trees can be deep)."""
    seen, stack = [], [root]
    while stack:
        node = stack.pop()
        seen.append(node)
        stack.extend(reversed(_children(node)))
    return seen


def _is_node(node: Any) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    return isinstance(node, CompValue)


def _parts(tree: Any, kind: str, prefixes: dict[str, str]) -> list[tuple[Any, list[Any]]]:
    """Each operation's prologue (its BASE and prefixes, after ``prefixes``) and every node of
    its parse tree. The parse tree, not rdflib's algebra: translating an update's data into
    algebra takes time growing with the square of its triples."""
    from rdflib.plugins.sparql.algebra import translatePrologue

    if kind == "query":
        return [(translatePrologue(tree[0], None, prefixes), _walk(tree[1]))]
    parts, prologue = [], None
    for declared, request in zip(tree["prologue"], tree["request"], strict=False):
        prologue = translatePrologue(declared, None, prefixes, prologue)
        parts.append((prologue, _walk(request)))
    return parts


def _resolve(prologue: Any, term: Any) -> str | None:
    """A parse tree's IRI (an IRIREF or a prefixed name) as an absolute IRI, or None."""
    from rdflib import URIRef

    if _is_node(term) and term.name == "pname":
        try:
            return str(prologue.absolutize(term))
        except Exception:  # an undeclared prefix: rdflib raises Exception itself
            raise InputError(f"SPARQL: unknown prefix {term.prefix}:") from None
    if isinstance(term, URIRef):
        return str(prologue.absolutize(term))
    return None


def _iris(parts: list[tuple[Any, list[Any]]]) -> set[str]:
    found = set()
    for prologue, nodes in parts:
        for node in nodes:
            iri = _resolve(prologue, node)
            if iri is not None:
                found.add(iri)
    return found


def _dataset(parts: list[tuple[Any, list[Any]]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The graphs of ``FROM`` and ``USING`` (default) and of their ``NAMED`` forms."""
    default: list[str] = []
    named: list[str] = []
    for prologue, nodes in parts:
        for node in nodes:
            if not _is_node(node) or node.name not in ("DatasetClause", "UsingClause"):
                continue
            for key, into in (("default", default), ("named", named)):
                iri = _resolve(prologue, dict.get(node, key))
                if iri is not None:
                    into.append(iri)
    return tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named))


def network_keyword(text: str) -> str | None:
    """The first bare word of ``text`` that is ``SERVICE`` or ``LOAD`` (any case), read by the
    grammar's terminals: comments, strings, IRIs, prefixed names and variables hold no
    keyword. One pass over the characters, so it runs in time linear in the text."""
    for kind, word, _ in _tokens(text):
        if kind == "word" and word.upper() in KEYWORDS:
            return word.upper()
    return None


def outer_group(text: str) -> int | None:
    """The offset of the ``{`` that opens the query's outermost WHERE group (after a
    CONSTRUCT template), or None."""
    tokens = [(kind, value, at) for kind, value, at in _tokens(text)]
    skip_template = False
    for i, (kind, value, _) in enumerate(tokens):
        if kind == "word" and value.upper() == "CONSTRUCT":
            following = tokens[i + 1][1].upper() if i + 1 < len(tokens) else ""
            skip_template = following != "WHERE"
            break
        if kind == "word" and value.upper() in ("SELECT", "ASK", "DESCRIBE"):
            break
    depth = 0
    for kind, value, at in tokens:
        if kind != "brace":
            continue
        if value == "{":
            if depth == 0 and not skip_template:
                return at
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                skip_template = False
    return None


def where_groups(text: str) -> list[int]:
    """The offsets of the ``{`` that opens the query's outermost WHERE group and of the one
    that opens each subquery's (``SELECT ... {``), in the order they appear."""
    outer = outer_group(text)
    if outer is None:
        return []
    found = [outer]
    tokens = list(_tokens(text))
    for start, (kind, value, at) in enumerate(tokens):
        if at < outer or not _is_word(kind, value, "SELECT"):
            continue
        parens = 0
        for kind, value, at in tokens[start + 1 :]:
            if kind == "paren":
                parens += 1 if value == "(" else -1
            elif kind == "brace" and value == "{" and parens == 0:
                found.append(at)
                break
    return sorted(set(found))


def assignments(text: str) -> list[tuple[str, int]]:
    """``(variable, offset)`` of each variable the query gives a value itself: ``AS ?v`` (in
    ``BIND``, a projection or ``GROUP BY``) and the variables of a ``VALUES`` block."""
    found = []
    tokens = list(_tokens(text))
    for i, (kind, value, _) in enumerate(tokens):
        if _is_word(kind, value, "AS") and i + 1 < len(tokens) and tokens[i + 1][0] == "var":
            found.append((tokens[i + 1][1], tokens[i + 1][2]))
        elif _is_word(kind, value, "VALUES"):
            for after in tokens[i + 1 :]:
                if after[0] == "var":
                    found.append((after[1], after[2]))
                elif after[0] != "paren" or after[1] == ")":
                    break
    return found


def variables(text: str) -> set[str]:
    """The names of the variables ``text`` mentions (without ``?`` or ``$``)."""
    return {value for kind, value, _ in _tokens(text) if kind == "var"}


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _is_word(kind: str, value: str, word: str) -> bool:
    return kind == "word" and value.upper() == word


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """``(kind, text, offset)`` of each bare word (``word``), brace (``brace``), parenthesis
    (``paren``), square bracket (``bracket``) and variable (``var``, its name) outside
    comments, strings, IRIs and prefixed names: each run of letters and digits of a name
    without a colon ("a.SERVICE" is the keyword "a", a full stop and "SERVICE", as the
    grammar reads it)."""
    i, end = 0, len(text)
    while i < end:
        ch = text[i]
        if ch == "#":
            i = _line_end(text, i)
        elif ch in "\"'":
            i = _string_end(text, i)
        elif ch == "<":
            i = _iri_end(text, i)
        elif ch in "?$@":
            stop = _run_end(text, i + 1, _is_word_char)
            if ch != "@" and stop > i + 1:
                yield "var", text[i + 1 : stop], i
            i = max(stop, i + 1)
        elif ch in "{}":
            yield "brace", ch, i
            i += 1
        elif ch in "()":
            yield "paren", ch, i
            i += 1
        elif ch in "[]":
            yield "bracket", ch, i
            i += 1
        elif _is_name_char(ch) or ch == ":":
            stop = _run_end(text, i, _is_name_char, escapes=True)
            token = text[i:stop]
            if ":" not in token:
                for part in _WORD_PART_RUN.finditer(token):
                    yield "word", part[0], i + part.start()
            i = max(stop, i + 1)
        else:
            i += 1


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ord(ch) > 0x7F


def _is_name_char(ch: str) -> bool:
    return _is_word_char(ch) or ch in _NAME_PUNCTUATION


def _line_end(text: str, start: int) -> int:
    stop = text.find("\n", start)
    return len(text) if stop < 0 else stop + 1


def _string_end(text: str, start: int) -> int:
    """The index after the string literal opening at ``start`` (its four forms, escapes
    skipped); InputError for one that never closes."""
    quote = text[start]
    long = text.startswith(quote * 3, start)
    close = quote * 3 if long else quote
    i = start + len(close)
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
        elif text.startswith(close, i):
            return i + len(close)
        elif ch == "\n" and not long:
            break
        else:
            i += 1
    raise InputError("SPARQL syntax error: a string is not closed")


def _iri_end(text: str, start: int) -> int:
    """The index after an IRIREF opening at ``start``, or after the ``<`` when none does (then
    it is the less-than operator)."""
    i = start + 1
    while i < len(text) and text[i] not in _NOT_IN_IRI:
        i += 1
    return i + 1 if i < len(text) and text[i] == ">" else start + 1


def _run_end(text: str, start: int, allowed: Any, escapes: bool = False) -> int:
    """The index after the run of ``allowed`` characters from ``start`` (with ``escapes``,
    also a prefixed name's backslash escapes such as ``\\#``)."""
    i = start
    while i < len(text):
        if escapes and text[i] == "\\" and text[i + 1 : i + 2] in _LOCAL_ESCAPES:
            i += 2
        elif allowed(text[i]):
            i += 1
        else:
            break
    return i
