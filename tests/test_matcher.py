"""The word n-gram lexicon: longest match, accents and case, acronyms exact, layering."""

from kg.extract.matcher import Lexicon, is_acronym


def _find(lexicon, text):
    return [(text[a:b], key) for a, b, key in lexicon.find(text)]


def test_longest_name_wins_and_accents_are_ignored():
    lexicon = Lexicon()
    lexicon.add("México", "place/mx")
    lexicon.add("El Colegio de México", "partner/colmex")
    text = "El Colegio de Mexico and Mexico"
    assert _find(lexicon, text) == [
        ("El Colegio de Mexico", "partner/colmex"),
        ("Mexico", "place/mx"),
    ]


def test_acronyms_match_exactly_and_lower_case_words_never_start_a_name():
    lexicon = Lexicon()
    lexicon.add("INEGI", "partner/inegi")
    lexicon.add("Progreso", "place/x")
    assert _find(lexicon, "INEGI and inegi made progreso") == [("INEGI", "partner/inegi")]


def test_a_child_lexicon_sees_its_parent_and_the_first_name_wins():
    parent = Lexicon()
    parent.add("Oaxaca", "place/mx-oax")
    child = Lexicon(parent=parent)
    child.add("Oaxaca", "partner/other")
    child.add("Oaxaca Women Network", "partner/own")
    assert _find(child, "Oaxaca Women Network in Oaxaca") == [
        ("Oaxaca Women Network", "partner/own"),
        ("Oaxaca", "place/mx-oax"),
    ]
    assert child.key_of("the Oaxaca Women Network") == "partner/own"


def test_names_do_not_run_across_commas_between_places():
    lexicon = Lexicon()
    lexicon.add("San Pedro Garza García", "place/spgg")
    assert _find(lexicon, "in San Pedro Garza García, Mexico") == [
        ("San Pedro Garza García", "place/spgg")
    ]


def test_acronym_shape():
    assert is_acronym("INMUJERES") and is_acronym("WEPs") and is_acronym("SCA-ECLAC")
    assert not is_acronym("Danone") and not is_acronym("UN Women")


def test_an_acronym_is_found_in_any_capitals_but_never_as_a_word():
    """One normal form for acronyms (accents off, capitals): the gazetteer's "UNiTE" is the
    report's "UNITE" and "WEPs" its "WEPS", but "Unite" and "unite" are words."""
    lexicon = Lexicon()
    lexicon.add("UNiTE", "programme/unite")
    lexicon.add("WEPs", "programme/weps")
    text = "a UNITE video, the WEPS, Unite and unite"
    assert _find(lexicon, text) == [("UNITE", "programme/unite"), ("WEPS", "programme/weps")]
    assert lexicon.key_of("UNITE") == lexicon.key_of("UNiTE") == "programme/unite"
    assert lexicon.key_of("Unite") is None
