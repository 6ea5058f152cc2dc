"""`ledgerctl layby hold`: pause a lay-by."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message


def hold(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Lay-by number."),
    reason: str = typer.Option(..., "--reason", help="Why it is put on hold."),
    date: str | None = typer.Option(
        None, "--date", help="Business date YYYY-MM-DD (default: today)."
    ),
) -> None:
    """Put a lay-by on hold (no reminders, late fees or default until reactivated)."""
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby.lifecycle import hold_layby

    day = parse_day(date, "--date") or today()
    row = hold_layby.run(app_context(ctx), number, reason, day)
    message(f"{number} is {row.status}")
