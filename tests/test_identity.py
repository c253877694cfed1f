"""Outcome identity across reports: identifier AND statement (kg.graph.vocab.outcome_iri)."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS

from kg.graph.vocab import outcome_iri
from kg.pipeline import build_report
from kg.readers.debris import statement_key

PERIOD_1 = "By 2021, women participate fully in political decision-making."
PERIOD_2 = "Former combatants, in particular women, enjoy their rights (UNSDCF 1.1)"


def _report(path, identifier: str, statement: str, body: str, year: int = 2023) -> None:
    path.write_text(
        f"# Progress in Colombia country in {year}\n\nOUTCOME {identifier}\n\n{statement}\n\n"
        f"{body}\n",
        encoding="utf-8",
    )


def _outcomes(graph) -> set:
    return set(graph.subjects(DCTERMS.identifier, Literal("XM-DAC-41146-COL_D_1.1")))


def test_the_same_outcome_in_two_years_reports_is_one_outcome(tmp_path):
    first, second = tmp_path / "col-2022.txt", tmp_path / "col-2023.txt"
    _report(first, "XM-DAC-41146-COL_D_1.1", PERIOD_2, "UNDP supported 12 cooperatives.")
    # The same statement as another year's page prints it: other case, spacing, accents kept,
    # no closing cross-reference.
    restated = "Former  combatants, in particular WOMEN, enjoy their rights"
    _report(second, "XM-DAC-41146-COL_D_1.1", restated, "UNFPA trained 40 midwives.")
    assert _outcomes(build_report(first).graph) == _outcomes(build_report(second).graph)


def test_a_reused_identifier_with_another_statement_is_another_outcome(tmp_path, isolated_store):
    old, new = tmp_path / "col-2019.txt", tmp_path / "col-2023.txt"
    _report(old, "XM-DAC-41146-COL_D_1.1", PERIOD_1, "UNDP trained 30 candidates.", 2019)
    _report(new, "XM-DAC-41146-COL_D_1.1", PERIOD_2, "UNDP supported 12 cooperatives.")
    a, b = _outcomes(build_report(old).graph), _outcomes(build_report(new).graph)
    assert len(a) == len(b) == 1 and a != b

    from kg.commands import build_reports, run_query

    build_reports([old, new], store=str(isolated_store))
    result = run_query(
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a kg:Outcome ; dcterms:identifier ?id }",
        store=str(isolated_store),
    )
    assert int(result.rows[0][0].value) == 2


def test_statement_key_ignores_form_not_wording():
    assert statement_key("Women lead (UNSDCF 3.2)") == statement_key("women  LEAD.")
    assert statement_key("Mujeres en Querétaro") == statement_key("Mujeres en Queretaro")
    assert statement_key("Women lead") != statement_key("Women lead communities")
    assert statement_key("") == ""


def test_identifiers_unique_only_in_their_context_are_scoped():
    statement = "Policies and Legislation"
    mexico = outcome_iri("Outcome-1", statement, "MX")
    argentina = outcome_iri("Outcome-1", statement, "AR")
    assert mexico != argentina
    assert mexico == outcome_iri("Outcome-1", "policies and legislation", "MX")
    assert outcome_iri("X-1", statement) != outcome_iri("X-1", "")


def test_two_years_of_one_outcome_are_two_reports_not_one_given_twice(tmp_path, isolated_store):
    """Reports of two years on the same outcomes (same identifiers and statements, as an
    organisation reports year after year) both load: they are not one report given twice."""
    from click.testing import CliRunner

    from kg.cli import cli

    first, second = tmp_path / "col-2022.txt", tmp_path / "col-2023.txt"
    _report(first, "XM-DAC-41146-COL_D_1.1", PERIOD_2, "UNDP supported 12 cooperatives.", 2022)
    _report(second, "XM-DAC-41146-COL_D_1.1", PERIOD_2, "UNDP supported 20 cooperatives.", 2023)
    runner = CliRunner()
    together = runner.invoke(cli, ["build", str(first), str(second)])
    assert together.exit_code == 0, together.stderr
    assert runner.invoke(cli, ["remove", "col-2023"]).exit_code == 0
    assert runner.invoke(cli, ["build", str(second)]).exit_code == 0
    assert runner.invoke(cli, ["list"]).stdout.endswith("(2 rows)\n")
