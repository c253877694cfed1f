"""The ``kg`` command: a thin layer over the library. Each command resolves its arguments, calls
one library function and prints; errors become one line on stderr and a non-zero exit."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.errors import KgError
from kg.store.worker import DEFAULT_MEMORY_MB, DEFAULT_ROWS


class KgGroup(click.Group):
    """A click group that turns usage errors and KgErrors into one-line messages."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            try:
                result = super().main(*args, **kwargs)
            except SystemExit as exc:
                # Click ends a command whose reader went away (kg ... | head) with exit 1,
                # kg's code for a shapes violation; it is no error of the input.
                if exc.code == 1 and isinstance(sys.stdout, click.utils.PacifyFlushWrapper):
                    raise BrokenPipeError from None
                raise
            sys.stdout.flush()  # a reader gone away after the last write shows here
            return result
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            _fail(f"{exc.format_message()}{hint}", 2)
        except KgError as exc:
            _fail(str(exc), exc.exit_code)
        except click.Abort:
            _fail("aborted", 130)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except BrokenPipeError:
            # What is left unwritten goes nowhere: the interpreter's last flush would fail
            # again and exit 1 (or 120) at random, as the reader's timing decides.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            # A path the system refuses (a name too long, a folder where a file goes) that no
            # library check caught: still one line, and nothing was half written (kg.files).
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{(exc.strerror or str(exc)).lower()}", 2)


class _ProgressBars:
    """tqdm bars on stderr, one per build stage, shown only on a terminal; each report done
    is also said in a line ("loaded SLUG (N triples) into STORE")."""

    def __init__(self, where: str) -> None:
        self.bars: dict[str, Any] = {}
        self.where = where

    def update(self, stage: str, done: int, total: int, what: str) -> None:
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(
                total=total, desc=stage, unit="report", disable=None, leave=False
            )
        bar.update(done - bar.n)
        if what:
            tqdm.write(f"{stage} {what} {self.where}", file=sys.stderr)

    def __enter__(self) -> _ProgressBars:
        return self

    def __exit__(self, *exc: object) -> None:
        for bar in self.bars.values():
            bar.close()


def _fail(message: str, code: int) -> None:
    click.echo(f"kg: error: {' '.join(message.split())}", err=True)
    sys.exit(code)


def _warn(messages: list[str]) -> None:
    for message in messages:
        click.echo(f"kg: warning: {message}", err=True)


@click.group(cls=KgGroup)
@click.version_option(package_name="kg", prog_name="kg")
def cli() -> None:
    """kg turns programme results reports into a knowledge graph of outcomes, programmes,
    partners and places, every link backed by the sentence it came from.

    Example:

        kg make data/reports/unwomen-mexico-2022.txt -o exports

        kg query -n programmes-of-partner --param partner=INMUJERES
    """


def store_option(command: Any) -> Any:
    """The ``--store PATH`` option shared by the commands that use the store."""
    return click.option(
        "--store",
        "store",
        metavar="PATH",
        help="The store directory (default: $KG_STORE, else ./.kg/store; ':memory:' for none).",
    )(command)


