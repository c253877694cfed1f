"""Organisation- and programme-shaped names, cue lists, distributed heads."""

from kg.extract.recognize import candidates, distributed_spans, head_of, is_own


def _names(text, places=frozenset()):
    return {(c.names[0], c.type, c.kind) for c in candidates([text], places)}


def test_head_before_the_first_preposition_decides_type_and_kind():
    assert head_of("Ministry of Finance") == ("partner", "government")
    assert head_of("National Program for Equality between Women and Men")[0] == "programme"
    assert head_of("Universidad de los Andes") == ("partner", "academia")
    assert head_of("Global Alliance for Care") == ("programme", "alliance")
    assert head_of("General Law of Women's Access") is None


def test_english_and_spanish_organisation_names():
    names = _names(
        "The Secretaría de las Mujeres del Estado and the Swedish Embassy met the Fundación "
        "Plan, while the National Office did not."
    )
    labels = {n for n, _, _ in names}
    assert {"Secretaría de las Mujeres del Estado", "Swedish Embassy", "Fundación Plan"} <= labels
    assert "National Office" not in labels


def test_and_joins_one_name_or_separates_two():
    labels = {
        n
        for n, _, _ in _names(
            "The Secretariat for Risk Management and Civil Protection and the National Search "
            "Commission met."
        )
    }
    assert "Secretariat for Risk Management and Civil Protection" in labels
    assert "National Search Commission" in labels


def test_cue_lists_take_acronyms_and_names():
    names = _names("A campaign led by UN Women in collaboration with the RCO, ILO and FAO.")
    assert {n for n, _, _ in names} == {"RCO", "ILO", "FAO"}


def test_places_and_the_reporting_organisation_are_not_partners():
    names = _names("in collaboration with Mexico and UN Women", frozenset({"mexico"}))
    assert names == set()
    assert is_own("UN Women Country Office") and is_own("Regional Office")


def test_distributed_heads():
    text = "The Ministries of National Defense, the Navy and Public Security met."
    assert [(text[a:b], n) for a, b, n in distributed_spans(text)] == [
        ("Ministries of National Defense", "Ministry of National Defense"),
        ("Navy", "Ministry of the Navy"),
        ("Public Security", "Ministry of Public Security"),
    ]


def test_brackets_after_words_that_are_not_names():
    names = _names("The (Defensoría del Pueblo) met. In (INER) and the (see below). Jointly (X Y)")
    assert names == {("Defensoría del Pueblo", "partner", "government")}


def test_a_name_stops_before_in_and_a_place_within_a_country():
    places = frozenset({"oaxaca", "colombia"})
    labels = {n for n, _, _ in _names("UNDP joined the Spotlight Initiative in Oaxaca.", places)}
    assert "Spotlight Initiative" in labels
    assert not any("Oaxaca" in label for label in labels)
    country = {n for n, _, _ in _names("The UN Verification Mission in Colombia met.", places)}
    assert "UN Verification Mission in Colombia" in country


def test_capitals_that_fold_unusually_are_no_crash():
    assert distributed_spans("The MİNİSTRİES of Labour and Health met.") == []
