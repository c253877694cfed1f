"""Schwartz-Hearst abbreviation definitions, in both orders."""

from kg.extract.abbreviations import find_definitions


def _pairs(text):
    return [(d.short, d.long) for d in find_definitions(text)]


def test_long_form_then_acronym():
    text = "The Oaxaca State Electoral and Citizen Participation Institute (IEEPCO) and others"
    assert _pairs(text) == [
        ("IEEPCO", "Oaxaca State Electoral and Citizen Participation Institute")
    ]


def test_acronym_then_long_form():
    assert _pairs("INMUJERES (National Women's Institute) said") == [
        ("INMUJERES", "National Women's Institute")
    ]


def test_spanish_acronym_of_an_english_name():
    text = (
        "the National Bank of Data on Violence against Women (BANAVIM for its acronym in Spanish)"
    )
    assert _pairs(text) == [("BANAVIM", "National Bank of Data on Violence against Women")]


def test_offsets_point_at_the_long_form():
    text = "Work with the Special Jurisdiction for Peace (JEP) continued."
    (definition,) = find_definitions(text)
    assert text[definition.start : definition.end] == definition.long


def test_brackets_that_define_nothing():
    assert _pairs("children (0 to 11 years) and adults (65 and over)") == []
    assert _pairs("an increase (see below) of trust") == []


def test_accented_letters_count_as_their_base_letters():
    [definition] = find_definitions("INMUJERES and El Colegio de México (COLMEX) met.")
    assert definition.long == "Colegio de México"


def test_a_translated_acronym_does_not_take_in_the_organisation_listed_before():
    """A Spanish acronym of an English name takes the capitalised words before the bracket,
    but not across "and" after another organisation's acronym: that is a list of two."""
    assert _pairs(
        "In collaboration with UNICEF and the National Union of Domestic Workers (SINACTRAHO), "
        "labour inspectors were trained."
    ) == [("SINACTRAHO", "National Union of Domestic Workers")]
    assert _pairs(
        "In collaboration with UN Women and the National Union of Domestic Workers (SINACTRAHO)"
    ) == [("SINACTRAHO", "National Union of Domestic Workers")]
    assert _pairs("ILO and the Ministry of Labour (STPS) met.") == [("STPS", "Ministry of Labour")]
    assert _pairs("con el PNUD y la Secretaría de Trabajo (STPS).") == [
        ("STPS", "Secretaría de Trabajo")
    ]
