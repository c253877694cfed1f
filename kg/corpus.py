"""Corpus builds: many reports read, extracted, built and checked in parallel processes, each
written as N-Quads (its report graph and its entities' descriptions) ready for one transactional
load into the store.

Each report is checked on its own against the shapes (kg.graph.validate.ensure_conforms: the
compiled checks, confirmed by pySHACL when they find fault), so a build validates what each
report adds and never the whole store. Workers are separate processes (``spawn``: they inherit
neither the store's lock nor its open files) that ignore Ctrl-C; the parent stops them.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
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


def entity_triples(triples: Iterable[Any]) -> list[Any]:
    """The triples the entities graph takes from a report (kg.store.entities.collect says the
    same in SPARQL): every triple about a thing typed with one of ENTITY_CLASSES."""
    import pyoxigraph

    from kg.graph.vocab import ENTITY_CLASSES

    triples = list(triples)
    kind = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    classes = {pyoxigraph.NamedNode(str(c)) for c in ENTITY_CLASSES}
    described = {s for s, p, o in triples if p == kind and o in classes}
    return [t for t in triples if t[0] in described]


def write_nquads(slug: str, triples: Iterable[Any], target: Path) -> int:
    """Write a report's triples into its graph and into the store's default graph (the set
    union of the report graphs, kg.store.union), and what the entities graph takes from them
    into that graph, as N-Quads, to ``target``; return the report's triple count. StoreError when
    the file cannot be written (a full disk)."""
    import pyoxigraph

    from kg.graph.vocab import ENTITIES_GRAPH, graph_iri

    triples = set(triples)
    graph = pyoxigraph.NamedNode(str(graph_iri(slug)))
    entities = pyoxigraph.NamedNode(str(ENTITIES_GRAPH))
    quads = [pyoxigraph.Quad(s, p, o, graph) for s, p, o in triples]
    quads += [pyoxigraph.Quad(s, p, o, pyoxigraph.DefaultGraph()) for s, p, o in triples]
    quads += [pyoxigraph.Quad(s, p, o, entities) for s, p, o in entity_triples(triples)]
    try:
        target.write_bytes(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))
    except OSError as exc:
        raise StoreError(
            f"cannot write a build's working file in {target.parent} ({exc.strerror or exc})"
        ) from None
    return len(triples)


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
    if progress is not None:
        progress("built", 0, len(paths), "")
    if jobs <= 1 or len(paths) <= 1:
        done = []
        for index, path in enumerate(paths):
            done.append(prepare(path, corrections, folder, index))
            if progress is not None:
                progress("built", index + 1, len(paths), "")
        return done
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_ignore_interrupts) as pool:
        futures: list[Future[Prepared]] = [
            pool.submit(prepare, path, corrections, folder, index)
            for index, path in enumerate(paths)
        ]
        try:
            _await(futures, progress)
        except BrokenProcessPool:
            raise StoreError(
                "a build process stopped unexpectedly (out of memory or killed?); nothing was "
                "loaded"
            ) from None
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return [future.result() for future in futures]


def _await(futures: list[Future[Prepared]], progress: Progress | None) -> None:
    """Wait for ``futures`` (in input order); on a failure, drop the work after it, let the
    work before it finish and raise the first failure in input order: the same report's error
    whatever the timing."""
    pending = set(futures)
    while pending:
        finished, pending = wait(pending, timeout=0.2, return_when=FIRST_EXCEPTION)
        if progress is not None and finished:
            progress("built", len(futures) - len(pending), len(futures), "")
        failed = [
            i for i, f in enumerate(futures) if f.done() and not f.cancelled() and f.exception()
        ]
        if failed:
            for future in futures[failed[0] + 1 :]:
                future.cancel()
            wait(futures[: failed[0]])
            first = next(f for f in futures if f.done() and not f.cancelled() and f.exception())
            raise first.exception()  # type: ignore[misc]


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_jobs() -> int:
    """The processes a build uses by default: one per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
