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
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="List every spurious and missed entity.")
def eval_command(report: Path, gold: Path, verbose: bool) -> None:
    """Print precision and recall of recognition in REPORT against a hand-written GOLD file,
    per entity type and for entity-outcome links.

    Example:

        kg eval data/reports/unwomen-mexico-2022.txt tests/data/unwomen-mexico-2022.gold.toml
    """
    from kg.commands import evaluate_report

    click.echo(evaluate_report(report, gold, verbose), nl=False)
