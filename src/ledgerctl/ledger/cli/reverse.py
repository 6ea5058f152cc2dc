"""`ledgerctl ledger reverse`: post the mirror entry of a posted one."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context
from ledgerctl.core.clock import parse_day, today


def reverse(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Entry number, e.g. JE-2025-000012."),
    date: str | None = typer.Option(
        None, "--date", help="Date of the reversal (YYYY-MM-DD); default today."
    ),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the description)."),
) -> None:
    """Post the mirror entry of NUMBER (an entry can be reversed once); prints its number."""
    from ledgerctl.ledger.entries import reverse_entry

    on = parse_day(date, "--date") or today()
    typer.echo(reverse_entry.run(app_context(ctx), number, on, reason).number)
