"""``kg make``, the README's first command: it writes every file and leaves kg ready for the
next steps (the store loaded), creates its folder, works outside the repository, and refuses
an output path it cannot write before it writes anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def kg(*args: str, cwd: Path, store: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    if store is not None:
        env["KG_STORE"] = store
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_make_outside_the_repository_creates_exports_and_loads_the_store(tmp_path, small_report):
    """No -o, in a folder with no exports/: the default folder is made; the store holds the
    report, so the README's next step (kg query) answers."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    done = kg("make", str(small_report), cwd=work)
    assert done.returncode == 0, done.stderr
    written = [Path(line) for line in done.stdout.splitlines()]
    assert written and all((work / p).is_file() for p in written)
    assert all(p.parts[0] == "exports" for p in written)
    assert "loaded small-report-2023" in done.stderr
    listed = kg("list", cwd=work)
    assert listed.returncode == 0, listed.stderr
    assert "small-report-2023" in listed.stdout
    asked = kg("query", "-n", "partner-overlap", "--format", "csv", cwd=work)
    assert asked.returncode == 0, asked.stderr
    assert "National Women's Institute" in asked.stdout


def test_make_creates_a_missing_output_folder_with_its_parents(tmp_path, small_report):
    out = tmp_path / "new" / "deeper"
    done = kg("make", str(small_report), "-o", str(out), "--no-store", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (out / "small-report-2023.ttl").is_file()
    assert (out / "ontology" / "kg.ttl").is_file()
    assert not (tmp_path / ".kg").exists()


def test_make_into_a_file_is_refused(tmp_path, small_report):
    (tmp_path / "taken").write_text("a file")
    done = kg("make", str(small_report), "-o", "taken", cwd=tmp_path, store=":memory:")
    assert done.returncode == 2
    assert done.stderr == "kg: error: taken: not a directory; name a folder to write into\n"


def test_a_report_name_too_long_for_its_outputs_is_refused_before_anything_is_written(
    tmp_path, small_report
):
    """A long report name is legal, but '<name>-overlap.html' (with the bundled report, a
    175-character name and '<name>-programme-<key>.html') is not: kg says so in one line and
    writes nothing (not half the exports, no folder, no store)."""
    long = tmp_path / ("r" * 245 + ".txt")
    long.write_bytes(small_report.read_bytes())
    (tmp_path / "exports").mkdir()
    done = kg("make", long.name, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: exports/rrrr"), done.stderr
    assert "bytes long; the file system allows 255" in lines[0]
    assert _files(tmp_path / "exports") == []
    assert not (tmp_path / ".kg").exists()


def test_make_into_the_reports_own_folder_never_writes_over_it(tmp_path, small_report):
    """The repaired text kg publishes is named ``<slug>.txt``, which is the report's own name
    in its own folder: kg leaves the report as it was, says so, and writes the rest."""
    work = tmp_path / "work"
    work.mkdir()
    report = work / small_report.name
    report.write_bytes(small_report.read_bytes())
    done = kg("make", report.name, "-o", ".", cwd=work, store=":memory:")
    assert done.returncode == 0, done.stderr
    assert report.read_bytes() == small_report.read_bytes()
    assert (
        f"kg: warning: {report.name}: the text evidence offsets index (kg's reading of the "
        "report) is not written over the report itself; write to another folder to get it"
    ) in done.stderr.splitlines()
    assert report.name not in done.stdout.splitlines()
    assert (work / f"{report.stem}.ttl").is_file()


def test_an_output_that_is_a_report_read_is_refused_before_anything_is_written(
    tmp_path, small_report
):
    """A report saved as ``r.html`` is where the whole-graph view of report ``r`` goes: kg
    refuses in one line and writes nothing."""
    work = tmp_path / "work"
    work.mkdir()
    report = work / "r.html"
    report.write_bytes(small_report.read_bytes())
    done = kg("make", report.name, "-o", ".", cwd=work, store=":memory:")
    assert done.returncode == 2
    assert (
        done.stderr
        == "kg: error: r.html: is one of the reports read; kg make never writes over it\n"
    )
    assert report.read_bytes() == small_report.read_bytes()
    assert _files(work) == [report]


def test_a_report_is_loaded_by_make_as_by_build(tmp_path, small_report):
    """kg make and kg build load the same triples."""
    made = kg("make", str(small_report), "-o", "out", cwd=tmp_path, store=str(tmp_path / "a"))
    built = kg("build", str(small_report), cwd=tmp_path, store=str(tmp_path / "b"))
    assert made.returncode == 0 and built.returncode == 0, made.stderr + built.stderr
    counts = []
    for store in ("a", "b"):
        listed = kg("list", cwd=tmp_path, store=str(tmp_path / store))
        counts.append(listed.stdout)
    assert counts[0] == counts[1]


@pytest.mark.parametrize("fmt", ["csv", "ttl"])
def test_export_into_a_missing_folder_is_refused_and_writes_nothing(tmp_path, small_report, fmt):
    """'-o missing-dir/' names a folder: kg must not write 'missing-dir-nodes.csv' (or a file
    'missing-dir') beside it."""
    done = kg("export", str(small_report), "--format", fmt, "-o", "missing-dir/", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "kg: error: missing-dir/: no such directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [small_report.name]


def test_export_csv_into_an_existing_folder_with_a_separator(tmp_path, small_report):
    (tmp_path / "out").mkdir()
    done = kg("export", str(small_report), "--format", "csv", "-o", "out/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["edges.csv", "nodes.csv"]


@pytest.mark.parametrize("command", ["view", "build"])
def test_other_outputs_into_a_missing_folder_are_refused(tmp_path, small_report, command):
    args = ["--no-store"] if command == "build" else []
    done = kg(command, str(small_report), *args, "-o", "nowhere/", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "kg: error: nowhere/: no such directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [small_report.name]


TOO_LONG = "n" * 300  # a name no file system on Linux allows (255 bytes)


@pytest.mark.parametrize(
    "args",
    [
        ("export", "REPORT", "-o", f"{TOO_LONG}.ttl"),
        ("export", "REPORT", "--format", "csv", "-o", TOO_LONG),
        ("make", "REPORT", "--no-store", "-o", TOO_LONG),
        ("list", "--store", TOO_LONG),
        ("build", "REPORT", "--store", TOO_LONG),
        ("serve", "--texts", TOO_LONG, "--port", "65000"),
    ],
)
def test_a_path_the_system_refuses_is_one_line_and_writes_nothing(tmp_path, small_report, args):
    """Every command, whichever path is too long: one line naming it, exit 2, no traceback,
    and nothing written."""
    work = tmp_path / "work"
    work.mkdir()
    args = tuple(str(small_report) if a == "REPORT" else a for a in args)
    done = kg(*args, cwd=work, store=str(tmp_path / "store"))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("kg: error: ") and TOO_LONG[:200] in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert _files(work) == []


def test_make_of_a_report_whose_partners_share_nothing_writes_the_rest(tmp_path):
    """A report whose partners each take part in a programme of their own, none acting
    together or sharing a programme or place: the overlap view has nothing to draw. The main job
    writes every other file and says which one it left out (it used to fail after writing eight
    files, exit 2)."""
    from .helpers_reports import report_text

    body = (
        "Within the Spotlight Initiative, UN Women and the National Electoral Institute trained "
        "260 women candidates.\n\nThe HeForShe campaign, funded by the Embassy of Spain, "
        "reached 90 young women."
    )
    report = tmp_path / "alone-2024.txt"
    report.write_text(report_text(body), encoding="utf-8")
    out = tmp_path / "out"
    done = kg("make", str(report), "-o", str(out), "--no-store", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "kg: warning: alone-2024-overlap.html is not written: no two partners act "
        "together or share a programme or place (as kg overlap counts them; a shared outcome "
        "does not join them): nothing to draw\n"
    )
    written = [Path(line) for line in done.stdout.splitlines()]
    assert sorted(written) == _files(out)
    assert out / "alone-2024.html" in written
    assert out / "alone-2024-heatmap.svg" in written
    assert not (out / "alone-2024-overlap.html").exists()


def test_make_reads_a_report_named_twice_once(tmp_path, small_report):
    """The same file given twice (as itself, ./ and absolute) is one report, as kg build and
    kg export take it, not two reports that would share a name."""
    out = tmp_path / "out"
    done = kg(
        "make",
        small_report.name,
        f"./{small_report.name}",
        str(small_report),
        "-o",
        str(out),
        "--no-store",
        cwd=small_report.parent,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "small-report-2023.ttl").is_file()
