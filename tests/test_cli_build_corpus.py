"""`kg build` of a corpus: folders, parallel processes, the summary, loads that leave whole
reports when interrupted, and rebuilds that touch only one report's graph and its entities."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from kg.graph.vocab import ENTITIES_GRAPH, graph_iri
from kg.pipeline import build_report
from kg.store import entities
from kg.store.local import Store

PARTNERS = ["INMUJERES", "UNDP", "UNICEF", "the International Labour Organization", "UNFPA"]
PLACES = ["Oaxaca", "Guerrero", "Chiapas", "Puebla", "Yucatán"]


def _report(number: int, outcomes: int = 3) -> str:
    parts = [f"Data as of: 1 March 2024\n\n# Progress in Mexico country in {2000 + number}\n"]
    for i in range(outcomes):
        partner = PARTNERS[(number + i) % len(PARTNERS)]
        other = PARTNERS[(number + i + 2) % len(PARTNERS)]
        place = PLACES[(number * 3 + i) % len(PLACES)]
        parts.append(
            f"OUTCOME XM-DAC-41146-MEX_D_{i + 1}.{number + 1}\n\n"
            f"By 2025, women in {place} lead local decisions.\n\n"
            f"{partner} and {other} trained {number * 10 + i + 5} officials in {place}.\n"
        )
    return "\n".join(parts)


def _corpus(folder: Path, count: int, outcomes: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"report-{number:03d}.txt"
        path.write_text(_report(number, outcomes), encoding="utf-8")
        paths.append(path)
    (folder / "report-000.gold.toml").write_text("# not a report\n", encoding="utf-8")
    return paths


def _kg(*args: str, store: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args, "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=600,
    )


DEFAULT = ""  # the default graph's key in _graphs


def _graphs(store: Path) -> dict[str, set]:
    """Every quad of the store, by graph IRI (DEFAULT for the default graph)."""
    with Store.open(str(store), read_only=True) as opened:
        found: dict[str, set] = {}
        for quad in opened.oxigraph:
            name = getattr(quad.graph_name, "value", DEFAULT)
            found.setdefault(name, set()).add(quad.triple)
        return found


def _union(graphs: dict[str, set]) -> set:
    """The set union of the report graphs: what the default graph holds (kg.store.union)."""
    reports = (ts for name, ts in graphs.items() if name not in (DEFAULT, str(ENTITIES_GRAPH)))
    return {t for ts in reports for t in ts}


def _rebuilt_entities(store: Path, graphs: dict[str, set]) -> set:
    """The entities graph kg.store.entities' SPARQL makes from the report graphs held."""
    memory = pyoxigraph.Store()
    for name, triples in graphs.items():
        if name not in (DEFAULT, str(ENTITIES_GRAPH)):
            node = pyoxigraph.NamedNode(name)
            memory.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, node) for t in triples)
    reports = [name for name in graphs if name not in (DEFAULT, str(ENTITIES_GRAPH))]
    memory.update(entities.rebuild(reports))
    return {q.triple for q in memory.quads_for_pattern(None, None, None, _node(ENTITIES_GRAPH))}


def _node(iri: object) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(str(iri))


def test_a_folder_builds_in_parallel_into_the_store_the_one_process_build_makes(tmp_path):
    paths = _corpus(tmp_path / "corpus", 5)
    expected = {p.stem: len(build_report(p).triples) for p in paths}
    parallel, serial = tmp_path / "parallel", tmp_path / "serial"
    result = _kg("build", str(tmp_path / "corpus"), "--jobs", "2", store=parallel)
    assert result.returncode == 0, result.stderr
    total = sum(expected.values())
    summary = result.stderr.splitlines()[-1]
    assert re.fullmatch(
        rf"built 5 reports \({total:,} triples, 0 warnings\), loaded 5, in \d+\.\d s", summary
    ), summary
    for slug, triples in expected.items():
        assert f"loaded {slug} ({triples} triples) into {parallel}" in result.stderr
    assert _kg("build", *map(str, paths), "--jobs", "1", store=serial).returncode == 0
    held = _graphs(parallel)
    assert held == _graphs(serial)
    assert set(held) == {str(graph_iri(s)) for s in expected} | {str(ENTITIES_GRAPH), DEFAULT}
    assert held[DEFAULT] == _union(held)
    for slug, triples in expected.items():
        assert len(held[str(graph_iri(slug))]) == triples
    assert held[str(ENTITIES_GRAPH)] == _rebuilt_entities(parallel, held)


