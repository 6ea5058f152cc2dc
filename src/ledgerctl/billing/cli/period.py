"""`billing period ...`: close, reopen and list billing months (the ledger's fiscal periods)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    confirm_or_abort,
    message,
    render,
)

app = typer.Typer(help="Billing period locks: close, reopen, list.", no_args_is_help=True)
YES = typer.Option(False, "--yes", help="Do not ask for confirmation.")


@app.command("close")
def period_close(
    ctx: typer.Context,
    period: str = typer.Argument(..., help="YYYY-MM"),
    yes: bool = YES,
) -> None:
    """Close a billing month: nothing new may be dated in it (exit 4 while drafts remain)."""
    from ledgerctl.billing.periods import close_period

    confirm_or_abort(f"close billing period {period}?", yes)
    row = close_period.run(app_context(ctx), period)
    message(f"billing period {row.period} closed")


@app.command("reopen")
def period_reopen(
    ctx: typer.Context,
    period: str = typer.Argument(..., help="YYYY-MM"),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
    yes: bool = YES,
) -> None:
    """Reopen a closed billing month (admin only)."""
    from ledgerctl.billing.periods import reopen_period

    confirm_or_abort(f"reopen billing period {period}?", yes)
    row = reopen_period.run(app_context(ctx), period, reason)
    message(f"billing period {row.period} reopened")


@app.command("list")
def period_list(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Billing months the books know, with their lock (months not listed are open)."""
    from ledgerctl.billing.periods import PeriodRow, list_periods

    rows = list_periods.run(app_context(ctx))
    render(rows, fmt, output, title="Billing periods", row_type=PeriodRow)
