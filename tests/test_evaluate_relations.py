"""Relation gold: programme -> partner and programme -> place links scored as the gold rules say."""

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.evaluate import load_gold, match_entities
from kg.evaluate_relations import evaluate_relations, load_relation_gold
from kg.model import Document, Entity, Extraction, Mention, Relation, Sentence
from tests.conftest import BUNDLED, DATA

SENTENCE = Sentence(0, 10, "A sentence.")


def _extraction(entities: list[Entity], links: list[tuple[str, str, str]]) -> Extraction:
    document = Document(slug="r", source="r.txt", text="", outcomes=())
    mentions = [Mention(e.key, "X_1", SENTENCE, 0, 1, e.label) for e in entities]
    relations = [Relation(p, s, o, (SENTENCE,)) for p, s, o in links]
    return Extraction(
        document=document,
        entities={e.key: e for e in entities},
        mentions=mentions,
        relations=relations,
    )


def _gold(tmp_path, data: dict):
    path = tmp_path / "gold.relations.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_relation_gold(path)


def _link(name, kind="explicit", borderline=False):
    return {"name": name, "kind": kind, "borderline": borderline, "evidence": ["A sentence."]}


SPOTLIGHT = Entity("programme/spotlight", "programme", "Spotlight Initiative", ("Spotlight",))
INMUJERES = Entity("partner/inmujeres", "partner", "INMUJERES", ("National Women's Institute",))
UNDP = Entity("partner/undp", "partner", "United Nations Development Programme", ("UNDP",))
CEDAW = Entity("partner/cedaw", "partner", "CEDAW")
OAXACA = Entity("place/oaxaca", "place", "Oaxaca")
GUERRERO = Entity("place/guerrero", "place", "Guerrero")


def test_links_are_matched_by_any_name_and_borderline_links_are_neutral(tmp_path):
    gold = _gold(
        tmp_path,
        {
            "programmes": [
                {
                    "name": "Spotlight",
                    "partners": [
                        _link("National Women's Institute"),
                        _link("UNDP", borderline=True),
                    ],
                    "places": [_link("Oaxaca", "discourse"), _link("Guerrero", "discourse")],
                }
            ]
        },
    )
    extraction = _extraction(
        [SPOTLIGHT, INMUJERES, UNDP, OAXACA, GUERRERO],
        [
            ("hasPartner", SPOTLIGHT.key, INMUJERES.key),
            ("hasPartner", SPOTLIGHT.key, UNDP.key),
            ("operatesIn", SPOTLIGHT.key, OAXACA.key),
        ],
    )
    scores = evaluate_relations(extraction, gold)
    partner, place = scores["programme-partner"], scores["programme-place"]
    assert (partner.true_positives, partner.false_positives, partner.false_negatives) == (1, 0, 0)
    assert (place.precision, place.recall, place.discourse_recall) == (1.0, 0.5, 0.5)
    assert place.missed == ["Spotlight -> Guerrero (discourse)"]


def test_a_link_to_an_entity_only_the_entity_gold_knows_is_a_false_positive(tmp_path):
    gold = _gold(tmp_path, {"programmes": [{"name": "Spotlight Initiative", "partners": []}]})
    entity_gold = tmp_path / "gold.toml"
    entity_gold.write_text(
        '[[partner]]\nlabel = "CEDAW Committee"\naliases = ["CEDAW"]\n'
        '[[programme]]\nlabel = "Spotlight Initiative"\n',
        encoding="utf-8",
    )
    entities = load_gold(entity_gold)
    other = Entity("partner/unknown", "partner", "Someone Unknown")
    extraction = _extraction(
        [SPOTLIGHT, CEDAW, other],
        [
            ("hasPartner", SPOTLIGHT.key, CEDAW.key),
            ("hasPartner", SPOTLIGHT.key, other.key),
        ],
    )
    scores = evaluate_relations(extraction, gold, entities, match_entities(extraction, entities))
    partner = scores["programme-partner"]
    assert partner.spurious == ["Spotlight Initiative -> CEDAW"]
    assert (partner.true_positives, partner.false_negatives) == (0, 0)


def test_collaborations_are_scored_from_either_side(tmp_path):
    gold = _gold(
        tmp_path,
        {
            "programmes": [],
            "collaborations": [{"a": "UNDP", "b": "INMUJERES", "kind": "explicit"}],
        },
    )
    extraction = _extraction([INMUJERES, UNDP], [("collaboratesWith", INMUJERES.key, UNDP.key)])
    scores = evaluate_relations(extraction, gold)
    assert scores["partner-partner"].true_positives == 1
    assert "partner-place" not in scores


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a relation gold file"),
        ('{"programmes": 3}', "needs a list of programmes"),
        ('{"programmes": [{"partners": []}]}', "needs a 'name' name"),
        ('{"programmes": [{"name": "X", "partners": [{"name": "Y", "kind": "near"}]}]}', "kind"),
    ],
)
def test_a_malformed_relation_gold_file_is_refused(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_relation_gold(path)


def test_kg_eval_prints_entity_and_relation_tables():
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            str(BUNDLED),
            str(DATA / "unwomen-mexico-2022.gold.toml"),
            str(DATA / "unwomen-mexico-2022.relations.json"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    tables = result.stdout.split("\n\n")
    assert tables[0].split()[:3] == ["measure", "precision", "recall"]
    rows = [line.split()[0] for line in tables[1].splitlines()]
    assert rows == ["links", "programme-partner", "programme-place"]
    assert tables[1].splitlines()[0].split()[3] == "discourse"


def test_roles_of_found_links_are_compared_with_the_gold(tmp_path):
    from kg.model import Participation

    gold = _gold(
        tmp_path,
        {
            "programmes": [
                {
                    "name": "Spotlight",
                    "partners": [
                        {**_link("INMUJERES"), "role": "convener"},
                        {**_link("UNDP"), "role": "funder"},
                    ],
                }
            ]
        },
    )
    extraction = _extraction(
        [SPOTLIGHT, INMUJERES, UNDP],
        [
            ("hasPartner", SPOTLIGHT.key, INMUJERES.key),
            ("hasPartner", SPOTLIGHT.key, UNDP.key),
        ],
    )
    extraction.participations = [
        Participation(INMUJERES.key, SPOTLIGHT.key, "convener", (SENTENCE,)),
        Participation(UNDP.key, SPOTLIGHT.key, "implementer", (SENTENCE,)),
    ]
    score = evaluate_relations(extraction, gold)["programme-partner"]
    assert (score.roles_right, score.roles_judged) == (1, 2)
    assert score.wrong_roles == ["Spotlight -> UNDP: implementer (funder)"]
