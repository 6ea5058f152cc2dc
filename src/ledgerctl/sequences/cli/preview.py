"""`ledgerctl sequence preview`: the next number of a sequence, without taking it."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context
from ledgerctl.core.clock import parse_day
from ledgerctl.sequences.cli.options import DATE_OPTION


def preview_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Sequence name."),
    on: str | None = DATE_OPTION,
) -> None:
    """Print the next number of NAME without taking it."""
    from ledgerctl.sequences.views import preview

    typer.echo(preview.run(app_context(ctx), name, parse_day(on, "--date")).next)
