"""Names as people type them: the one resolver every command and saved query uses.

``resolve_name`` finds the thing a name means among ``Named`` things (a partner, programme,
place or outcome, with its label, aliases, codes and key), trying in turn:

1. its key (the end of its IRI: ``inmujeres``, ``undp-mexico``);
2. a label, alias, code or identifier as stored, case aside ("Leon" is not "León" when both
   are stored);
3. a label, alias, code or identifier, accents, case and Unicode form aside
   (kg.readers.debris.search_key: "Ciudad Juarez" finds "Ciudad Juárez");
4. the same without spaces and punctuation ("EsLoJusto" finds "Es Lo Justo", "ONU Mujeres"
   finds "ONU-Mujeres");
5. an acronym: the initials of a label's or alias's words, small words aside ("GAC" finds
   "Global Alliance for Care").

The first step that finds something decides: one thing is the answer, several are an InputError
listing their keys; nothing at all is a NotFoundError suggesting up to three close names.

Saved queries match names by joining on their lower-cased form in SPARQL, which cannot set
accents aside: ``spell_names`` resolves each of their name parameters first (the store's names
are read with one query) and binds the stored label of the thing it names. ``kg view`` and
``kg overlap`` resolve their ``--partner``, ``--programme``, ``--place`` and ``--outcome`` here.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kg.errors import InputError, NotFoundError
from kg.graph.vocab import expand
from kg.readers.debris import normal_form, search_key
from kg.store.query import Result

# The type of thing each saved query parameter names (any type for the others): an
# organisation's name given for a place was matched as a place's and gave an empty answer.
PARAM_TYPES = {
    "partner": "partner",
    "programme": "programme",
    "place": "place",
    "organisation": "partner",
    "provider": "partner",
    "receiver": "partner",
}
# Saved query parameters that are values, not names: years, and an outcome's or activity's
# identifier (one identifier may name an outcome of several statements, each its own node),
# which kg.commands.check_held_values checks as given.
VALUE_PARAMS = frozenset({"earlier", "later", "outcome", "identifier"})
# Words an acronym leaves out (English and Spanish articles, prepositions and conjunctions), and
# that a name's identity does not rest on (kg.store.linkage).
SMALL_WORDS = frozenset(
    "a an and at for in of on the to by with de del la las el los y e en para por con".split()
)
NAMES = """
SELECT DISTINCT ?node ?class ?label ?name WHERE {
  VALUES ?class { kg:Organisation kg:Programme kg:Place kg:Outcome }
  ?node a ?class ; skos:prefLabel ?label .
  OPTIONAL { ?node skos:altLabel|skos:notation|dcterms:identifier ?name . FILTER(isLiteral(?name)) }
}
"""
_TYPES = {
    "Organisation": "partner",
    "Programme": "programme",
    "Place": "place",
    "Outcome": "outcome",
}


@dataclass(frozen=True)
class Named:
    """Something a name can mean: its IRI, type (``partner``, ``programme``, ``place``,
    ``outcome``), label and other names (aliases, codes, identifiers)."""

    iri: str
    type: str
    label: str
    names: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The end of its IRI (``inmujeres``), which names it alone."""
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


def _exact(text: str) -> str:
    return " ".join(normal_form(text).casefold().split())


def compact_key(text: str) -> str:
    """``search_key`` without spaces and punctuation ("Es Lo Justo" and "EsLoJusto" agree)."""
    return "".join(ch for ch in search_key(text) if ch.isalnum())


def initials(text: str) -> str:
    """The initials of ``text``'s words, small words aside ("Global Alliance for Care": gac)."""
    words = "".join(ch if ch.isalnum() else " " for ch in search_key(text)).split()
    return "".join(word[0] for word in words if word not in SMALL_WORDS)


def resolve_name(things: Iterable[Named], name: str, what: str = "thing") -> Named:
    """The one of ``things`` that ``name`` means (see the module docstring for the order of
    the steps); ``what`` names the kind in messages ("partner"). InputError when ``name``
    fits several things, NotFoundError with close names when it fits none."""
    candidates = list(things)
    iri = expand(name)
    if iri is not None:
        for thing in candidates:
            if thing.iri == iri:
                return thing
        raise NotFoundError(f"no {what} {name} in the store")
    wanted, exact, compact = search_key(name), _exact(name), compact_key(name)
    steps: list[Callable[[Named], bool]] = [
        lambda t: search_key(t.key) == wanted,
        lambda t: exact in {_exact(n) for n in (t.label, *t.names)},
        lambda t: wanted in {search_key(n) for n in (t.label, *t.names)},
        lambda t: bool(compact) and compact in {compact_key(n) for n in (t.label, *t.names)},
        lambda t: len(compact) > 1 and compact in {initials(n) for n in (t.label, *t.names)},
    ]
    for fits in steps:
        found = {t.iri: t for t in candidates if fits(t)}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            keys = ", ".join(sorted(repr(t.key) for t in found.values()))
            raise InputError(f"{name!r} names {len(found)} {what}s ({keys}): name one by its key")
    if not candidates:
        raise NotFoundError(f"no {what} named {name!r}; there are no {what}s")
    close = close_names(candidates, wanted)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise NotFoundError(f"no {what} named {name!r}{hint}")


