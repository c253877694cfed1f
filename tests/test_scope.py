"""A country's own bodies (its ministries, legislature, courts, national institutes, the
embassies and UN country team in it) named alike in reports of two countries are two
organisations (kg.extract.scope); bodies the name places, and international ones, stay one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract.scope import country_scoped
from kg.graph.vocab import entity_iri
from kg.store.linkage import Organisation, match
from kg.store.local import Store
from kg.store.query import run_local

_REPORT = """Data as of: 20 March 2024

# Progress in {country} country in 2023

OUTCOME XM-DAC-41146-{code}\\_D\\_1.1

By 2025, women in {country} take part in public decisions at every level.

Good progress was made towards this outcome in 2023. UN Women and the Ministry of Finance
trained 40 officials on gender budgeting. The Swedish Embassy funded a campaign with the
National Electoral Institute. UN Women and the Human Rights Council held a dialogue with the
Network of Women Mayors.
"""


@pytest.mark.parametrize(
    "name",
    [
        "Ministry of Finance",
        "Secretariat of Women",
        "Senate of the Republic",
        "Chamber of Deputies",
        "Federal Judiciary Council",
        "National Search Commission",
        "Swedish Embassy",
        "Embassy of Sweden",
        "United Nations Country Team",
        "Resident Coordinator Office",
        "Ministerio de Trabajo",
    ],
)
def test_a_countrys_own_bodies_are_scoped_to_it(name):
    assert country_scoped(name)


@pytest.mark.parametrize(
    "name",
    [
        "Ministry of Labour of Guatemala",
        "Congress of the State of Guerrero",
        "Human Rights Council",
        "Inter-American Court of Human Rights",
        "International Indigenous Women's Forum",
        "Network of Women Mayors",
        "Publicis Group",
        "Department of Safety and Security",
    ],
)
def test_bodies_a_name_places_or_that_are_international_are_not(name):
    assert not country_scoped(name)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scope")
    for country, code in (("Mexico", "MEX"), ("Guatemala", "GTM")):
        text = _REPORT.format(country=country, code=code)
        (folder / f"unwomen-{country.lower()}-2023.txt").write_text(text, encoding="utf-8")
    location = folder / "store"
    result = CliRunner().invoke(
        cli, ["build", str(folder), "--jobs", "1", "--store", str(location)]
    )
    assert result.exit_code == 0, result.output
    return location


def _partners(store: Path) -> dict[str, set[str]]:
    query = """
    SELECT ?label ?org WHERE { ?org a kg:Organisation ; skos:prefLabel ?label }
    """
    found: dict[str, set[str]] = {}
    with Store.open(str(store)) as opened:
        for label, org in run_local(opened, query).rows:
            found.setdefault(label.value, set()).add(org.value)
    return found


def test_two_countries_ministries_of_one_name_are_two_organisations(store):
    partners = _partners(store)
    assert partners["Ministry of Finance"] == {
        str(entity_iri("partner/ministry-of-finance--mx")),
        str(entity_iri("partner/ministry-of-finance--gt")),
    }
    assert len(partners["Swedish Embassy"]) == 2
    assert len(partners["National Electoral Institute"]) == 2
    assert len(partners["Human Rights Council"]) == 1
    assert len(partners["Network of Women Mayors"]) == 1


def test_the_merges_never_join_two_countries_bodies(store):
    result = CliRunner().invoke(cli, ["merges", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "Ministry of Finance" not in result.output
    assert not match(
        [
            Organisation(
                str(entity_iri("partner/ministry-of-finance--mx")), ("Ministry of Finance",)
            ),
            Organisation(
                str(entity_iri("partner/ministry-of-finances--gt")), ("Ministry of Finances",)
            ),
        ]
    )


def test_a_partners_history_names_only_its_own_country(store):
    result = CliRunner().invoke(
        cli, ["overlap", "--history", "kgpartner:ministry-of-finance--gt", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert "Guatemala" in result.output
    assert "Mexico" not in result.output


def test_a_name_two_countries_bodies_share_is_refused_and_their_own_names_work(store):
    shared = CliRunner().invoke(
        cli, ["overlap", "--history", "Ministry of Finance", "--store", str(store)]
    )
    assert shared.exit_code == 2
    assert "names 2 partners" in shared.stderr and len(shared.stderr.splitlines()) == 1
    own = CliRunner().invoke(
        cli, ["overlap", "--history", "Ministry of Finance (Mexico)", "--store", str(store)]
    )
    assert own.exit_code == 0, own.output
    assert "Mexico" in own.output and "Guatemala" not in own.output