def table_format_option(what: str) -> Callable[[Any], Any]:
    """The ``--format table|csv|json`` option (into ``fmt``) of the commands that print a
    table; ``what`` says what each format gives."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help=what,
    )


def _output(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """An output path as a Path, refused at once when its text names a folder that does not
    exist (``-o missing/``: Path would drop the separator)."""
    from kg.files import check_folder_named

    return None if value is None else check_folder_named(value)


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    callback=_output,
    help="Also write Turtle here ('-': stdout).",
)
@click.option(
    "--corrections",
    type=click.Path(path_type=Path),
    help="A corrections file (default: <report>.corrections.toml beside the report, if any).",
)
@click.option("--no-store", is_flag=True, help="Do not load into the store (only write -o).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    help="Processes that build and check reports (default: one per core).",
)
@store_option
def build(
    reports: tuple[Path, ...],
    output: Path | None,
    corrections: Path | None,
    no_store: bool,
    jobs: int | None,
    store: str | None,
) -> None:
    """Read REPORTS, validate their graphs against the shapes and load each into its own graph
    in the store, replacing that report's previous graph; with -o, also write Turtle. REPORTS
    are reports (text reports, portal pages, PDF, IATI activity XML: the content picks the
    reader), folders of them (every report and graph file under the folder) or graphs kg
    exported (.nq and .trig with one named graph per report, or .ttl, .nt, .jsonld holding one
    report).

    Reports are built and checked in parallel, each on its own; none is loaded unless all
    conform, then each is loaded in one transaction (Ctrl-C leaves the store as it was before
    the report being loaded). A progress bar shows on a terminal; a summary line ends the run.

    Example:

        kg build data/reports/unwomen-mexico-2022.txt

        kg build data/reports/

        kg build exports/all-reports.nq

        kg build data/reports/unwomen-mexico-2022.txt --no-store -o exports/unwomen-mexico-2022.ttl
    """
    from kg.commands import build_reports, check_written_kind
    from kg.store.local import store_location

    if no_store and output is None:
        raise click.UsageError("--no-store needs -o FILE (or -o - for stdout)")
    if output is not None and str(output) != "-":
        from kg.files import check_output

        check_written_kind(output, "Turtle", ".ttl")
        check_output(output)
    from kg.corpus import default_jobs

    with _ProgressBars(f"into {store_location(store)}") as bars:
        outcome = build_reports(
            reports,
            corrections,
            store=store,
            load=not no_store,
            turtle=output is not None,
            jobs=jobs or default_jobs(),
            progress=bars.update,
        )
    _warn(outcome.warnings)
    click.echo(
        f"built {outcome.reports} report{'s' if outcome.reports != 1 else ''} "
        f"({outcome.triples:,} triples, {len(outcome.warnings):,} warning"
        f"{'s' if len(outcome.warnings) != 1 else ''}), loaded {len(outcome.loaded):,}, "
        f"in {outcome.seconds:.1f} s",
        err=True,
    )
    if outcome.turtle is not None and output is not None:
        if str(output) == "-":
            click.echo(outcome.turtle.decode("utf-8"), nl=False)
        else:
            from kg.files import write_atomic

            write_atomic(output, outcome.turtle)
            click.echo(f"wrote {output}", err=True)


@cli.command("list")
@store_option
def list_(store: str | None) -> None:
    """List the reports held in the store: slug, title, year, outcomes and triples.

    Example:

        kg list --store .kg/store
    """
    from kg.commands import list_reports
    from kg.store.query import Result, render

    entries = list_reports(store)
    rows = [[e.slug, e.title, e.year, str(e.outcomes), str(e.triples)] for e in entries]
    result = Result("select", ["slug", "title", "year", "outcomes", "triples"], rows)
    click.echo(render(result, "table").decode("utf-8"), nl=False)


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Show this many pairs (0: all).",
)
@click.option("--partner", help="Show one partner's overlaps (its name, an alias or its key).")
@table_format_option("table and json give pairs, centrality and communities; csv gives the pairs.")
@click.option(
    "--plot",
    type=click.Path(),
    callback=_output,
    help="Also draw a partner x programme heatmap into this .png or .svg file.",
)
@click.option(
    "--changes",
    nargs=2,
    type=int,
    metavar="EARLIER LATER",
    help="Partners new or gone between two years (saved query partners-new-or-gone).",
)
@click.option(
    "--history",
    metavar="PARTNER",
    help="A partner's years, countries, programmes and roles (saved query partner-history).",
)
@click.option(
    "--across-countries",
    is_flag=True,
    help="Programmes present in several countries (saved query programmes-in-countries).",
)
@click.option(
    "--progress",
    metavar="OUTCOME",
    help="One outcome's reports over the years (saved query outcome-progress).",
)
@store_option
def overlap(
    inputs: tuple[Path, ...],
    top: int,
    partner: str | None,
    fmt: str,
    plot: Path | None,
    changes: tuple[int, int] | None,
    history: str | None,
    across_countries: bool,
    progress: str | None,
    store: str | None,
) -> None:
    """Which partners share programmes, outcomes and places (counts and Jaccard), who sits
    between groups (degree and betweenness centrality) and which groups form (Louvain
    communities). INPUTS are reports (text, portal pages, PDF, IATI XML) or graphs (.ttl, .nt,
    .jsonld, .nq, .trig); with none, every report in the store.

    Example:

        kg overlap --top 10

        kg overlap data/reports/unwomen-mexico-2022.txt --top 10

        kg overlap exports/unwomen-mexico-2022.ttl --partner INMUJERES --plot overlap.svg

    Across the years of the reports in the store (one organisation across reports, see
    'kg merges'; each row with its sentence count and a sentence), here after loading two
    years of Mexico and a year of Guatemala (a year the store holds no report of is an error):

        kg build tests/data/years/

        kg overlap --changes 2023 2024

        kg overlap --history "Swedish Embassy"

        kg overlap --across-countries

        kg overlap --progress XM-DAC-41146-MEX_D_1.1
    """
    from kg.commands import overlap_across_years, overlap_report

    asked = {
        "changes": [f"earlier={changes[0]}", f"later={changes[1]}"] if changes else None,
        "history": [f"partner={history}"] if history is not None else None,
        "across_countries": [] if across_countries else None,
        "progress": [f"outcome={progress}"] if progress is not None else None,
    }
    questions = [name for name, params in asked.items() if params is not None]
    if questions:
        if len(questions) > 1 or inputs or partner is not None or plot is not None:
            raise click.UsageError(
                "--changes, --history, --across-countries and --progress ask the store one "
                "question each: give one, without INPUTS, --partner or --plot"
            )
        question = questions[0]
        text = overlap_across_years(question, asked[question] or [], store=store, fmt=fmt)
        click.echo(text, nl=False)
        return

    text, warnings = overlap_report(
        inputs, store=store, top=top, partner=partner, fmt=fmt, plot=plot
    )
    _warn(warnings)
    click.echo(text, nl=False)
    if plot is not None:
        click.echo(f"wrote {plot}", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    help="ttl, jsonld, nt, nq, trig, graphml, gexf or csv (default: from the output's suffix).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    callback=_output,
    help="The file to write; for csv an existing directory (DIR/nodes.csv, DIR/edges.csv) "
    "or a prefix (PREFIX-nodes.csv, PREFIX-edges.csv).",
)
@click.option("--report", metavar="SLUG", help="With no INPUTS: one report of the store.")
@click.option(
    "--bom",
    is_flag=True,
    help="csv: start each file with a UTF-8 byte-order mark, so that Excel reads accents right "
    "when the file is opened with a double click.",
)
@store_option
def export(
    inputs: tuple[Path, ...],
    fmt: str | None,
    output: Path,
    report: str | None,
    bom: bool,
    store: str | None,
) -> None:
    """Write the graph of INPUTS (reports: text, portal pages, PDF, IATI activity XML; or graphs
    .ttl, .nt, .jsonld, .nq, .trig; with none, the store or one --report of it) in another
    format: RDF (Turtle, JSON-LD and N-Triples hold every triple once; N-Quads and TriG keep one
    named graph per report), GraphML or GEXF for Gephi and Cytoscape, CSV nodes and edges that
    Kumu and spreadsheets open, or IATI 2.03 activity XML of a report's participations (--format
    iati). Every input file is checked against the shapes first. The same input gives
    byte-identical files.

    Example:

        kg export --report unwomen-mexico-2022 -o mexico.ttl

        kg export --format nq -o exports/all-reports.nq

        kg export data/reports/unwomen-mexico-2022.txt --format gexf -o mexico.gexf

        kg export exports/unwomen-mexico-2022.ttl --format csv --bom -o exports/mexico

        kg export data/reports/unwomen-mexico-2022.txt --format iati -o mexico-iati.xml
    """
    from kg.commands import export_graph

    paths, warnings = export_graph(inputs, fmt, output, store, report, bom)
    _warn(warnings)
    for path in paths:
        if str(path) != "-":
            click.echo(f"wrote {path}", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--from",
    "sources",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A Turtle (or other RDF) graph kg exported earlier; repeatable.",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(), callback=_output, help="HTML file."
)
@click.option("--programme", help="Show this programme and what it links to.")
@click.option("--partner", help="Show this partner and what it links to (see --depth).")
@click.option("--outcome", help="Show this outcome (its identifier) and what it links to.")
@click.option("--place", help="Show this place and what it links to.")
@click.option("--depth", type=int, help="With a focus: how many links away to show (default 1).")
@click.option("--overlap", is_flag=True, help="Partners linked by what they share.")
@store_option
def view(
    inputs: tuple[Path, ...],
    sources: tuple[Path, ...],
    output: Path,
    programme: str | None,
    partner: str | None,
    outcome: str | None,
    place: str | None,
    depth: int | None,
    overlap: bool,
    store: str | None,
) -> None:
    """Draw the graph of INPUTS (reports, or graphs kg exported: .ttl, .nt, .jsonld, .nq, .trig;
    with none, every report in the store) as one HTML file that opens offline in a browser:
    search, filters, and the sentences behind every link.

    Example:

    \b
        kg view --overlap -o exports/overlap.html
        kg view data/reports/unwomen-mexico-2022.txt -o exports/graph.html
        kg view --from exports/unwomen-mexico-2022.ttl --partner INMUJERES -o inmujeres.html
        kg view exports/unwomen-mexico-2022.ttl --overlap -o overlap.html
    """
    from kg.commands import write_view_file

    warnings = write_view_file(
        (*inputs, *sources),
        output,
        store,
        programme=programme,
        partner=partner,
        outcome=outcome,
        place=place,
        depth=depth,
        overlap=overlap,
    )
    _warn(warnings)
    if str(output) != "-":
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="The folder to write into (created if missing).",
)
@click.option("--no-store", is_flag=True, help="Do not load the reports into the store.")
@store_option
def make(reports: tuple[Path, ...], out_dir: Path, no_store: bool, store: str | None) -> None:
    """The main job: build REPORTS, write into one folder (created if missing) the Turtle,
    JSON-LD and GraphML exports, the partner-overlap CSV and heatmap, and the HTML views (the
    whole graph, the partner overlap, and one per core programme), and load each report into
    the store, as kg build does, so that kg query, kg list and the rest work next. Prints the
    paths it wrote.

    Example:

        kg make data/reports/unwomen-mexico-2022.txt -o exports
    """
    from kg.commands import make_reports
    from kg.store.local import store_location

    result = make_reports(reports, out_dir, store=store, load=not no_store)
    _warn(result.warnings)
    for path in result.paths:
        click.echo(str(path))
    for slug, triples in result.loaded:
        click.echo(f"loaded {slug} ({triples} triples) into {store_location(store)}", err=True)


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table for people or JSON for tools.",
)
def extract(reports: tuple[Path, ...], output_format: str) -> None:
    """Show the partners, programmes and places recognized in REPORTS.

    The JSON form is a stable interface: {"outcomes": [{"id", "statement", "inferred_id"}],
    "entities": [{"id", "type", "label", "aliases", "outcomes", "mentions"}]}.

    Example:

        kg extract data/reports/unwomen-mexico-2022.txt --format json
    """
    import json

    from kg.commands import extract_summary, format_extract_table

    summary, warnings = extract_summary(reports)
    _warn(warnings)
    if output_format == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_extract_table(summary), nl=False)


@cli.command(name="eval")
@click.argument("report", type=click.Path(path_type=Path))
@click.argument(
    "golds", metavar="GOLD...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option("-v", "--verbose", is_flag=True, help="List every spurious and missed item.")
def eval_command(report: Path, golds: tuple[Path, ...], verbose: bool) -> None:
    """Print precision and recall of kg's reading of REPORT against hand-written GOLD files: an
    entity gold file (.toml) scores partners, programmes, places and entity-outcome links; a
    relation gold file (.json, the format of shared/gold/README.md) scores programme -> partner
    and programme -> place links (and partner -> partner, partner -> place where it lists them),
    with recall of discourse links apart. Give both to let the entity gold's aliases match names.
    A gold file for another report (under 70% of what it lists named in REPORT) is refused.

    Example:

    \b
        kg eval data/reports/unwomen-mexico-2022.txt \\
            tests/data/unwomen-mexico-2022.gold.toml \\
            tests/data/unwomen-mexico-2022.relations.json
    """
    from kg.commands import evaluate_report

    scores, warnings = evaluate_report(report, golds, verbose)
    _warn(warnings)
    click.echo(scores, nl=False)


@cli.command()
@click.argument("reports", nargs=-1, required=True)
@store_option
def remove(reports: tuple[str, ...], store: str | None) -> None:
    """Drop REPORTS (by slug, as 'kg list' shows them) from the store.

    Example:

        kg remove unwomen-mexico-2022
    """
    from kg.commands import remove_reports

    remove_reports(reports, store)
    for slug in reports:
        click.echo(f"removed {slug}", err=True)


@cli.command()
@click.option(
    "--file",
    "merges_file",
    type=click.Path(path_type=Path),
    help="A merges file (TOML: [[confirm]] or [[split]] tables, names = two names) whose "
    "decisions the store keeps from now on.",
)
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    help="A merge gold file ([[same]] names = [...]): print precision and recall.",
)
@click.option("-v", "--verbose", is_flag=True, help="With --gold, list wrong and missed merges.")
@table_format_option("table for reading; csv and json give the organisations' IRIs too.")
@store_option
def merges(
    merges_file: Path | None,
    gold: Path | None,
    verbose: bool,
    fmt: str,
    store: str | None,
) -> None:
    """The organisations kg holds to be one across reports ("Swedish Embassy" in one year,
    "Embassy of Sweden" in the next), each with the rule that decided, its score, and the
    decision (automatic, or confirmed or split by a merges file). Every build compares the
    organisations of all reports held; --file stores a user's decisions, which later builds keep.

    Example:

        kg merges

        kg merges --file data/merges/example.toml
    """
    from kg.commands import organisation_merges

    click.echo(organisation_merges(store, file=merges_file, gold=gold, verbose=verbose, fmt=fmt))


@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", type=click.Path(path_type=Path), help="Read the query from FILE.")
@click.option("-n", "--name", help="Run the saved query NAME (see --list).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help=(
        "Bind ?NAME to VALUE (a string; <iri>, or a prefixed name as tables print it, for an "
        "IRI). Repeatable."
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "md"]),
    default="table",
    show_default=True,
    help="Output of SELECT queries.",
)
@click.option("--endpoint", metavar="URL", help="Ask a remote SPARQL endpoint instead.")
@click.option(
    "--timeout", type=float, metavar="SECONDS", help="Give up after SECONDS (the whole query)."
)
@click.option(
    "--max-rows",
    type=int,
    default=DEFAULT_ROWS,
    show_default=True,
    help="Refuse an answer with more rows (or triples).",
)
@click.option(
    "--max-memory",
    type=int,
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    metavar="MB",
    help="Stop a query that needs more memory.",
)
@click.option("--allow-update", is_flag=True, help="Allow INSERT/DELETE/CLEAR/... updates.")
@store_option
def query(
    sparql: str | None,
    file: Path | None,
    name: str | None,
    list_saved: bool,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    timeout: float | None,
    max_rows: int,
    max_memory: int,
    allow_update: bool,
    store: str | None,
) -> None:
    """Ask the graph in SPARQL: SPARQL text, a file (-f) or a saved query (-n), over all the
    reports in the store, each triple once (kg's prefixes are predeclared); FROM
    <https://w3id.org/kg/id/graph/SLUG> asks one report. CONSTRUCT and DESCRIBE give Turtle.

    Example:

        kg query --list

        kg query -n programmes-of-partner --param partner=INMUJERES --format md

        kg query 'SELECT ?p ?label WHERE { ?p a kg:Partner ; skos:prefLabel ?label }' --format csv
    """
    if list_saved:
        from kg.store.query import saved_queries

        for saved in saved_queries().values():
            takes = "".join(f" --param {p}=..." for p in saved.params)
            click.echo(f"{saved.name}{takes}\n    {saved.description}")
        return
    from kg.commands import run_query
    from kg.store.query import render
    from kg.store.worker import Limits

    result = run_query(
        sparql,
        file,
        name,
        params,
        store=store,
        endpoint=endpoint,
        allow_update=allow_update,
        limits=Limits(timeout=timeout, max_rows=max_rows, max_memory_mb=max_memory),
    )
    if result.kind == "update":
        click.echo("update done", err=True)
        return
    click.echo(render(result, fmt).decode("utf-8"), nl=False)


@cli.command()
@click.argument("reports", nargs=-1)
@click.option("--endpoint", metavar="URL", required=True, help="The remote store's SPARQL URL.")
@click.option("--update-url", metavar="URL", help="Its SPARQL update URL, if not beside it.")
@click.option("--store-url", metavar="URL", help="Its Graph Store Protocol URL, if not beside it.")
@click.option("--timeout", type=float, metavar="SECONDS", help="Give up after SECONDS (the push).")
@store_option
def push(
    reports: tuple[str, ...],
    endpoint: str,
    update_url: str | None,
    store_url: str | None,
    timeout: float | None,
    store: str | None,
) -> None:
    """Upload REPORTS (default: every report held) to a remote SPARQL store through the Graph
    Store Protocol, each into its own graph; a failed push leaves the remote graph as it was.

    Example:

        kg push --endpoint http://localhost:7878 unwomen-mexico-2022
    """
    from kg.commands import push_reports

    pushed = push_reports(
        endpoint, reports, store=store, update_url=update_url, store_url=store_url, timeout=timeout
    )
    for slug, triples in pushed:
        click.echo(f"pushed {slug} ({triples} triples) to {endpoint}", err=True)


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="The port to listen on.")
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=float,
    metavar="SECONDS",
    help="Stop each SPARQL query after SECONDS.",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=int,
    help="Refuse a SPARQL answer of more rows or triples.",
)
@click.option("--cors", metavar="ORIGIN", help="Let pages from ORIGIN call the endpoint (CORS).")
@click.option(
    "--texts",
    type=click.Path(path_type=Path),
    metavar="FOLDER",
    help="Where the reports' texts are (<slug>.txt, as kg make writes them), for evidence.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests that name the server NAME (behind a proxy); repeatable.",
)
def serve(
    store: str | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    cors: str | None,
    texts: Path | None,
    allow_hosts: tuple[str, ...],
) -> None:
    """Explore the store in a browser and query it as a SPARQL 1.1 endpoint (/sparql).

    Read-only; binds to loopback by default; Ctrl-C stops it.

    Example:

        kg serve --store .kg/store --texts exports/ --port 8000

        kg serve --allow-host kg.example.org   # behind a proxy that names it so
    """
    from kg.serve.run import serve as run_server

    run_server(
        store,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        cors=cors,
        texts=texts,
        allow_hosts=allow_hosts,
        announce=lambda line: click.echo(line, err=True),
    )
