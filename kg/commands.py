"""What each CLI command does, as plain functions over the library (no click here)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.corpus import Prepared, Progress
from kg.errors import InputError, NotFoundError
from kg.extract.gazetteer import PARTNER, PLACE, PROGRAMME
from kg.pipeline import merge, to_turtle
from kg.store.local import (
    MEMORY,
    NewStore,
    ReportEntry,
    Store,
    check_slug,
    report_identity,
    store_location,
)
from kg.store.lock import StoreLock
from kg.store.merges import link_organisations
from kg.store.query import (
    Result,
    SavedQuery,
    check_params,
    parse_params,
    query_store,
    saved_query,
)
from kg.store.worker import Limits


def overlap_report(
    inputs: Sequence[Path],
    *,
    store: str | None = None,
    top: int = 20,
    partner: str | None = None,
    fmt: str = "table",
    plot: Path | None = None,
) -> tuple[str, list[str]]:
    """Partner overlap of the graph from ``inputs`` (reports or RDF files; the store if none)
    as text in ``fmt``; draw the heatmap into ``plot`` if given. Returns the text and the build
    warnings."""
    from kg.analysis.network import format_overlap, overlap, read_links
    from kg.analysis.plot import check_plot_path, write_heatmap
    from kg.sources import load_graph

    if plot is not None:
        check_plot_path(plot)
    if inputs:
        loaded = load_graph(inputs, store)
        if not loaded.quads:
            raise InputError(f"{_names(inputs)}: the graph is empty: nothing to compare")
        links, warnings = read_links(loaded.graph), loaded.warnings
    else:
        links, warnings = _store_links(store, counts=plot is not None), []
    result = overlap(links, top=top or None, partner=partner)
    text = format_overlap(result, fmt)
    if plot is not None:
        write_heatmap(links, plot, partner)
    return text, warnings


def _store_links(store: str | None, counts: bool) -> Any:
    """The nodes and links of the store's reports, read from its entities graph (each once)
    rather than from every report graph: on 1,000 reports that is seconds, not minutes; each
    organisation merged across reports (its merges graph) one node. InputError when the store
    holds no report."""
    from kg.analysis.network import TripleReader, fold_same, read_links
    from kg.graph.vocab import ENTITIES_GRAPH, KG, MERGES_GRAPH
    from kg.sources import empty_store

    with Store.open(store, read_only=True) as opened:
        if not opened.slugs():
            raise empty_store(opened.location)
        links = read_links(opened.oxigraph, graph=str(ENTITIES_GRAPH), counts=counts)
        merges = TripleReader(opened.oxigraph, str(MERGES_GRAPH))
        return fold_same(links, dict(merges.pairs(str(KG.sameOrganisationAs))))


# The questions across years `kg overlap` asks with a saved query: option -> query name.
YEAR_QUESTIONS = {
    "changes": "partners-new-or-gone",
    "history": "partner-history",
    "across_countries": "programmes-in-countries",
    "progress": "outcome-progress",
}


def overlap_across_years(
    question: str, params: Sequence[str], *, store: str | None = None, fmt: str = "table"
) -> str:
    """The answer to one question across years (``YEAR_QUESTIONS``: partners new or gone
    between two years, a partner's history, programmes in several countries, an outcome's
    progress) from the store, by its saved query with ``params`` (``name=value``), as text in
    ``fmt`` (table, csv or json). Each row keeps its evidence: a sentence count and a sentence."""
    from kg.store.query import render

    try:
        result = run_query(None, name=YEAR_QUESTIONS[question], params=params, store=store)
    except (InputError, NotFoundError) as exc:
        message = str(exc)
        for param, option in _YEAR_OPTIONS.items():
            message = message.replace(f"--param {param}", option)
        raise type(exc)(message) from None
    return render(result, fmt).decode("utf-8")


# The `kg overlap` option that gives each parameter of the YEAR_QUESTIONS (for messages).
_YEAR_OPTIONS = {
    "partner": "--history",
    "outcome": "--progress",
    "earlier": "--changes",
    "later": "--changes",
}


def export_graph(
    inputs: Sequence[Path],
    fmt: str | None,
    output: Path,
    store: str | None = None,
    report: str | None = None,
    bom: bool = False,
) -> tuple[list[Path], list[str]]:
    """Export the graph from ``inputs`` (the store, or one ``report`` in it, if none) in ``fmt``
    (or the one ``output``'s suffix names) to ``output``, named graphs kept for the quad formats;
    ``bom`` starts CSV files with a byte-order mark. An RDF export of report files also writes
    each report's text as kg read it (``<slug>.txt`` beside ``output``, as ``kg make`` does),
    which evidence offsets index and ``oa:hasSource`` names. Return the paths written and the
    warnings."""
    import pyoxigraph

    from kg.files import write_atomic
    from kg.publish.export import EXPORTERS, RDF_EXPORTS, check_targets, export, exporter
    from kg.publish.make import text_targets
    from kg.sources import load_graph

    chosen = exporter(fmt, output)
    formats = {e.suffix: e.name for e in reversed(EXPORTERS.values())}
    check_written_kind(output, chosen.name, chosen.suffix, formats, _FORMAT_MISMATCH)
    check_targets(chosen.name, output)
    if bom and chosen.name != "csv":
        raise InputError(f"--bom applies to csv, not {chosen.name}")
    loaded = load_graph(inputs, store, report)
    if not loaded.quads:
        raise InputError(f"{_names(inputs)}: the graph is empty: nothing to export")
    texts: dict[Path, str] = {}
    warnings = list(loaded.warnings)
    if chosen.name in RDF_EXPORTS and str(output) != "-":
        texts = text_targets(loaded.texts, Path(output).parent, inputs, warnings)
    dataset = pyoxigraph.Dataset(loaded.quads)
    paths = export(dataset, chosen.name, output, bom=bom)
    paths += [write_atomic(path, text.encode("utf-8")) for path, text in texts.items()]
    return paths, warnings


# The kind of file each suffix names to kg (which reads inputs by suffix and content) and to
# the tools that open them.
_KIND_OF_SUFFIX = {
    ".ttl": "Turtle",
    ".nt": "N-Triples",
    ".nq": "N-Quads",
    ".trig": "TriG",
    ".jsonld": "JSON-LD",
    ".graphml": "GraphML",
    ".gexf": "GEXF",
    ".csv": "CSV",
    ".xml": "XML",
    ".html": "HTML",
    ".htm": "HTML",
    ".svg": "SVG",
    ".png": "PNG",
    ".txt": "text",
    ".md": "text",
    ".pdf": "PDF",
}


# What is wrong, in a message, when a suffix names another kind of file than is written
# (``named``, ``kind``): a command's one kind, or the export format --format chose.
_KIND_MISMATCH = "named as {named}, but this writes {kind}"
_FORMAT_MISMATCH = "the name says {named}, --format says {kind}"


def check_written_kind(
    output: Path,
    kind: str,
    suffix: str,
    kinds: Mapping[str, str] = _KIND_OF_SUFFIX,
    mismatch: str = _KIND_MISMATCH,
) -> None:
    """InputError when ``output``'s suffix names another kind of file than the ``kind`` a
    command writes there (``kg build -o x.nt`` wrote Turtle, ``kg view -o x.ttl`` HTML,
    ``kg export --format graphml -o x.ttl`` GraphML: read back by their suffix, they did not
    parse), naming the file with ``suffix`` instead. ``kinds`` maps suffixes (lower case, with
    the dot) to the kinds they name, ``mismatch`` words the error (``{named}``, ``{kind}``);
    standard output (``-``) and a suffix ``kinds`` lacks are the user's choice."""
    named = kinds.get(Path(output).suffix.lower())
    if str(output) != "-" and named is not None and named != kind:
        said = mismatch.format(named=named, kind=kind)
        raise InputError(f"{output}: {said}; name it {Path(output).with_suffix(suffix).name}")


def _names(paths: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in paths) or "the store"


def write_view_file(
    paths: Sequence[Path], output: Path, store: str | None = None, **focus: Any
) -> list[str]:
    """Write the HTML view of the graph in ``paths`` (the store if none) chosen by ``focus``;
    return the warnings."""
    from kg.files import check_output, write_atomic
    from kg.publish.views import check_focus, render_html, store_view, view_for
    from kg.sources import load_graph

    check_focus(**focus)
    check_written_kind(output, "HTML", ".html")
    check_output(output)
    warnings: list[str] = []
    if paths:
        loaded = load_graph(paths, store)
        view, warnings = view_for(loaded.graph, **focus), loaded.warnings
    else:
        view = store_view(store, **focus)
    write_atomic(output, render_html(view))
    return [*warnings, *view.notes]


def extract_summary(reports: Sequence[Path]) -> tuple[dict, list[str]]:
    """What kg recognizes in ``reports``, as the stable ``kg extract --format json`` structure.

    ``entities`` lists every partner, programme and place named in a narrative: ``id`` is its
    key, ``aliases`` every other name or acronym the reports spell it with, ``outcomes`` the outcome
    ids it is named under and ``mentions`` how many times it is named. Sorted, so the same input
    gives the same output.
    """
    from kg.pipeline import extract_report

    extractions = [extract_report(path) for path in reports]
    outcomes = [
        {"id": o.id, "statement": o.statement, "inferred_id": o.inferred_id}
        for x in extractions
        for o in x.document.outcomes
    ]
    entities: dict[str, dict] = {}
    for extraction in extractions:
        for mention in _named(extraction):
            entity = extraction.entities[mention.entity]
            row = entities.setdefault(
                entity.key,
                {
                    "id": entity.key,
                    "type": entity.type,
                    "label": entity.label,
                    "aliases": set(),
                    "outcomes": set(),
                    "mentions": 0,
                },
            )
            seen = extraction.spellings.get(entity.key, ())
            row["aliases"].update(a for a in seen if a != entity.label)
            row["outcomes"].add(mention.outcome)
            row["mentions"] += 1
    rows = [
        {**row, "aliases": sorted(row["aliases"]), "outcomes": sorted(row["outcomes"])}
        for _, row in sorted(entities.items(), key=lambda kv: (kv[1]["type"], kv[0]))
    ]
    warnings = [w for x in extractions for w in (*x.document.warnings, *x.warnings)]
    return {"outcomes": outcomes, "entities": rows}, warnings


def _named(extraction) -> list:
    """The mentions of a report; for an IATI file (no narrative), one per element that names an
    organisation or place (kg.extract.iati), with the activity as its outcome."""
    if not extraction.document.activities:
        return extraction.mentions
    from kg.model import Mention

    named = [
        (p.organisation, p.activity, element)
        for p in extraction.participations
        for element in p.evidence
    ]
    named += [
        (r.object, r.subject, element)
        for r in extraction.relations
        if r.object in extraction.entities and r.predicate == "concernsPlace"
        for element in r.evidence
    ]
    return [
        Mention(key, activity.removeprefix("outcome/"), element, element.start, element.end, "")
        for key, activity, element in named
    ]


def format_extract_table(summary: dict) -> str:
    """The ``kg extract`` table: one line per entity, then a count per type."""
    lines = [f"{'type':<10} {'id':<48} {'outcomes':>8} {'mentions':>8}  label"]
    for row in summary["entities"]:
        lines.append(
            f"{row['type']:<10} {row['id'][:48]:<48} {len(row['outcomes']):>8} "
            f"{row['mentions']:>8}  {row['label']}"
        )
    types = (PARTNER, PROGRAMME, PLACE)
    counts = {t: sum(1 for r in summary["entities"] if r["type"] == t) for t in types}
    lines.append(
        f"{len(summary['outcomes'])} outcomes; " + ", ".join(f"{n} {t}s" for t, n in counts.items())
    )
    return "\n".join(lines) + "\n"


def evaluate_report(
    report: Path, golds: Sequence[Path], verbose: bool = False
) -> tuple[str, list[str]]:
    """Precision and recall of kg's reading of ``report`` against hand-written gold files: entity
    gold (TOML) scores recognition, relation gold (JSON) scores links. With both, the entity
    gold's aliases bridge the relation gold's names and kg's entities. Returns the scores and
    the warnings; InputError for a gold file written for another report
    (kg.evaluate.check_gold_fits)."""
    from kg.evaluate import check_gold_fits, evaluate, format_scores, load_gold, match_entities
    from kg.evaluate_relations import (
        evaluate_relations,
        format_relation_scores,
        gold_things,
        load_relation_gold,
    )
    from kg.pipeline import extract_report

    relation_files = [g for g in golds if g.suffix.lower() == ".json"]
    entity_files = [g for g in golds if g.suffix.lower() != ".json"]
    if len(entity_files) > 1 or len(relation_files) > 1:
        raise InputError("give at most one entity gold file (.toml) and one relation gold (.json)")
    entities = load_gold(entity_files[0]) if entity_files else None
    relations = load_relation_gold(relation_files[0]) if relation_files else None
    extraction = extract_report(report)
    text = extraction.document.text
    warnings = []
    if entities is not None:
        things = [gold.names for gold in entities]
        warnings += check_gold_fits(entity_files[0], report, text, things)
    if relations is not None:
        warnings += check_gold_fits(relation_files[0], report, text, gold_things(relations))
    parts = []
    if entities is not None:
        parts.append(format_scores(evaluate(extraction, entities), verbose))
    if relations is not None:
        matches = match_entities(extraction, entities) if entities is not None else None
        scores = evaluate_relations(extraction, relations, entities, matches)
        parts.append(format_relation_scores(scores, verbose))
    return "\n".join(parts), warnings


@dataclass
class BuildOutcome:
    """What ``kg build`` did: the Turtle (if asked for), the reports loaded (slug, triples), the
    warnings, the reports built and their triples, and the seconds it took."""

    turtle: bytes | None
    loaded: list[tuple[str, int]]
    warnings: list[str]
    reports: int = 0
    triples: int = 0
    seconds: float = 0.0


def build_reports(
    reports: Sequence[Path],
    corrections: Path | None = None,
    *,
    store: str | None = None,
    load: bool = True,
    turtle: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> BuildOutcome:
    """Build and validate ``reports`` (report texts, folders of them, or RDF files kg wrote:
    each report graph of an N-Quads, TriG, Turtle, N-Triples or JSON-LD file is read back), in
    ``jobs`` processes; load each report into its own graph of the store (if ``load``) and
    return the merged Turtle (if ``turtle``). Nothing is loaded unless every report is valid;
    then each report is loaded in one transaction, so a build interrupted while loading leaves
    the store as it was before the report it was loading (the reports loaded before it stay).
    The store is locked for writing before any report is read: a store in use fails at once.
    ``progress(stage, done, total)`` hears of each report built and loaded."""
    import time

    from kg.corpus import expand
    from kg.sources import RDF_FORMATS

    started = time.perf_counter()
    reports = expand(reports)
    texts = [p for p in reports if p.suffix.lower() not in RDF_FORMATS]
    if corrections is not None and (len(reports) > 1 or not texts):
        raise InputError(
            "--corrections applies to one report text; name one report or use files beside "
            "each report"
        )
    _refuse_shared_names(texts)
    where = Path(store_location(store))
    empty = not where.exists() or (where.is_dir() and not any(where.iterdir()))
    bulk = load and str(where) != MEMORY and empty
    with _writer(store, load) as lock:
        outcome = _build(reports, corrections, store, lock, load, turtle, jobs, progress, bulk)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _refuse_shared_names(texts: Sequence[Path]) -> None:
    """Refuse, before building anything, report texts whose file names give one slug."""
    from kg.publish.make import refuse_shared_names
    from kg.readers.text import slug_for

    refuse_shared_names([(slug_for(path), str(path)) for path in texts])


@contextmanager
def _writer(store: str | None, load: bool) -> Iterator[StoreLock | None]:
    """The store's write lock, taken before any report is read (a store in use fails at once);
    None when nothing is loaded or the store is in memory. A store folder made for a command
    that then loaded nothing is removed."""
    where = Path(store_location(store))
    made = [folder for folder in (where, *where.parents) if not folder.exists()]
    lock = Store.lock(store, create=True) if load and str(where) != MEMORY else None
    try:
        yield lock
    except BaseException:
        if lock is not None:
            for folder in made:  # made for this command, which loaded nothing
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
        raise
    finally:
        if lock is not None:
            lock.release()


@dataclass
class MakeOutcome:
    """What ``kg make`` did: the files written, the reports loaded, the warnings."""

    paths: list[Path]
    loaded: list[tuple[str, int]]
    warnings: list[str]


def make_reports(
    reports: Sequence[Path], out_dir: Path, *, store: str | None = None, load: bool = True
) -> MakeOutcome:
    """The main job (kg.publish.make.publish): every export and view of ``reports`` into
    ``out_dir``, then each report loaded into its own graph of the store (if ``load``), so
    that ``kg query``, ``kg list`` and the commands that read the store work next. The store is
    locked before any report is read."""
    from kg.publish.make import publish
    from kg.sources import distinct_paths

    with _writer(store, load) as lock:
        published = publish(distinct_paths(reports), out_dir)
        loaded: list[tuple[str, int]] = []
        if load:
            with Store.open(store, create=True, lock=lock) as opened:
                for slug, triples in published.reports:
                    loaded.append((slug, opened.replace_report(slug, triples)))
                link_organisations(opened)
        return MakeOutcome(published.paths, loaded, published.warnings)


def _build(
    reports: Sequence[Path],
    corrections: Path | None,
    store: str | None,
    lock: StoreLock | None,
    load: bool,
    turtle: bool,
    jobs: int,
    progress: Progress | None,
    bulk: bool,
) -> BuildOutcome:
    import tempfile

    from kg.corpus import prepare_each
    from kg.publish.make import refuse_shared_names
    from kg.sources import RDF_FORMATS

    with tempfile.TemporaryDirectory(prefix="kg-build-") as folder:
        texts = [p for p in reports if p.suffix.lower() not in RDF_FORMATS]
        built = prepare_each(texts, corrections, Path(folder), jobs=jobs, progress=progress)
        new = store_location(store) if load and bulk else None
        with closing(built), _new_store(new, len(reports), progress) as made:
            prepared: list[Prepared] = []
            for one in _prepared(reports, built, Path(folder)):
                prepared.append(one)
                if made is not None:
                    made.add(one.nquads)
            refuse_shared_names([(p.slug, p.source) for p in prepared])
            _refuse_given_twice(prepared)
            warnings = [w for p in prepared for w in p.warnings]
            data = _merged_turtle(prepared, reports) if turtle else None
            loaded: list[tuple[str, int]] = []
            if made is not None:
                made.commit(finish=_derive)
                loaded = _bulk_loaded(prepared, progress)
        if made is None and load:
            with Store.open(store, create=True, lock=lock) as opened:
                _refuse_held_twice(opened, prepared)
                if progress is not None:
                    progress("loaded", 0, len(prepared), "")
                for number, one in enumerate(prepared, 1):
                    count = opened.load_prepared(one.slug, one.nquads, one.triples)
                    loaded.append((one.slug, count))
                    if progress is not None:
                        progress("loaded", number, len(prepared), f"{one.slug} ({count} triples)")
                link_organisations(opened)
    triples = sum(p.triples for p in prepared)
    return BuildOutcome(data, loaded, warnings, len(prepared), triples)


def _prepared(
    reports: Sequence[Path], built: Iterator[Prepared], folder: Path
) -> Iterator[Prepared]:
    """Every report to load, in input order: the report texts as ``built`` gives them, the
    report graphs of RDF files read here (the input file's warnings on its last graph)."""
    from kg.corpus import write_nquads
    from kg.sources import RDF_FORMATS, report_graphs

    for index, path in enumerate(reports):
        if path.suffix.lower() not in RDF_FORMATS:
            yield next(built)
            continue
        read, read_warnings = report_graphs(path)
        for number, graph in enumerate(read):
            target = folder / f"rdf-{index:06d}-{number:06d}.nq"
            count = write_nquads(graph.slug, graph.triples, target)
            identity = report_identity(graph.slug, graph.triples)
            last = number == len(read) - 1
            warnings = list(read_warnings) if last else []
            yield Prepared(graph.slug, target, count, graph.where, warnings, identity)


def _derive(store: Store) -> None:
    """What a store derives across its reports: declared outcome links, organisation merges."""
    store.derive_declared()
    link_organisations(store)


@contextmanager
def _new_store(
    location: str | None, total: int, progress: Progress | None
) -> Iterator[NewStore | None]:
    """A new store at ``location`` made by the bulk loader as reports come in (all or nothing,
    and several times faster than one transaction a report: kg.store.local.NewStore), about
    ``total`` reports; None when ``location`` is None (no new store to make)."""
    if location is None:
        yield None
        return
    from kg.store.local import NewStore

    if progress is not None:
        progress("loaded", 0, total, "")
    done = None if progress is None else (lambda n: progress("loaded", n, total, ""))
    with NewStore(location, done=done) as made:
        yield made


def _bulk_loaded(prepared: Sequence[Prepared], progress: Progress | None) -> list[tuple[str, int]]:
    """What a bulk load loaded, said report by report once the store is in place."""
    if progress is not None:
        for one in prepared:
            progress("loaded", len(prepared), len(prepared), f"{one.slug} ({one.triples} triples)")
    return [(one.slug, one.triples) for one in prepared]


def _merged_turtle(prepared: Sequence[Prepared], reports: Sequence[Path]) -> bytes:
    """The Turtle of every prepared report's graph together, checked against the shapes as one
    graph when there are several."""
    import pyoxigraph

    from kg.graph.rdfterms import to_graph
    from kg.graph.validate import ensure_conforms
    from kg.graph.vocab import ENTITIES_GRAPH

    entities = pyoxigraph.NamedNode(str(ENTITIES_GRAPH))
    triples = {
        (q.subject, q.predicate, q.object)
        for one in prepared
        for q in pyoxigraph.parse(path=one.nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        if q.graph_name != entities
    }
    if len(prepared) > 1:
        ensure_conforms(triples, ", ".join(str(p) for p in reports))
    return to_turtle(merge([to_graph(triples)]))


def _refuse_given_twice(prepared: Sequence[Prepared]) -> None:
    """InputError when two of the reports to build are one report under two names (the same
    outcomes, or the same title, country and year): loading both would count it twice."""
    for i, ours in enumerate(prepared):
        for theirs in prepared[:i]:
            why = ours.identity.same_as(theirs.identity)
            if why is not None:
                raise InputError(
                    f"{ours.source} is the same report as {theirs.slug} ({why}), given twice; "
                    "loading both would count its evidence twice"
                )


def _refuse_held_twice(store: Store, prepared: Sequence[Prepared]) -> None:
    """InputError when a report to load is one the store holds under another name (the same
    outcomes, or the same title, country and year): loading it would double every count."""
    held = store.identities()
    for one in prepared:
        ours, path = one.identity, one.source
        for theirs in held:
            why = ours.same_as(theirs)
            if why is not None:
                raise InputError(
                    f"{path} is the report the store {store.location} holds as {theirs.slug} "
                    f"({why}); nothing loaded: loading it as {ours.slug} would count its "
                    f"evidence twice (to rename it, 'kg remove {theirs.slug}' first)"
                )


def list_reports(store: str | None = None) -> list[ReportEntry]:
    """The reports held in the store."""
    with Store.open(store, read_only=True) as opened:
        return opened.reports()


def remove_reports(slugs: Sequence[str], store: str | None = None) -> None:
    """Drop the named reports from the store (all or none: unknown names fail first)."""
    for slug in slugs:
        check_slug(slug)
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
        link_organisations(opened)


def organisation_merges(
    store: str | None = None,
    *,
    file: Path | None = None,
    gold: Path | None = None,
    verbose: bool = False,
    fmt: str = "table",
) -> str:
    """The store's cross-report organisation merges (kg.store.merges) as text in ``fmt``
    (table, csv or json), after storing the decisions of the merges ``file`` if one is given;
    with ``gold`` (kg.evaluate_merges), the merges' precision and recall after the table."""
    from kg.evaluate_merges import evaluate_merges
    from kg.readers.merges import read_merges
    from kg.store.merges import held_merges

    decisions = read_merges(file) if file is not None else ()
    with Store.open(store, read_only=file is None) as opened:
        merges = link_organisations(opened, decisions) if file is not None else held_merges(opened)
        score = evaluate_merges(opened, gold) if gold is not None else None
    text = _format_merges(merges, fmt)
    if score is not None:
        text += "\n" + score.format(verbose)
    return text


def _format_merges(merges: Sequence[Any], fmt: str) -> str:
    """Merges as a table, CSV or JSON: decision, rule, score, the two organisations (labels
    and IRIs) and the names compared."""
    import json

    from kg.spreadsheet import csv_bytes, join_values

    rows = [
        {
            "decision": m.decision,
            "rule": m.rule,
            "score": m.score,
            "organisation": m.labels[0],
            "same_as": m.labels[1],
            "names": join_values(m.names),
            "iri": m.a,
            "same_as_iri": m.b,
        }
        for m in merges
    ]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        header = ["decision", "rule", "score", "organisation", "same_as", "names", "iri"]
        header.append("same_as_iri")
        table = csv_bytes(header, ([row[name] for name in header] for row in rows))
        return table.decode("utf-8").rstrip("\n")
    lines = [f"{'decision':<10} {'rule':<11} {'score':>5}  organisation / same as"]
    for row in rows:
        lines.append(
            f"{row['decision']:<10} {row['rule']:<11} {row['score']:>5.1f}  "
            f"{row['organisation']} / {row['same_as']}"
        )
    lines.append(f"({len(rows)} merge{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


MAX_QUERY_BYTES = 1024 * 1024


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
        from kg.files import read_limited

        data = read_limited(file, MAX_QUERY_BYTES, "file")
        try:
            return data.decode("utf-8-sig"), None
        except UnicodeDecodeError as exc:
            raise InputError(f"{file}: not UTF-8 text (byte {exc.start})") from None
    _check_not_a_name(str(text))
    return _utf8(str(text), "the query"), None


def _check_not_a_name(text: str) -> None:
    """InputError when the SPARQL text is one word naming (or close to) a saved query: the
    user meant ``-n NAME``."""
    import difflib

    from kg.store.query import saved_queries

    word = text.strip()
    if not word or not all(ch.isalnum() or ch in "-_" for ch in word):
        return
    known = list(saved_queries())
    close = [word] if word in known else difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if close:
        raise InputError(f"{word!r} is not SPARQL; did you mean -n {close[0]} (the saved query)?")


def _utf8(text: str, what: str) -> str:
    """``text`` if it is Unicode text: an argument that was not UTF-8 reaches Python with lone
    surrogates in it (PEP 383), which no SPARQL engine can take."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{what} is not UTF-8 text") from None
    return text.removeprefix("\ufeff")


def run_query(
    text: str | None,
    file: Path | None = None,
    name: str | None = None,
    params: Sequence[str] = (),
    *,
    store: str | None = None,
    endpoint: str | None = None,
    allow_update: bool = False,
    limits: Limits | None = None,
) -> Result:
    """Run a query (text, file or saved) on the store or a remote endpoint, within ``limits``
    (time for the whole operation, result rows, memory)."""
    limits = limits or Limits()
    sparql, saved = query_text(text, file, name)
    bound = parse_params([_utf8(p, "--param") for p in params])
    if saved is not None:
        check_params(saved, bound)
    if endpoint is not None:
        from kg.store.remote import Endpoint, query_remote

        target = Endpoint.from_url(endpoint)

        def ask(text: str) -> Result:
            return query_remote(target, text, limits=limits)
    else:

        def ask(text: str) -> Result:
            return query_store(store, text, limits=limits)

    if saved is not None:
        check_held_values(bound, ask)
    if endpoint is not None:
        return query_remote(
            target, sparql, bound, allow_update=allow_update, limits=limits, saved=saved
        )
    return query_store(store, sparql, bound, allow_update=allow_update, limits=limits, saved=saved)


# Saved query parameters whose value must be one the store holds (an outcome's or activity's
# identifier, a report's year), with what they name and the SPARQL listing the values held: a
# value that matches nothing would give an empty answer, which reads as "nothing changed" or
# "no progress" rather than "no such outcome".
HELD_VALUES = {
    "outcome": (
        "outcome identifier",
        "SELECT DISTINCT (STR(?id) AS ?value) WHERE { ?o a kg:Outcome ; dcterms:identifier ?id }",
    ),
    # An activity is matched by its identifier or by one its related-activity gives (which
    # may be held as no activity: kg/store/queries/declared-and-narrated-partners.rq).
    "identifier": (
        "outcome or activity identifier",
        "SELECT DISTINCT (STR(?id) AS ?value) WHERE { { ?o a kg:Outcome } UNION"
        " { ?o a kg:Activity } UNION { ?a kg:relatedActivity ?o } ?o dcterms:identifier ?id }",
    ),
    "earlier": ("report year", "SELECT DISTINCT (STR(?y) AS ?value) WHERE { ?r kg:year ?y }"),
    "later": ("report year", "SELECT DISTINCT (STR(?y) AS ?value) WHERE { ?r kg:year ?y }"),
}


def check_held_values(bound: dict[str, Any], ask: Callable[[str], Result]) -> None:
    """NotFoundError, with the close values held, for a saved query's outcome or activity
    identifier or year (``HELD_VALUES``) that the store (or endpoint, which ``ask`` queries)
    does not hold; InputError for the same year given as ``earlier`` and ``later``. Values
    are compared as given: identifiers and years are exact."""
    import difflib

    wanted = {name: term for name, term in bound.items() if name in HELD_VALUES}
    if "earlier" in wanted and "later" in wanted and wanted["earlier"] == wanted["later"]:
        year = wanted["earlier"].value
        raise InputError(f"the earlier and the later year are both {year}: give two years")
    held: dict[str, list[str]] = {}
    for name, term in sorted(wanted.items()):
        what, listing = HELD_VALUES[name]
        if listing not in held:
            held[listing] = sorted(row[0].value for row in ask(listing).rows if row[0] is not None)
        values = held[listing]
        if term.value in values:
            continue
        folded = {value.casefold(): value for value in values}
        given = term.value.casefold()
        close = [v for k, v in folded.items() if k.endswith(given)][:3] or [
            folded[k] for k in difflib.get_close_matches(given, list(folded), n=3, cutoff=0.6)
        ]
        if what == "report year":
            hint = f"years held: {', '.join(values)}" if values else "the store holds no report"
        else:
            hint = f"did you mean {', '.join(close)}?" if close else f"{len(values)} held"
        raise NotFoundError(f"--param {name}: no {what} {term.value!r} in the store ({hint})")


def push_reports(
    endpoint: str,
    slugs: Sequence[str] = (),
    *,
    store: str | None = None,
    update_url: str | None = None,
    store_url: str | None = None,
    timeout: float | None = None,
) -> list[tuple[str, int]]:
    """Upload reports (all held, or ``slugs``) and the store's merges graph to a remote store,
    which derives the declared outcome links from what it holds; return what was pushed (the
    triples the remote report graph holds, checked). ``timeout`` bounds the whole push."""
    from kg.store.remote import Endpoint, push_bounded

    limits = Limits(timeout=timeout)
    target = Endpoint.from_url(endpoint, update=update_url, store=store_url)
    for slug in slugs:
        check_slug(slug)
    with Store.open(store, read_only=True) as opened:
        names = list(dict.fromkeys(slugs)) or opened.slugs()
        opened.check_held(names)
        merges = opened.merges_ntriples()
        location = opened.location
    # The worker reads the reports from the store one at a time, not all into memory here.
    return push_bounded(target, location, names, limits, merges)
