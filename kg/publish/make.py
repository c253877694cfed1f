"""The main job: build reports and write every export and view a team needs into one folder.

One call gives researchers the Turtle, JSON-LD and GraphML with the ontology and shapes that
define their terms (``ontology/kg.ttl``, ``ontology/shapes.ttl``) and each report's text as kg
read it (``<slug>.txt``, the text evidence offsets index), strategists the
partner-overlap CSV and heatmap, and staff the HTML views (whole graph, overlap, one per core
programme). Every file is rendered from the same validated graph and written atomically; the same
reports give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph

from kg.errors import InputError
from kg.files import check_name, check_output, write_atomic
from kg.graph.validate import ensure_valid
from kg.graph.vocab import KG
from kg.pipeline import build_report, merge

CORE_PROGRAMMES = 8


@dataclass
class Published:
    """The files the main job wrote, in the order it wrote them, the build warnings and each
    report's slug and triples (for loading into the store)."""

    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reports: list[tuple[str, frozenset]] = field(default_factory=list)


def publish(reports: Sequence[str | Path], out_dir: str | Path = "exports") -> Published:
    """Build ``reports`` and write exports, the overlap analysis and views into ``out_dir``
    (created, with its parents, if missing). Every report is built and validated, and every
    output path checked (kg.files.check_output: folder, name length), before anything is
    written: InputError names the first path that cannot be written."""
    from kg.analysis.network import format_overlap, overlap, read_links
    from kg.analysis.plot import heatmap
    from kg.publish.export import render
    from kg.publish.views import render_html, view_for

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: not a directory; name a folder to write into")
    if not reports:
        raise InputError("name at least one report")
    built = [build_report(path) for path in reports]
    slugs = [b.extraction.document.slug for b in built]
    refuse_shared_names(list(zip(slugs, map(str, reports), strict=True)))
    graph = merge([b.graph for b in built])
    ensure_valid(graph, ", ".join(str(p) for p in reports))
    stem = slugs[0] if len(built) == 1 else "kg"
    result = Published(
        warnings=[w for b in built for w in b.warnings],
        reports=[(slug, b.triples) for slug, b in zip(slugs, built, strict=True)],
    )
    links = read_links(graph)
    # (path, how to make its bytes), in the order they are written
    plan: list[tuple[Path, Callable[[], bytes | None]]] = [
        (out / f"{stem}.{fmt}", lambda fmt=fmt: render(graph, fmt)[""])
        for fmt in ("ttl", "jsonld", "graphml")
    ]
    plan.append(
        (
            out / f"{stem}-overlap.csv",
            lambda: _utf8(format_overlap(overlap(links, top=None, network=False), "csv")),
        )
    )
    plan.append(
        (
            out / f"{stem}-heatmap.svg",
            _drawing(f"{stem}-heatmap.svg", lambda: heatmap(links, "svg"), result.warnings),
        )
    )
    plan += [(out / "ontology" / name, lambda name=name: _ontology(name)) for name in ONTOLOGY]
    texts = {b.extraction.document.slug: b.extraction.document.text for b in built}
    plan += [
        (path, lambda text=text: _utf8(text))
        for path, text in text_targets(texts, out, reports, result.warnings).items()
    ]
    plan.append((out / f"{stem}.html", lambda: render_html(view_for(graph))))
    plan.append(
        (
            out / f"{stem}-overlap.html",
            _drawing(
                f"{stem}-overlap.html",
                lambda: render_html(view_for(graph, overlap=True)),
                result.warnings,
            ),
        )
    )
    plan += [
        (
            out / f"{stem}-programme-{key}.html",
            lambda key=key: render_html(view_for(graph, programme=key)),
        )
        for key in core_programmes(graph)
    ]
    _check_paths(out, [path for path, _ in plan], reports)
    # Every file is made before the first is written: a failure leaves no half-written folder.
    made = [(path, make()) for path, make in plan]
    for path, data in made:
        if data is not None:
            result.paths.append(write_atomic(path, data))
    return result


