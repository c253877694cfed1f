"""Reading names in real text: donors, persons, adverbs, acronyms, scoped aliases, Spanish and
former names of UN bodies (kg.extract.context, kg.extract.recognize, the gazetteers)."""

from __future__ import annotations

import pytest

from kg.extract.matcher import is_acronym
from kg.extract.mentions import extract
from tests.helpers_reports import document


def _named(body: str, country: str = "Mexico") -> dict[str, str]:
    extraction = extract(document(body, country))
    return {m.entity: extraction.entities[m.entity].label for m in extraction.mentions}


@pytest.mark.parametrize(
    "body",
    [
        "With the support of Sweden, 36 projects received seed capital in Oaxaca.",
        "Thanks to funding from Norway and Sweden, the office opened two shelters.",
        "In partnership with Canada, the office trained 520 women in Guerrero.",
        "Gracias a una contribución adicional de Canadá, el programa amplió la atención.",
        "Sweden 1,250,000 2023 OECD-DAC donor",
    ],
)
def test_donor_governments_in_funding_contexts_are_partners(body):
    named = _named(body)
    donors = {k for k in named if k.startswith("partner/government-of-")}
    assert donors, named
    assert not {"place/se", "place/no", "place/ca"} & set(named)
    assert all(named[k].startswith("Government of ") for k in donors)
    assert "partner/oecd" not in named


def test_countries_named_otherwise_stay_places():
    named = _named("Delegations from Sweden and Canada visited Oaxaca.")
    assert {"place/se", "place/ca", "place/mx-oax"} <= set(named)


@pytest.mark.parametrize(
    "body",
    [
        "The activist Ana Hidalgo presented a reform to the Senate.",
        "La activista Ana Hidalgo presentó una propuesta.",
        '"We keep our own accounts," said Ana Hidalgo, a cooperative leader.',
        "Ana Hidalgo, a cooperative leader, spoke in Oaxaca.",
        "The report was written by Sofía Ramírez Guerrero in 2023.",
    ],
)
def test_a_place_inside_a_persons_name_is_no_place(body):
    named = _named(body)
    assert "place/mx-hid" not in named and "place/mx-gro" not in named


def test_places_after_other_capitalised_words_stay_places():
    named = _named("The programme reached Ciudad Juárez, Chihuahua and Hidalgo.")
    assert {"place/mx-chh", "place/mx-hid"} <= set(named)


@pytest.mark.parametrize("name", ["G7", "G20", "W20", "C40", "WEPs", "UNW RO", "INMUJERES"])
def test_acronyms_with_digits_lower_case_or_two_words(name):
    assert is_acronym(name)


@pytest.mark.parametrize("name", ["UN Women", "Oaxaca", "Mr", "G 7", "FAO UNDP WFP ILO"])
def test_words_that_are_not_acronyms(name):
    assert not is_acronym(name)


def test_sentence_opening_adverbs_are_not_part_of_names():
    named = _named(
        "The Secretariat for Comprehensive Risk Management trained 27 officials. Later the "
        "Secretariat for Comprehensive Risk Management reported results. Subsequently the "
        "National Search Commission joined. Posteriormente la Fiscalía General del Estado de "
        "Chihuahua adoptó un protocolo."
    )
    labels = set(named.values())
    assert "Secretariat for Comprehensive Risk Management" in labels
    assert "National Search Commission" in labels
    assert "Fiscalía General del Estado de Chihuahua" in labels
    assert not any(
        label.startswith(("Later", "Subsequently", "Posteriormente")) for label in labels
    )


def test_a_curated_alias_does_not_fire_in_another_country():
    body = "The office opened two women's houses in the Pacific region."
    assert "place/region-pacific-coast" in _named(body, "Colombia")
    assert "place/region-pacific-coast" not in _named(body, "Mexico")
    assert "place/region-pacific-coast" not in _named("En la costa del Pacífico de Guerrero.")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("el Fondo de Población de las Naciones Unidas", "partner/unfpa"),
        ("el Fondo de Población de Naciones Unidas", "partner/unfpa"),
        ("la Organización Internacional para las Migraciones", "partner/iom"),
        ("el PNUD", "partner/undp"),
        ("el Programa de las Naciones Unidas para el Desarrollo", "partner/undp"),
        ("la Oficina de las Naciones Unidas contra la Droga y el Delito", "partner/unodc"),
        ("el Fondo de las Naciones Unidas para la Infancia", "partner/unicef"),
        ("the United Nations Fund for Population Activities", "partner/unfpa"),
    ],
)
def test_spanish_and_former_names_of_un_bodies(name, key):
    named = _named(f"En 2022 {name} trabajó en Oaxaca con el INMUJERES.")
    assert key in named, named
    assert len([k for k in named if k.startswith("partner/")]) == 2, named


def test_unifem_is_un_women_itself():
    named = _named(
        "Antes conocido como UNIFEM, el Fondo de Desarrollo de las Naciones Unidas para "
        "la Mujer trabajó con el INMUJERES."
    )
    assert set(named) == {"partner/inmujeres"}
