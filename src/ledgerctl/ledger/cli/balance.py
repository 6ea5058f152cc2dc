"""`ledgerctl ledger balance`: account balances on each account's normal side."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.clock import parse_day


def balance(
    ctx: typer.Context,
    account: str | None = typer.Argument(None, help="Account code (default: every account)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Balance at the end of (YYYY-MM-DD)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Account balances, positive on the account's normal side."""
    from ledgerctl.ledger.views import AccountBalance, balances

    rows = balances.run(app_context(ctx), account, parse_day(as_of, "--as-of"))
    render(rows, fmt, output, title="Balances", row_type=AccountBalance)
