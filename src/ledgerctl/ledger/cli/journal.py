"""`ledgerctl ledger journal`: journal entries line by line."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.clock import parse_day, parse_month


def journal(
    ctx: typer.Context,
    account: str | None = typer.Option(
        None, "--account", help="Only entries touching this account."
    ),
    start: str | None = typer.Option(None, "--from", help="From date (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="To date (YYYY-MM-DD)."),
    period: str | None = typer.Option(None, "--period", help="Only this month (YYYY-MM)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the newest N entries."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """List journal entries line by line, oldest first.

    Example: ledgerctl ledger journal --period 2025-09 --account 1010
    """
    from ledgerctl.ledger.views import JournalLine
    from ledgerctl.ledger.views import journal as journal_lines

    rows = journal_lines.run(
        app_context(ctx),
        account=account,
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
        period=parse_month(period, "--period"),
        limit=limit,
    )
    render(rows, fmt, output, title="Journal", row_type=JournalLine)