def test_an_empty_folder_and_a_bad_report_in_a_folder_load_nothing(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    store = tmp_path / "store"
    result = _kg("build", str(empty), store=store)
    assert result.returncode == 2
    assert result.stderr.startswith(f"kg: error: {empty}: a folder holding no report")
    paths = _corpus(tmp_path / "corpus", 4)
    paths[2].write_bytes(b"\x00\x01 binary")
    result = _kg("build", str(tmp_path / "corpus"), "--jobs", "2", store=store)
    assert result.returncode == 2
    assert result.stderr == f"kg: error: {paths[2]}: looks like a binary file, not a text report\n"
    assert not store.exists()


def test_rebuilding_one_report_touches_only_its_graph_and_the_entities_it_names(tmp_path):
    paths = _corpus(tmp_path / "corpus", 3)
    store = tmp_path / "store"
    assert _kg("build", str(tmp_path / "corpus"), store=store).returncode == 0
    before = _graphs(store)
    changed = paths[1]
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("UNICEF", "UN Women"), encoding="utf-8"
    )
    result = _kg("build", str(changed), store=store)
    assert result.returncode == 0, result.stderr
    after = _graphs(store)
    target = str(graph_iri(changed.stem))
    assert after[target] != before[target]
    for name in before:
        if name not in (target, str(ENTITIES_GRAPH), DEFAULT):
            assert after[name] == before[name], name
    named = {t.subject for t in before[target] | after[target]}
    difference = before[str(ENTITIES_GRAPH)] ^ after[str(ENTITIES_GRAPH)]
    assert difference and all(t.subject in named for t in difference)
    assert after[str(ENTITIES_GRAPH)] == _rebuilt_entities(store, after)
    assert after[DEFAULT] == _union(after)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_build_stopped_while_loading_leaves_whole_reports(tmp_path, sig):
    """A store that holds reports takes each new one in a transaction. Stopped after the second
    is loaded (Ctrl-C, or killed outright): every report the store holds is whole, the entities
    graph matches them, and the store is free again."""
    paths = _corpus(tmp_path / "corpus", 12, outcomes=12)
    expected = {p.stem: build_report(p).triples for p in paths}
    store = tmp_path / "store"
    assert _kg("build", str(paths[-1]), store=store).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(tmp_path / "corpus"), "--jobs", "1"],
        env={**os.environ, "KG_STORE": str(store)},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    loaded = 0
    for line in process.stderr:
        loaded += line.startswith("loaded ")
        if loaded == 2:
            process.send_signal(sig)
            break
    rest = process.stderr.read()
    code = process.wait(timeout=120)
    assert loaded == 2
    if sig == signal.SIGINT:
        assert code == 130 and rest.splitlines()[-1] == "kg: error: aborted", rest
    else:
        assert code == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while True:  # a killed process's lock goes with it
        listed = subprocess.run(
            [sys.executable, "-m", "kg", "list", "--store", str(store)],
            capture_output=True,
            text=True,
        )
        if listed.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert listed.returncode == 0, listed.stderr
    held = _graphs(store)
    reports = {name for name in held if name not in (DEFAULT, str(ENTITIES_GRAPH))}
    assert 3 <= len(reports) < len(paths)
    for slug, triples in expected.items():
        name = str(graph_iri(slug))
        if name in reports:
            assert {(t.subject, t.predicate, t.object) for t in held[name]} == set(triples)
    assert held[str(ENTITIES_GRAPH)] == _rebuilt_entities(store, held)
    assert held[DEFAULT] == _union(held)


@pytest.mark.parametrize("after", [0.0, 1.0])
def test_a_new_store_stopped_while_building_is_not_made(tmp_path, after):
    """A new store takes reports as they are built (the bulk loader works beside the
    processes that build): Ctrl-C as it begins or midway (60 reports take several seconds)
    leaves no store, no half-made folder and no build process behind."""
    _corpus(tmp_path / "corpus", 60, outcomes=12)
    store = tmp_path / "stores" / "store"
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(tmp_path / "corpus"), "--jobs", "2"],
        env={**os.environ, "KG_STORE": str(store)},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(".store.building-") for p in _listed(store.parent)):
        assert process.poll() is None and time.monotonic() < deadline, "no build began"
        time.sleep(0.05)
    time.sleep(after)
    workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True)
    assert process.poll() is None, "the build ended before it was stopped"
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 130 and errors.splitlines()[-1] == "kg: error: aborted", errors
    assert _listed(store.parent) == []
    deadline = time.monotonic() + 30
    while running := [pid for pid in workers.stdout.split() if _alive(pid)]:
        assert time.monotonic() < deadline, f"build processes {running} left running"
        time.sleep(0.2)


