"""What each CLI command does, as plain functions over the library (no click here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, NotFoundError
from kg.pipeline import build_report, merge, to_turtle
from kg.query import (
    Result,
    SavedQuery,
    check_params,
    classify,
    parse_params,
    run_local,
    saved_query,
)
from kg.store import ReportEntry, Store
from kg.validate import ensure_valid


def build_turtle(
    reports: Sequence[Path], corrections: Path | None = None
) -> tuple[bytes, list[str]]:
    """Build ``reports`` into one validated graph; return its Turtle and the warnings."""
    if corrections is not None and len(reports) > 1:
        raise InputError(
            "--corrections applies to one report; name one report or use files beside each report"
        )
    built = [build_report(path, corrections) for path in reports]
    graph = merge([b.graph for b in built])
    ensure_valid(graph, ", ".join(str(p) for p in reports))
    return to_turtle(graph), [w for b in built for w in b.warnings]


@dataclass
class BuildOutcome:
    """What ``kg build`` did: the Turtle (if asked for), the reports loaded, the warnings."""

    turtle: bytes | None
    loaded: list[tuple[str, int]]
    warnings: list[str]


def build_reports(
    reports: Sequence[Path],
    corrections: Path | None = None,
    *,
    store: str | None = None,
    load: bool = True,
    turtle: bool = False,
) -> BuildOutcome:
    """Build and validate ``reports``; load each into its own graph of the store (if ``load``)
    and return the merged Turtle (if ``turtle``). Nothing is loaded unless every report is valid."""
    if corrections is not None and len(reports) > 1:
        raise InputError(
            "--corrections applies to one report; name one report or use files beside each report"
        )
    built = [build_report(path, corrections) for path in reports]
    slugs = [one.extraction.document.slug for one in built]
    twice = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if twice:
        raise InputError(f"two reports would share the name {', '.join(twice)}; rename one")
    for path, one in zip(reports, built, strict=True):
        ensure_valid(one.graph, str(path))
    data = None
    if turtle:
        merged = merge([b.graph for b in built])
        if len(built) > 1:
            ensure_valid(merged, ", ".join(str(p) for p in reports))
        data = to_turtle(merged)
    loaded: list[tuple[str, int]] = []
    if load:
        with Store.open(store, create=True) as opened:
            for one in built:
                slug = one.extraction.document.slug
                loaded.append((slug, opened.replace_report(slug, one.graph)))
    return BuildOutcome(data, loaded, [w for b in built for w in b.warnings])


def list_reports(store: str | None = None) -> list[ReportEntry]:
    """The reports held in the store."""
    with Store.open(store) as opened:
        return opened.reports()


def remove_reports(slugs: Sequence[str], store: str | None = None) -> None:
    """Drop the named reports from the store (all or none: unknown names fail first)."""
    with Store.open(store) as opened:
        held = opened.slugs()
        unknown = [slug for slug in slugs if slug not in held]
        if unknown:
            raise NotFoundError(
                f"no report {unknown[0]!r} in the store {opened.location} "
                f"(reports held: {', '.join(held) or 'none'})"
            )
        for slug in slugs:
            opened.remove_report(slug)


def query_text(
    text: str | None, file: Path | None, name: str | None
) -> tuple[str, SavedQuery | None]:
    """The SPARQL to run, from exactly one of an argument, a file or a saved query's name."""
    given = [x for x in (text, file, name) if x is not None]
    if len(given) != 1:
        raise InputError("give one query: SPARQL text, -f FILE or -n NAME (see --list)")
    if name is not None:
        saved = saved_query(name)
        return saved.text, saved
    if file is not None:
        try:
            return file.read_text(encoding="utf-8"), None
        except FileNotFoundError:
            raise InputError(f"{file}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{file}: cannot read ({exc})") from None
    return str(text), None


def run_query(
    text: str | None,
    file: Path | None = None,
    name: str | None = None,
    params: Sequence[str] = (),
    *,
    store: str | None = None,
    endpoint: str | None = None,
    allow_update: bool = False,
    timeout: float | None = None,
) -> Result:
    """Run a query (text, file or saved) on the store or a remote endpoint."""
    sparql, saved = query_text(text, file, name)
    bound = parse_params(params)
    if saved is not None:
        check_params(saved, bound)
    if endpoint is not None:
        from kg.remote import Endpoint, remote_query

        return remote_query(
            Endpoint.from_url(endpoint), sparql, bound, allow_update=allow_update, timeout=timeout
        )
    classify(sparql)
    with Store.open(store) as opened:
        return run_local(opened, sparql, bound, allow_update=allow_update, timeout=timeout)


def push_reports(
    endpoint: str,
    slugs: Sequence[str] = (),
    *,
    store: str | None = None,
    update_url: str | None = None,
    store_url: str | None = None,
    timeout: float | None = None,
) -> list[tuple[str, int]]:
    """Upload reports (all held, or ``slugs``) to a remote store; return what was pushed."""
    from kg.remote import Endpoint, push

    target = Endpoint.from_url(endpoint, update=update_url, store=store_url)
    with Store.open(store) as opened:
        names = list(slugs) or opened.slugs()
        graphs = [(slug, opened.report_ntriples(slug)) for slug in names]
    pushed = []
    for slug, data in graphs:
        push(target, slug, data, timeout=timeout)
        pushed.append((slug, data.count(b"\n")))
    return pushed
