"""`kg build -o`: Turtle out, byte-identical across runs, one-line errors, no partial files."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, check=False
    )


def test_build_writes_turtle_that_is_byte_identical_across_processes(bundled, tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert run("build", str(bundled), "-o", str(first)).returncode == 0
    assert run("build", str(bundled), "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"XM-DAC-41146-MEX_D_3.1" in first.read_bytes()


def test_build_applies_the_corrections_file_beside_the_report(bundled):
    result = CliRunner().invoke(cli, ["build", str(bundled), "-o", "-"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "no OUTCOME header" not in result.stderr
    assert 'dcterms:identifier "XM-DAC-41146-MEX_D_3.1"' in result.stdout
    assert "kg:correctedIdentifier true" in result.stdout


def test_build_without_corrections_warns_about_the_inferred_identifier(bundled, tmp_path):
    copy = tmp_path / "report.txt"
    copy.write_bytes(bundled.read_bytes())
    result = CliRunner().invoke(cli, ["build", str(copy), "-o", "-"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "kg: warning:" in result.stderr and "D_3.1 (inferred)" in result.stderr
    assert "kg:inferredIdentifier true" in result.stdout


BAD_INPUTS = [
    (b"", "the file is empty"),
    (b"\x00\x01\x02\x03binary\x00", "binary file"),
    ("OUTCOME X-1\n\nBy 2025, Mé.".encode("cp1252"), "not UTF-8"),
    (b"<results><outcome/></results>\n", "this is an XML document (root element <results>)"),
    (b"%PDF-1.4\nnot really a PDF\n", "not a PDF kg can read"),
]


@pytest.mark.parametrize(("content", "message"), BAD_INPUTS)
def test_bad_reports_fail_with_one_line_and_no_output_file(tmp_path, content, message):
    report, output = tmp_path / "in.txt", tmp_path / "out.ttl"
    report.write_bytes(content)
    result = run("build", str(report), "-o", str(output))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kg: error: ")
    assert message in result.stderr and str(report) in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [report]


def test_missing_report(tmp_path):
    result = run("build", str(tmp_path / "absent.txt"))
    assert result.returncode == 2
    assert result.stderr == f"kg: error: {tmp_path / 'absent.txt'}: no such file\n"


def test_unreadable_corrections_file(bundled, tmp_path):
    bad = tmp_path / "fix.toml"
    bad.write_text("[[outcome]\n")
    output = tmp_path / "out.ttl"
    result = run("build", str(bundled), "--corrections", str(bad), "-o", str(output))
    assert result.returncode == 2
    assert str(bad) in result.stderr and result.stderr.count("\n") == 1
    assert not output.exists()


def test_unknown_option_is_one_line(bundled):
    result = run("build", str(bundled), "--colour")
    assert result.returncode == 2
    assert result.stderr.startswith("kg: error: No such option") and result.stderr.count("\n") == 1


def test_output_into_a_missing_directory(bundled, tmp_path):
    result = run("build", str(bundled), "-o", str(tmp_path / "no" / "out.ttl"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr and result.stderr.count("\n") == 1


def test_an_existing_output_survives_a_failed_build(tmp_path):
    report, output = tmp_path / "in.txt", tmp_path / "out.ttl"
    report.write_text("no outcomes here")
    output.write_text("previous")
    assert run("build", str(report), "-o", str(output)).returncode == 2
    assert output.read_text() == "previous"


def test_several_reports_build_into_one_graph(bundled, tmp_path):
    from tests.conftest import DATA

    result = CliRunner().invoke(
        cli, ["build", str(bundled), str(DATA / "headers.txt"), "-o", "-"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert "XM-DAC-41146-PER_D_1.1" in result.stdout and "XM-DAC-41146-MEX_O_4" in result.stdout
