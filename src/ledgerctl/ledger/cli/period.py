"""`ledgerctl ledger period list|close|reopen`: monthly fiscal periods."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render

app = typer.Typer(help="Monthly fiscal periods: list, close, reopen.", no_args_is_help=True)


@app.command("list")
def period_list(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List fiscal periods and whether they are open."""
    from ledgerctl.ledger.periods import PeriodRow, period_rows

    rows = period_rows.run(app_context(ctx))
    render(rows, fmt, output, title="Periods", row_type=PeriodRow)


@app.command("close")
def period_close(ctx: typer.Context, period: str = typer.Argument(..., help="YYYY-MM")) -> None:
    """Close a period: nothing more can be posted into it."""
    from ledgerctl.ledger.periods import close_period

    close_period.run(app_context(ctx), period)
    message(f"period {period} closed")


@app.command("reopen")
def period_reopen(
    ctx: typer.Context,
    period: str = typer.Argument(..., help="YYYY-MM"),
    reason: str = typer.Option(..., "--reason", help="Why (audited)."),
) -> None:
    """Reopen a closed period (admin; audited with the reason)."""
    from ledgerctl.ledger.periods import reopen_period

    reopen_period.run(app_context(ctx), period, reason)
    message(f"period {period} reopened")
