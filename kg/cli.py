"""The ``kg`` command: a thin layer over the library. Each command resolves its arguments, calls
one library function and prints; errors become one line on stderr and a non-zero exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.errors import KgError


class KgGroup(click.Group):
    """A click group that turns usage errors and KgErrors into one-line messages."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
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
            sys.exit(0)


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
    partners and places, every link backed by the sentence it came from."""


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write Turtle here (default: stdout)."
)
@click.option(
    "--corrections",
    type=click.Path(path_type=Path),
    help="A corrections file (default: <report>.corrections.toml beside the report, if any).",
)
def build(reports: tuple[Path, ...], output: Path | None, corrections: Path | None) -> None:
    """Read REPORTS and write their knowledge graph as Turtle, validated against the shapes.

    Example:

        kg build data/reports/unwomen-mexico-2022.txt -o exports/unwomen-mexico-2022.ttl
    """
    from kg.commands import build_turtle

    turtle, warnings = build_turtle(reports, corrections)
    _warn(warnings)
    if output is None:
        click.echo(turtle.decode("utf-8"), nl=False)
    else:
        from kg.files import write_atomic

        write_atomic(output, turtle)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--from",
    "sources",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A Turtle (or other RDF) graph kg exported earlier; repeatable.",
)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="HTML file.")
@click.option("--programme", help="Show this programme and what it links to.")
@click.option("--partner", help="Show this partner and what it links to (see --depth).")
@click.option("--outcome", help="Show this outcome (its identifier) and what it links to.")
@click.option("--place", help="Show this place and what it links to.")
@click.option("--depth", type=int, help="With a focus: how many links away to show (default 1).")
@click.option("--overlap", is_flag=True, help="Partners linked by what they share.")
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
) -> None:
    """Draw the graph of INPUTS (reports, or Turtle kg exported) as one HTML file that opens
    offline in a browser: search, filters, and the sentences behind every link.

    Example:

    \b
        kg view data/reports/unwomen-mexico-2022.txt -o exports/graph.html
        kg view --from exports/mexico.ttl --partner INMUJERES --depth 2 -o inmujeres.html
        kg view exports/mexico.ttl --overlap -o overlap.html
    """
    from kg.commands import write_view_file

    paths = (*inputs, *sources)
    if not paths:
        raise click.UsageError("name at least one report or graph (or --from FILE.ttl)")
    warnings = write_view_file(
        paths,
        output,
        programme=programme,
        partner=partner,
        outcome=outcome,
        place=place,
        depth=depth,
        overlap=overlap,
    )
    _warn(warnings)
    click.echo(f"wrote {output}", err=True)
