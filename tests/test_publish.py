"""The main job: every export and view from the bundled report, deterministic, in one folder."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.pipeline import build_report
from kg.publish.make import core_programmes, publish


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from tests.conftest import BUNDLED

    out = tmp_path_factory.mktemp("exports")
    return out, publish([BUNDLED], out)


def test_the_main_job_writes_every_export_and_view(published):
    out, result = published
    names = sorted(p.name for p in result.paths)
    for expected in (
        "unwomen-mexico-2022.ttl",
        "unwomen-mexico-2022.jsonld",
        "unwomen-mexico-2022.graphml",
        "unwomen-mexico-2022-overlap.csv",
        "unwomen-mexico-2022-heatmap.svg",
        "unwomen-mexico-2022.html",
        "unwomen-mexico-2022-overlap.html",
    ):
        assert expected in names
    assert any(n.startswith("unwomen-mexico-2022-programme-") for n in names)
    assert sorted(p.name for p in out.iterdir()) == names


def test_the_turtle_is_the_validated_graph(published, bundled):
    out, _ = published
    parsed = Graph().parse(out / "unwomen-mexico-2022.ttl", format="turtle")
    assert isomorphic(parsed, build_report(bundled).graph)


def test_views_load_nothing_from_the_network(published):
    _, result = published
    for path in result.paths:
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            for marker in ('src="http', "src='http", 'href="http', "@import", "url(http"):
                assert marker not in text, (path.name, marker)


def test_core_programmes_are_the_busiest(bundled):
    graph = build_report(bundled).graph
    keys = core_programmes(graph)
    assert keys and len(keys) <= 8
    assert "global-alliance-for-care" in keys


def test_the_main_job_is_byte_identical_across_processes(bundled, tmp_path):
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        out.mkdir()
        done = subprocess.run(
            [sys.executable, "-m", "kg", "make", str(bundled), "-o", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert sorted(done.stdout.splitlines()) == sorted(str(p) for p in out.iterdir())
        outs.append(out)
    first, second = outs
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_missing_folder_and_no_reports(tmp_path, bundled):
    with pytest.raises(InputError, match="no such directory"):
        publish([bundled], tmp_path / "absent")
    with pytest.raises(InputError, match="at least one report"):
        publish([], tmp_path)
