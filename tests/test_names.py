"""kg.store.names.resolve_name: the one resolver saved queries, kg view and kg overlap use."""

from __future__ import annotations

import pytest

from kg.errors import InputError, NotFoundError
from kg.store.names import Named, resolve_name

ID = "https://w3id.org/kg/id/"
THINGS = [
    Named(f"{ID}programme/eslojusto", "programme", "#EsLoJusto"),
    Named(f"{ID}programme/gac", "programme", "Global Alliance for Care"),
    Named(f"{ID}partner/undp", "partner", "United Nations Development Programme", ("UNDP",)),
    Named(f"{ID}partner/undp-mexico", "partner", "UNDP Mexico", ("UNDP",)),
    Named(f"{ID}partner/onu-mujeres", "partner", "ONU-Mujeres"),
    Named(f"{ID}place/ciudad-juarez", "place", "Ciudad Juárez", ("MX-CHH-JUA",)),
]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("undp", "undp"),  # a key first: the alias both UNDPs share does not make it ambiguous
        ("EsLoJusto", "eslojusto"),
        ("es lo justo", "eslojusto"),
        ("ONU Mujeres", "onu-mujeres"),
        ("onu mujeres.", "onu-mujeres"),
        ("Ciudad Juarez", "ciudad-juarez"),
        ("CIUDAD  JUÁREZ", "ciudad-juarez"),
        ("mx-chh-jua", "ciudad-juarez"),
        ("GAC", "gac"),
        ("g.a.c.", "gac"),
        ("UNDP Mexico", "undp-mexico"),
        ("kgpartner:undp", "undp"),  # an IRI, as tables print it, or whole
        (f"<{ID}partner/undp-mexico>", "undp-mexico"),
    ],
)
def test_a_name_finds_its_thing_however_it_is_typed(name, key):
    assert resolve_name(THINGS, name).key == key


def test_a_name_that_fits_several_things_lists_their_keys():
    things = [t for t in THINGS if t.key != "undp"]
    things.append(Named(f"{ID}partner/pnud", "partner", "PNUD", ("UNDP",)))
    with pytest.raises(InputError, match=r"^'UNDP' names 2 partners \('pnud', 'undp-mexico'\)"):
        resolve_name(things, "UNDP", "partner")


def test_an_unknown_name_suggests_close_ones_or_says_there_are_none():
    with pytest.raises(NotFoundError, match=r"^no thing named 'Ciudad Juares'; did you mean"):
        resolve_name(THINGS, "Ciudad Juares")
    with pytest.raises(NotFoundError) as caught:
        resolve_name(THINGS, "zzzz")
    assert str(caught.value) == "no thing named 'zzzz'"
    with pytest.raises(NotFoundError, match="there are no places"):
        resolve_name([], "Oaxaca", "place")


def test_an_iri_names_only_its_own_thing():
    with pytest.raises(NotFoundError, match=r"^no partner kgpartner:unicef in the store$"):
        resolve_name(THINGS, "kgpartner:unicef", "partner")
