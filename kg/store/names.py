"""Names in saved queries' parameters, looked up as people type them: accents, case and Unicode
form aside ("Ciudad Juarez" finds "Ciudad Juárez").

Saved queries match a name by joining on its lower-cased form, which SPARQL cannot strip of
accents. When one finds nothing, each text parameter that is not already a stored name (ignoring
case) is compared with every stored label, alias and code under kg.readers.debris.search_key,
and bound to the stored spelling of the one thing it names (kg.commands runs the query again);
a name that folds onto several things is refused with their spellings. Reading every name costs
a scan of the names, so it is done only when the name as typed found nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kg.errors import InputError
from kg.readers.debris import search_key
from kg.store.query import Result

NAMES = (
    "SELECT DISTINCT ?node ?name WHERE { "
    "?node skos:prefLabel|skos:altLabel|skos:notation ?name . FILTER(isLiteral(?name)) }"
)


def spell_names(params: dict[str, Any], run: Callable[[str], Result]) -> dict[str, Any]:
    """``params`` with each text value that names a stored thing only once accents are set aside
    replaced by the stored spelling; ``run`` runs a SPARQL query where the saved query will."""
    import pyoxigraph

    texts = {k: v for k, v in params.items() if isinstance(v, pyoxigraph.Literal)}
    if not texts:
        return params
    spelled: set[str] = set()
    by_key: dict[str, dict[str, str]] = {}
    for node, name in run(NAMES).rows:
        spelled.add(name.value.lower())
        by_key.setdefault(search_key(name.value), {}).setdefault(node.value, name.value)
    result = dict(params)
    for param, value in texts.items():
        if value.value.lower() in spelled:
            continue
        found = by_key.get(search_key(value.value), {})
        if len(found) == 1:
            result[param] = pyoxigraph.Literal(next(iter(found.values())))
        elif found:
            names = ", ".join(sorted(set(found.values())))
            raise InputError(f"--param {param}={value.value!r} names several things: {names}")
    return result
