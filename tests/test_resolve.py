"""Merging the names of one organisation into one entity."""

from kg.extract import gazetteer
from kg.extract.recognize import Candidate, candidates
from kg.extract.resolve import resolve, signature


def test_word_order_and_language_do_not_split_an_organisation():
    names = [
        "National Women's Institute",
        "National Institute of Women",
        "Instituto Nacional de las Mujeres",
    ]
    assert len({signature(n) for n in names}) == 1


def test_definitions_and_signatures_merge_candidates():
    entities = resolve(
        [
            Candidate(("Presidential Council for Women's Equity", "CPEM"), "partner", "government"),
            Candidate(("Presidential Council for Equity of Women",), "partner", None),
            Candidate(("CPEM",), "partner", None),
            Candidate(("Ruta Pacífica de las Mujeres",), "partner", None),
        ],
        [],
    )
    assert sorted((e.key, e.aliases) for e in entities) == [
        (
            "partner/presidential-council-for-equity-of-women",
            ("CPEM", "Presidential Council for Women's Equity"),
        ),
        ("partner/ruta-pacifica-de-las-mujeres", ()),
    ]


def test_curated_entities_keep_their_key_and_gain_spellings():
    curated = gazetteer.curated("partner")
    (entity,) = resolve([Candidate(("National Institute for Women",), "partner", None)], curated)
    assert entity.key == "partner/inmujeres"
    assert "National Institute for Women" in entity.aliases


def test_a_name_with_its_type_word_is_the_same_programme():
    entities = resolve(
        [Candidate(("MOWIP Methodology",), "programme", "methodology")],
        gazetteer.curated("programme"),
    )
    assert [e.key for e in entities] == ["programme/mowip"]


def test_bodies_of_two_states_or_two_secretariats_of_state_stay_apart():
    text = (
        "El Congreso del Estado de Chihuahua y el Congreso del Estado de Guerrero firmaron. "
        "La Secretaría de Estado en el Despacho de la Mujer y la Secretaría de Estado en el "
        "Despacho de Desarrollo Social también."
    )
    entities = resolve(candidates([text], frozenset({"chihuahua", "guerrero"})), [])
    labels = sorted(e.label for e in entities)
    assert labels == [
        "Congreso del Estado de Chihuahua",
        "Congreso del Estado de Guerrero",
        "Secretaría de Estado en el Despacho de Desarrollo Social",
        "Secretaría de Estado en el Despacho de la Mujer",
    ]


def test_governments_of_two_towns_stay_apart_however_their_kind_is_worded():
    # "Autonomous", "Departmental", "Plurinational" say what kind of government a body is, as
    # "Municipal" does; only the place after "of" tells two of them apart.
    text = (
        "The Autonomous Municipal Government of Sucre and the Autonomous Municipal Government "
        "of Potosí signed. El Gobierno Autónomo Departamental de Oruro y el Gobierno Autónomo "
        "Departamental de Pando también."
    )
    entities = resolve(candidates([text], frozenset({"sucre", "potosi", "oruro", "pando"})), [])
    assert sorted(e.label for e in entities) == [
        "Autonomous Municipal Government of Potosí",
        "Autonomous Municipal Government of Sucre",
        "Gobierno Autónomo Departamental de Oruro",
        "Gobierno Autónomo Departamental de Pando",
    ]
