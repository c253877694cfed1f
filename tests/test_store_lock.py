"""Readers share the store, a writer has it alone and says who holds it before any work, and a
folder that is not a store is never made into one."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from kg.cli import cli
from kg.graph.vocab import KG
from tests.conftest import SMALL_REPORT, store_held_elsewhere


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def reader_elsewhere(store: Path):
    """A process that holds the store open for reading, as a running 'kg query' does."""
    return store_held_elsewhere(store, read_only=True)


def test_readers_share_the_store(filled_store):
    with reader_elsewhere(filled_store):
        listed = kg("list")
        assert listed.exit_code == 0 and "small-report-2023" in listed.stdout
        asked = kg("query", "ASK { ?p a kg:Partner }")
        assert asked.exit_code == 0 and asked.stdout == "true\n"


def test_a_writer_says_who_holds_the_store_before_any_work(filled_store, small_report, monkeypatch):
    from kg import corpus

    def never(*args, **kwargs):
        raise AssertionError("the report was read although the store is in use")

    monkeypatch.setattr(corpus, "prepare", never)
    with reader_elsewhere(filled_store) as pid:
        result = kg("build", str(small_report))
        removed = kg("remove", "small-report-2023")
    assert result.exit_code == 3
    assert (
        "is in use by" in result.stderr and f"(pid {pid}); kg is not changing it" in result.stderr
    )
    assert result.stderr.count("\n") == 1
    assert removed.exit_code == 3 and f"(pid {pid})" in removed.stderr
    assert "small-report-2023" in kg("list").stdout


def test_a_folder_that_is_not_a_store_is_refused_and_left_alone(tmp_path, small_report):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    for args in (["build", str(small_report)], ["list"], ["query", "ASK {}"]):
        result = kg(*args, "--store", str(folder))
        assert result.exit_code == 2, (args, result.output)
        assert "is not a kg store" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_two_reports_with_one_file_name_in_two_folders_are_two_reports(tmp_path):
    first, second = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    for path, place in ((first, "Oaxaca"), (second, "Guerrero")):
        path.parent.mkdir()
        path.write_text(SMALL_REPORT.replace("Oaxaca", place), encoding="utf-8")
    out = tmp_path / "both.ttl"
    result = kg("export", str(first), str(second), str(first), "-o", str(out))
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out)
    reports = sorted(str(r) for r in graph.subjects(RDF.type, KG.Report))
    assert [r.rsplit("/", 1)[-1] for r in reports] == ["a-x", "b-x"]


@pytest.mark.parametrize("slug", ["a b", "../x", "X", ""])
def test_report_names_are_checked(filled_store, slug):
    result = kg("export", "--report", slug, "-o", "x.ttl")
    assert result.exit_code == 2 and "is not a report name" in result.stderr


@contextmanager
def read_only_view(folder: Path, mount_point: Path) -> Iterator[Path]:
    """``folder`` seen through a read-only bind mount at ``mount_point``: read-only media, as a
    DVD or a share mounted read-only is (root only; the test is skipped elsewhere)."""
    mount_point.mkdir()
    bound = subprocess.run(["mount", "--bind", str(folder), str(mount_point)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip("read-only media cannot be made here (mount needs root)")
    try:
        made = subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(mount_point)], capture_output=True
        )
        if made.returncode != 0:
            pytest.skip("read-only media cannot be made here (remount refused)")
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


def test_a_store_on_read_only_media_is_read_and_not_written(filled_store, small_report, tmp_path):
    with read_only_view(filled_store.parent, tmp_path / "media") as media:
        store = str(media / filled_store.name)
        listed = kg("list", "--store", store)
        asked = kg("query", "--store", store, "ASK { ?p a kg:Partner }")
        built = kg("build", "--store", store, str(small_report))
    assert listed.exit_code == 0 and "small-report-2023" in listed.stdout
    assert asked.exit_code == 0 and asked.stdout == "true\n"
    assert built.exit_code == 3 and built.stderr.count("\n") == 1
    assert "Read-only file system" in built.stderr
