"""Decomposed accents (as macOS writes them) and unaccented names in every input path: a
corrections file, a --param value, a view focus, a partner name."""

from __future__ import annotations

import unicodedata

from click.testing import CliRunner

from kg.cli import cli


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


REPORT = """# Progress in Mexico country in 2022

OUTCOME XM-DAC-41146-MEX_D_1.1

By 2025, the Mexican State plans with territorial and gender perspective.

The National Women's Institute (INMUJERES) and UN Women trained 27 officials in Querétaro and in \
Ciudad Juárez.

By 2025, women in Querétaro live free of violence.

INMUJERES supported shelters in Ciudad Juárez.
"""


def _kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_decomposed_accents_in_a_corrections_file_match(tmp_path):
    report = tmp_path / "nfd.txt"
    report.write_text(REPORT, encoding="utf-8")
    fix = tmp_path / "nfd.corrections.toml"
    statement = _nfd("By 2025, women in Querétaro live free of violence")
    fix.write_text(f'[[outcome]]\nstatement = "{statement}"\nid = "XM-DAC-41146-MEX_D_2.1"\n')
    result = _kg("build", str(report), "-o", "-", "--no-store")
    assert result.exit_code == 0, result.stderr
    assert "matches no outcome" not in result.stderr and "inferred" not in result.stderr
    assert 'dcterms:identifier "XM-DAC-41146-MEX_D_2.1"' in result.stdout


def test_params_and_view_focus_match_whatever_the_accents(tmp_path, isolated_store):
    report = tmp_path / "nfd.txt"
    report.write_text(_nfd(REPORT), encoding="utf-8")
    assert _kg("build", str(report)).exit_code == 0
    for place in (_nfd("Querétaro"), "Queretaro", "QUERÉTARO", "ciudad juarez"):
        result = _kg("query", "-n", "partners-in-place", "--param", f"place={place}")
        assert result.exit_code == 0, result.stderr
        assert "kgpartner:inmujeres" in result.stdout, place
    for place in (_nfd("Ciudad Juárez"), "Ciudad Juarez"):
        out = tmp_path / "view.html"
        result = _kg("view", str(report), "--place", place, "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert "Ciudad Juárez" in out.read_text(encoding="utf-8")
    result = _kg("overlap", "--partner", "national women's institute", "--format", "json")
    assert result.exit_code == 0, result.stderr


def test_a_name_that_folds_onto_two_things_is_refused():
    import pytest

    from kg.errors import InputError
    from kg.store.names import Named, resolve_name

    places = [
        Named("https://w3id.org/kg/id/place/a", "place", "León"),
        Named("https://w3id.org/kg/id/place/b", "place", "Leon"),
        Named("https://w3id.org/kg/id/place/c", "place", "Oaxaca"),
    ]
    assert resolve_name(places, "leon").key == "b"  # a stored spelling (any case) wins
    assert resolve_name(places, "OAXACÁ").label == "Oaxaca"
    assert resolve_name(places, "LEÓN ").key == "a"
    with pytest.raises(InputError, match=r"'Léon' names 2 things \('a', 'b'\)"):
        resolve_name(places, "Léon")