def _alive(pid: str) -> bool:
    """Whether process ``pid`` runs (a zombie waiting to be reaped has stopped)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def _listed(folder: Path) -> list[Path]:
    return list(folder.iterdir()) if folder.exists() else []


def test_a_new_store_is_bulk_loaded_whole_or_not_at_all(tmp_path):
    """A new store is made by the bulk loader beside its place and moved in when complete: a
    load that fails in its second batch, or is left without being committed (an interruption),
    leaves no store and no half-made folder."""
    from kg.corpus import prepare_all
    from kg.errors import StoreError
    from kg.store.local import NewStore

    paths = _corpus(tmp_path / "corpus", 3)
    ready = tmp_path / "ready"
    ready.mkdir()
    prepared = prepare_all(paths, None, ready)
    bad = ready / "bad.nq"
    bad.write_text("<urn:a> <urn:b> not-a-term .\n", encoding="utf-8")
    store = tmp_path / "stores" / "store"
    store.mkdir(parents=True)
    batches = []
    failing = pytest.raises(StoreError, match="cannot make the store")
    with failing, NewStore(str(store), 2, batches.append) as made:
        for path in [p.nquads for p in prepared] + [bad]:
            made.add(path)
        made.commit()
    assert batches == [2]
    assert [p.name for p in store.parent.iterdir()] == ["store"]
    assert not any(store.iterdir())
    with pytest.raises(KeyboardInterrupt), NewStore(str(store), 2) as made:
        for one in prepared:
            made.add(one.nquads)
        assert len(list(store.parent.iterdir())) == 2
        raise KeyboardInterrupt
    assert [p.name for p in store.parent.iterdir()] == ["store"]
    assert not any(store.iterdir())
    with NewStore(str(store), 2, batches.append) as made:
        for one in prepared:
            made.add(one.nquads)
        made.commit()
    assert batches == [2, 2, 3]
    held = _graphs(store)
    assert set(held) == {str(graph_iri(p.slug)) for p in prepared} | {str(ENTITIES_GRAPH), DEFAULT}
    assert held[DEFAULT] == _union(held)
    assert held[str(ENTITIES_GRAPH)] == _rebuilt_entities(store, held)


def test_a_folder_gives_its_iati_files_and_leaves_out_what_is_no_report(tmp_path):
    from kg.corpus import expand

    folder = tmp_path / "corpus"
    (folder / ".cache").mkdir(parents=True)
    (folder / "nested").mkdir()
    iati = Path(__file__).parent / "data" / "iati" / "unicef-sierraleone-2.02-activity.xml"
    (folder / "nested" / "activities.xml").write_bytes(iati.read_bytes())
    (folder / "report.txt").write_text("# Progress in Mexico country in 2022\n", encoding="utf-8")
    (folder / "README.md").write_text("# What this folder holds\n", encoding="utf-8")
    (folder / ".cache" / "notes.txt").write_text("cached\n", encoding="utf-8")
    assert expand([folder]) == [folder / "nested" / "activities.xml", folder / "report.txt"]


@pytest.mark.parametrize("how", ["dot", "symlink"])
def test_a_new_store_given_as_dot_or_a_symlink_is_made_in_place(tmp_path, how):
    report = _corpus(tmp_path / "in", 1)[0]
    folder = tmp_path / "store"
    folder.mkdir()
    if how == "symlink":
        (tmp_path / "link").symlink_to(folder)
        cwd, store = tmp_path, "link"
    else:
        cwd, store = folder, "."
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(report), "--store", store],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    with Store.open(str(folder)) as opened:
        assert opened.slugs()


def test_of_several_failures_a_parallel_build_raises_the_first_in_input_order():
    """The later report fails first; the error is still the earlier report's."""
    import threading
    from concurrent.futures import Future

    from kg.corpus import _await

    futures: list[Future] = [Future() for _ in range(4)]
    for future in futures:
        future.set_running_or_notify_cancel()
    futures[2].set_exception(ValueError("third"))

    def later() -> None:
        time.sleep(0.3)
        futures[1].set_exception(ValueError("second"))
        futures[0].set_result(None)

    threading.Thread(target=later).start()
    with pytest.raises(ValueError, match="second"):
        _await(futures[0], set(futures), futures, None)
