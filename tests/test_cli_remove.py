"""`kg remove`: drop one report's graph, keep the others; a held store is a clear error."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import store_held_elsewhere


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_remove_drops_one_report(filled_store):
    result = kg("remove", "small-report-2023")
    assert result.exit_code == 0 and result.stderr == "removed small-report-2023\n"
    assert "small-report-2023" not in kg("list").stdout
    assert kg("query", "ASK { ?p skos:altLabel 'INMUJERES' }").stdout == "true\n"


def test_removing_an_unknown_report_changes_nothing(filled_store):
    result = kg("remove", "small-report-2023", "nope")
    assert result.exit_code == 2
    assert result.stderr == (
        f"kg: error: no report 'nope' in the store {filled_store} "
        "(reports held: small-report-2023, unwomen-mexico-2022)\n"
    )
    assert "small-report-2023" in kg("list").stdout


def test_a_store_held_by_another_process(filled_store):
    with store_held_elsewhere(filled_store):
        result = kg("remove", "small-report-2023")
    assert result.exit_code == 3
    assert result.stderr == (
        f"kg: error: the store {filled_store} is in use by another kg process (its lock is held); "
        "try again\n"
    )
