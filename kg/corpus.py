"""Corpus builds: many reports read, extracted, built and checked in parallel processes, each
written as N-Quads (its report graph and its entities' descriptions) ready for one transactional
load into the store.

Each report is checked on its own against the shapes (kg.graph.validate.ensure_conforms: the
compiled checks, confirmed by pySHACL when they find fault), so a build validates what each
report adds and never the whole store. Workers are separate processes (``spawn``: they inherit
neither the store's lock nor its open files) that ignore Ctrl-C; the parent stops them.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError, StoreError

if TYPE_CHECKING:
    from kg.store.local import ReportIdentity

# What a folder given to ``kg build`` contributes: report texts, PDF, portal pages, IATI
# activity files and graphs.
REPORT_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".xml")
# Files a folder holds about itself, not reports.
_ABOUT_FOLDER = ("readme", "license", "licence", "changelog")

# progress(stage, done, total, what): called as reports are built and loaded; ``what`` names
# the report just done ("slug (N triples)") or is empty.
Progress = Callable[[str, int, int, str], None]


@dataclass(frozen=True)
class Prepared:
    """One report built and checked: its slug, where its N-Quads wait, its triple count, the
    input it came from, its warnings and its identity (kg.store.local.ReportIdentity: what
    tells it from a report given twice under two names)."""

    slug: str
    nquads: Path
    triples: int
    source: str
    warnings: list[str]
    identity: ReportIdentity


def expand(inputs: Sequence[Path]) -> list[Path]:
    """The files ``inputs`` name: a file as given, a folder as the report and graph files
    under it (REPORT_SUFFIXES and the RDF formats, sorted by path; corrections and gold files,
    hidden files and folders, and a README or LICENSE are not reports). InputError for a
    folder holding none."""
    from kg.sources import RDF_FORMATS

    suffixes = {*REPORT_SUFFIXES, *RDF_FORMATS}
    files: list[Path] = []
    for path in inputs:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower() in suffixes
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
            and not p.stem.casefold().startswith(_ABOUT_FOLDER)
        )
        if not found:
            endings = ", ".join(sorted(suffixes))
            raise InputError(f"{path}: a folder holding no report (no file ending {endings})")
        files.extend(found)
    return list(dict.fromkeys(files))


def write_nquads(slug: str, triples: Iterable[Any], target: Path) -> int:
    """Write a report's triples into its graph and into the store's default graph (the set
    union of the report graphs, kg.store.union), and what the entities graph takes from them
    into that graph, as N-Quads, to ``target``; return the report's triple count. StoreError when
    the file cannot be written (a full disk)."""
    data, count = nquads(slug, triples)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise StoreError(
            f"cannot write a build's working file in {target.parent} ({exc.strerror or exc})"
        ) from None
    return count


def nquads(slug: str, triples: Iterable[Any]) -> tuple[bytes, int]:
    """The N-Quads ``write_nquads`` writes, and the report's triple count.

    The triples are serialized once, as N-Triples by pyoxigraph (one line a triple: line ends
    in literals are escaped), and each line is written three ways: as it is (an N-Triples line
    is an N-Quads line of the default graph), with the report's graph name before its final
    ``.``, and, for the triples the entities graph takes, with the entities graph's name. That
    is about six times faster than making and serializing three quads a triple, and the same
    quads (tests/test_corpus.py checks both ways against each other)."""
    import pyoxigraph

    from kg.graph.vocab import ENTITIES_GRAPH, graph_iri

    listed = list(dict.fromkeys(triples))
    data = pyoxigraph.serialize(
        [pyoxigraph.Triple(s, p, o) for s, p, o in listed], format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    lines = data.split(b" .\n")
    if lines.pop() != b"" or len(lines) != len(listed):
        raise StoreError(f"{slug}: N-Triples of {len(listed)} triples gave {len(lines)} lines")
    if not lines:
        return b"", 0
    graph = f" {pyoxigraph.NamedNode(str(graph_iri(slug)))} .\n".encode()
    entities = f" {pyoxigraph.NamedNode(str(ENTITIES_GRAPH))} .\n".encode()
    described = _described(listed)
    out = [data, graph.join(lines), graph]
    chosen = [line for line, (s, _, _) in zip(lines, listed, strict=True) if s in described]
    if chosen:
        out += [entities.join(chosen), entities]
    return b"".join(out), len(listed)


def _described(triples: Sequence[Any]) -> set[Any]:
    """The subjects typed with one of ENTITY_CLASSES: the entities graph takes every triple
    about them."""
    import pyoxigraph

    from kg.graph.vocab import ENTITY_CLASSES

    kind = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    classes = {pyoxigraph.NamedNode(str(c)) for c in ENTITY_CLASSES}
    return {s for s, p, o in triples if p == kind and o in classes}


def prepare(path: Path, corrections: Path | None, folder: Path, index: int) -> Prepared:
    """Build, check and write one report text (a worker's job)."""
    from kg.graph.validate import ensure_conforms
    from kg.pipeline import build_report
    from kg.store.local import report_identity

    built = build_report(path, corrections)
    ensure_conforms(built.triples, str(path))
    slug = built.extraction.document.slug
    count = write_nquads(slug, built.triples, folder / f"{index:06d}.nq")
    identity = report_identity(slug, built.triples)
    return Prepared(slug, folder / f"{index:06d}.nq", count, str(path), built.warnings, identity)


def prepare_all(
    paths: Sequence[Path],
    corrections: Path | None,
    folder: Path,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[Prepared]:
    """``prepare`` each report text, in ``jobs`` processes (in this one if 1), in input order;
    the first failure in input order is raised (``_await``). StoreError when a process dies."""
    return list(prepare_each(paths, corrections, folder, jobs=jobs, progress=progress))


def prepare_each(
    paths: Sequence[Path],
    corrections: Path | None,
    folder: Path,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Iterator[Prepared]:
    """``prepare_all`` one report at a time, in input order, each as soon as it and those
    before it are ready: the caller can load early reports while later ones build. A failure
    is raised once a process meets it (the first in input order: ``_await``); closing the
    iterator early stops the work too."""
    if progress is not None:
        progress("built", 0, len(paths), "")
    if jobs <= 1 or len(paths) <= 1:
        for index, path in enumerate(paths):
            one = prepare(path, corrections, folder, index)
            if progress is not None:
                progress("built", index + 1, len(paths), "")
            yield one
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_ignore_interrupts) as pool:
        futures: list[Future[Prepared]] = [
            pool.submit(_prepare_in_worker, path, corrections, folder, index)
            for index, path in enumerate(paths)
        ]
        try:
            pending = set(futures)
            for future in futures:
                pending = _await(future, pending, futures, progress)
                yield future.result()
        except BrokenProcessPool:
            raise StoreError(
                "a build process stopped unexpectedly (out of memory or killed?); nothing was "
                "loaded"
            ) from None
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _await(
    future: Future[Prepared],
    pending: set[Future[Prepared]],
    futures: list[Future[Prepared]],
    progress: Progress | None,
) -> set[Future[Prepared]]:
    """Wait until ``future`` is done, telling ``progress`` how many are; raise the first
    failure in input order once any process meets one (the work before it finishes, the work
    after it is dropped: the same report's error whatever the timing); return what is still
    pending."""
    while True:
        before = len(pending)
        if future.done():
            finished = {f for f in pending if f.done()}
            pending = pending - finished
        else:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        if progress is not None and len(pending) != before:
            progress("built", len(futures) - len(pending), len(futures), "")
        if any(not f.cancelled() and f.exception() for f in finished):
            # The first failure in input order, whatever the timing: the work after the first
            # failure seen is dropped, the work before it finishes.
            seen = next(i for i, f in enumerate(futures) if _failed(f))
            for later in futures[seen + 1 :]:
                later.cancel()
            wait(futures[:seen])
            first = next(f for f in futures if _failed(f))
            raise first.exception()  # type: ignore[misc]
        if future.done():
            return pending


def _failed(future: Future[Prepared]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is not None


def _prepare_in_worker(path: Path, corrections: Path | None, folder: Path, index: int) -> Prepared:
    """``prepare`` in a build process, with Python's cyclic garbage collector paused: preparing
    a report makes no reference cycles (its objects go by reference counting), and the
    collector's passes over the many objects it makes, and over the gazetteers and shapes each
    pass, took a fifth of the CPU. What the first report loaded (modules, gazetteers, compiled
    shapes) is frozen out of later passes; between reports the collector runs as usual."""
    global _frozen
    gc.disable()
    try:
        return prepare(path, corrections, folder, index)
    finally:
        gc.enable()
        if not _frozen:
            gc.collect()
            gc.freeze()
            _frozen = True


_frozen = False  # whether this build process froze what its first report loaded


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_jobs() -> int:
    """The processes a build uses by default: one per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