def close_names(things: Sequence[Named], wanted: str) -> list[str]:
    """Up to three names like ``wanted`` (a search key), one per thing, the closest first."""
    spelled: dict[str, str] = {}
    owner: dict[str, str] = {}
    for thing in things:
        for name in (thing.label, *thing.names):
            spelled.setdefault(search_key(name), name)
            owner.setdefault(search_key(name), thing.iri)
    folded = sorted(spelled)
    close = difflib.get_close_matches(wanted, folded, n=10, cutoff=0.6)
    close += [k for k in folded if wanted and len(wanted) > 2 and wanted in k]
    picked: dict[str, str] = {}
    for name in close:
        picked.setdefault(owner[name], spelled[name])
    return list(picked.values())[:3]


def stored_names(run: Callable[[str], Result]) -> list[Named]:
    """Every partner, programme, place and outcome of a store with its names, read with one
    query that ``run`` runs where the saved query will (the store or an endpoint)."""
    label: dict[str, tuple[str, str]] = {}
    names: dict[str, set[str]] = {}
    for node, cls, text, other in run(NAMES).rows:
        type_ = _TYPES.get(cls.value.rsplit("#", 1)[-1])
        if type_ is None:
            continue
        current = label.get(node.value)
        if current is None or (type_, text.value) < current:
            label[node.value] = (type_, text.value)
        spellings = [text.value] + ([other.value] if other else [])
        if type_ == "outcome":
            spellings += [s.rsplit("-", 1)[-1] for s in spellings]  # MEX_D_1.1
        names.setdefault(node.value, set()).update(spellings)
    return [
        Named(iri, type_, text, tuple(sorted(names[iri] - {text})))
        for iri, (type_, text) in sorted(label.items())
    ]


def spell_names(params: dict[str, Any], run: Callable[[str], Result]) -> dict[str, Any]:
    """``params`` with each value (a name or an IRI) replaced by the stored label of the one
    thing it names (``resolve_name``; its type by ``PARAM_TYPES``, any type for other
    parameters but the values of ``VALUE_PARAMS``, kept as given); ``run`` runs a SPARQL
    query where the saved query will. An IRI (``<...>``, ``kgpartner:x``) names the thing it
    is: it is replaced by its label too (saved queries match names, never IRIs), and one the
    store does not hold is NotFoundError (never an empty answer)."""
    import pyoxigraph

    texts = {
        k: v.value if isinstance(v, pyoxigraph.Literal) else f"<{v.value}>"
        for k, v in params.items()
        if k not in VALUE_PARAMS
    }
    if not texts:
        return params
    things = stored_names(run)
    result = dict(params)
    for param, value in texts.items():
        type_ = PARAM_TYPES.get(param)
        pool = [t for t in things if type_ is None or t.type == type_]
        try:
            found = resolve_name(pool, value, type_ or "thing")
        except NotFoundError as exc:
            raise NotFoundError(f"--param {param}: {exc}{_other_type(things, value)}") from None
        except InputError as exc:
            raise InputError(f"--param {param}: {exc}") from None
        name = _own_name(found, pool, param) if type_ is not None else found.label
        result[param] = pyoxigraph.Literal(name)
    return result


def _own_name(found: Named, pool: Sequence[Named], param: str) -> str:
    """The name a saved query can match ``found`` (a partner, programme or place) by: its
    label, or, where a thing of ``pool`` in another country's scope bears that label too (two
    countries' "Ministry of Finance", kg.extract.scope), its first name no such thing bears
    ("Ministry of Finance (Guatemala)"). Things of one scope that share a name are left to
    the merges (kg.store.merges), which saved queries follow. InputError when every name of it
    is another's too: a saved query would answer for both."""
    from kg.extract.scope import scope_of

    others: set[str] = set()
    for thing in pool:
        if thing.iri != found.iri and scope_of(thing.iri) != scope_of(found.iri):
            others.update(_exact(n) for n in (thing.label, *thing.names))
    for name in (found.label, *sorted(found.names)):
        if _exact(name) not in others:
            return name
    raise InputError(
        f"--param {param}: every name of {found.key} is another's too, so a saved query cannot "
        "tell them apart; ask in SPARQL by its IRI"
    )


def _other_type(things: Sequence[Named], name: str) -> str:
    """`` ('NAME' is a programme)`` when ``name`` means one thing of another type, else ``""``."""
    try:
        found = resolve_name(things, name)
    except (InputError, NotFoundError):
        return ""
    return f" ({name!r} is a {found.type})"
