"""Text debris as a kind: compatibility characters, format characters, decomposed accents and
words hyphenated at a line end, in documents and in everything compared with them."""

from __future__ import annotations

import unicodedata

import pytest

from kg.extract.mentions import extract
from kg.readers.debris import normal_form, rejoin_hyphenation, search_key
from kg.readers.text import parse_report
from tests.helpers_reports import document, report_text

CONTROL = (
    "UN Women worked with the United Nations Office on Drugs and Crime and the Resident "
    "Coordinator Office to train 27 officials in Oaxaca. The National Women's Institute "
    "(INMUJERES) and the Secretariat for Comprehensive Risk Management supported the work."
)


def _entities(body: str) -> dict[str, str]:
    extraction = extract(document(body))
    return {m.entity: extraction.entities[m.entity].label for m in extraction.mentions}


@pytest.mark.parametrize(
    "debris",
    [
        # Ligatures from PDF extraction (U+FB00-FB06).
        CONTROL.replace("ffi", "\ufb03").replace("fi", "\ufb01"),
        # Soft hyphens and zero-width characters inside words.
        CONTROL.replace("Oaxaca", "Oa\u00adxaca").replace("Secretariat", "Secre\u00adtariat"),
        CONTROL.replace("Oaxaca", "Oa\u200bxa\u200dca").replace("Institute", "Insti\u2060tute"),
        # Byte-order marks and direction marks anywhere.
        CONTROL.replace("Crime", "Cri\ufeffme").replace("Resident", "\u200eResident"),
        # No-break and other fixed-width spaces between a name's words.
        CONTROL.replace("Resident Coordinator", "Resident\u00a0Coordinator").replace(
            "Risk Management", "Risk\u202fManagement"
        ),
        # Full-width letters.
        CONTROL.replace("INMUJERES", "ＩＮＭＵＪＥＲＥＳ"),
        # Words hyphenated at a line end, plain and soft.
        CONTROL.replace("Oaxaca", "Oa-\nxaca").replace("Secretariat", "Secre\u00ad\ntariat"),
    ],
    ids=[
        "ligatures",
        "soft-hyphens",
        "zero-width",
        "boms",
        "no-break-spaces",
        "full-width",
        "line-end-hyphens",
    ],
)
def test_debris_finds_the_same_entities_as_clean_text(debris):
    assert _entities(debris) == _entities(CONTROL)
    assert "partner/rco" in _entities(debris)


def test_decomposed_accents_read_as_composed():
    composed = _entities("INMUJERES supported shelters in Ciudad Juárez and Querétaro.")
    decomposed = _entities(
        unicodedata.normalize("NFD", "INMUJERES supported shelters in Ciudad Juárez and Querétaro.")
    )
    assert decomposed == composed
    assert "place/mx-que" in composed


def test_a_bom_before_an_outcome_line_invents_no_outcome():
    text = report_text("INMUJERES worked in Oaxaca.").replace("OUTCOME", "\ufeffOUTCOME")
    parsed = parse_report(text, source="t.txt")
    assert [o.id for o in parsed.outcomes] == ["XM-DAC-41146-MEX_D_9.9"]
    assert not any(o.inferred_id for o in parsed.outcomes)


def test_normal_form_keeps_what_is_not_debris():
    assert normal_form("women´s") == "women´s"  # a spacing accent used as an apostrophe
    assert normal_form("women¹ and x²") == "women¹ and x²"  # footnote marks, exponents
    assert normal_form("½ of 1…") == "½ of 1..."
    assert normal_form("O\ufb03ce\u00a0of") == "Office of"
    assert normal_form("line\nbreaks\n") == "line\nbreaks\n"


def test_search_key_ignores_accents_case_form_and_spacing():
    assert search_key("Ciudad  Juarez") == search_key(unicodedata.normalize("NFD", "CIUDAD JUÁREZ"))
    assert search_key("O\ufb03ce") == "office"


def test_line_end_hyphens_join_unless_the_report_writes_the_word_with_its_hyphen():
    assert rejoin_hyphenation("the Secre-\ntariat") == "the Secretariat"
    text = "a co-financed plan; the work was co-\nfinanced"
    assert rejoin_hyphenation(text) == "a co-financed plan; the work was co-financed"
    # A dash between words, a capital after the break and a number stay as they are.
    assert rejoin_hyphenation("women -\nmen") == "women -\nmen"
    assert rejoin_hyphenation("Latin-\nAmerica") == "Latin-\nAmerica"
    assert rejoin_hyphenation("COVID-\n19") == "COVID-\n19"


def test_rejoining_grows_linearly():
    import time

    def cost(n: int) -> float:
        text = "a" * n + "-\nb"
        started = time.perf_counter()
        rejoin_hyphenation(text)
        return time.perf_counter() - started

    small, large = min(cost(20_000) for _ in range(3)), min(cost(80_000) for _ in range(3))
    assert large < small * 16
