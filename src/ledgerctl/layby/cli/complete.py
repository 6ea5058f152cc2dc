"""`ledgerctl layby complete`: sell and release a fully paid lay-by."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message


def complete(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Lay-by number."),
    date: str | None = typer.Option(
        None, "--date", help="Business date YYYY-MM-DD (default: today)."
    ),
) -> None:
    """Complete a fully paid lay-by: the sale is recorded in pos, the items released.
    Prints the sale's invoice number."""
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby.lifecycle import complete_layby

    row = complete_layby.run(app_context(ctx), number, parse_day(date, "--date") or today())
    typer.echo(row.sale)
    message(f"{number} completed; items released by {row.released_by}")