def _drawing(
    name: str, make: Callable[[], bytes], warnings: list[str]
) -> Callable[[], bytes | None]:
    """``make`` for a drawing a report may have nothing for (the heatmap, the overlap view: a
    report whose partners share no programme): None, and a warning naming the file ``name``
    added to ``warnings``, when it has nothing to draw, so the main job writes the rest."""

    def made() -> bytes | None:
        try:
            return make()
        except InputError as exc:
            warnings.append(f"{name} is not written: {exc}")
            return None

    return made


ONTOLOGY = ("kg.ttl", "shapes.ttl")


def refuse_shared_names(named: Sequence[tuple[str, str]]) -> None:
    """InputError naming the files when two of ``named`` ((slug, file) pairs) share a slug:
    loaded or published, one would replace the other ("kg build exports/" met a report's text
    and kg's own view of it, both ``unwomen-mexico-2022``)."""
    slugs = [slug for slug, _ in named]
    twice = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if twice:
        files = [where for slug, where in named if slug == twice[0]]
        raise InputError(
            f"two reports would share the name {', '.join(twice)} ({', '.join(files)}); rename one"
        )


def text_targets(
    texts: dict[str, str], folder: Path, inputs: Sequence[str | Path], warnings: list[str]
) -> dict[Path, str]:
    """Where each report's text (slug -> text) goes: ``folder/<slug>.txt``, leaving out, with
    a warning added to ``warnings``, a text whose place is one of the ``inputs`` (a report
    written into its own folder), which kg never writes over."""
    given = {Path(p).resolve() for p in inputs}
    targets = {}
    for slug, text in sorted(texts.items()):
        path = folder / f"{slug}.txt"
        if path.resolve() in given:
            warnings.append(
                f"{path}: the text evidence offsets index (kg's reading of the report) is not "
                "written over the report itself; write to another folder to get it"
            )
        else:
            targets[path] = text
    return targets


def _check_paths(out: Path, paths: list[Path], inputs: Sequence[str | Path]) -> None:
    """Refuse, before anything is written, a path no file can have (a name longer than the
    file system allows, a folder where a file goes, one of the ``inputs``); then create the
    folders."""
    given = {Path(p).resolve() for p in inputs}
    for path in paths:
        check_name(path)
        if path.resolve() in given:
            raise InputError(f"{path}: is one of the reports read; kg make never writes over it")
        if path.is_dir():
            raise InputError(f"{path}: is a directory; kg make writes a file there")
    for folder in sorted({path.parent for path in paths}, key=lambda p: len(p.parts)):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise InputError(f"{folder}: not a directory; kg make writes a folder there") from None
        except OSError as exc:
            raise InputError(f"{folder}: cannot create ({exc.strerror or exc})") from None
    for path in paths:
        check_output(path)


def core_programmes(graph: Graph, limit: int = CORE_PROGRAMMES) -> list[str]:
    """The keys of the programmes with the most partners and outcomes (at least two links),
    at most ``limit``, busiest first, ties by key."""
    degree: dict[str, int] = {}
    for programme in set(graph.subjects(RDF.type, KG.Programme)):
        links = len(set(graph.objects(programme, KG.hasPartner)))
        links += len(set(graph.subjects(KG.involvesProgramme, programme)))
        if links >= 2:
            degree[str(programme).rstrip("/").rsplit("/", 1)[-1]] = links
    return sorted(degree, key=lambda key: (-degree[key], key))[:limit]


def write_ontology(folder: Path) -> list[Path]:
    """Write the ontology (``kg.ttl``, which every report node names with dcterms:conformsTo)
    and the SHACL shapes (``shapes.ttl``) kg ships into ``folder``, creating it: the exports'
    ``kg:`` terms are defined there."""
    folder.mkdir(exist_ok=True)
    return [write_atomic(folder / name, _ontology(name)) for name in ONTOLOGY]


def _ontology(name: str) -> bytes:
    from importlib import resources

    return resources.files("kg.ontology").joinpath(name).read_bytes()


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")
