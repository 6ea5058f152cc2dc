"""`ledgerctl ledger post`: post one entry from arguments, or every entry of a file."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import app_context, message
from ledgerctl.core.clock import parse_day
from ledgerctl.core.errors import UsageError


def post(
    ctx: typer.Context,
    date: str | None = typer.Option(None, "--date", help="Entry date, YYYY-MM-DD."),
    desc: str = typer.Option("", "--desc", help="Description."),
    debit: list[str] = typer.Option([], "--debit", help="ACCOUNT=AMOUNT (repeatable)."),
    credit: list[str] = typer.Option([], "--credit", help="ACCOUNT=AMOUNT (repeatable)."),
    currency: str | None = typer.Option(None, "--currency", help="Currency (default: tenant's)."),
    reference: str = typer.Option("", "--reference", help="External reference."),
    file: Path | None = typer.Option(
        None, "--file", help="CSV or JSON file of entries (all or nothing)."
    ),
) -> None:
    """Post an entry from arguments, or every entry of a CSV/JSON file; prints the number.

    Example: ledgerctl ledger post --date 2025-09-01 --desc "Rent September"
    --debit 6100=1500.00 --credit 1010=1500.00
    """
    if file is not None:
        if date or debit or credit or desc:
            raise UsageError("--file cannot be combined with --date/--desc/--debit/--credit")
        _post_file(ctx, file)
        return
    entry_date = parse_day(date, "--date")
    if entry_date is None:
        raise UsageError("--date is required (or give --file)")
    from ledgerctl.ledger.entries import post_entry

    posted = post_entry.run(app_context(ctx), entry_date, desc, debit, credit, currency, reference)
    typer.echo(posted.number)


def _post_file(ctx: typer.Context, file: Path) -> None:
    from ledgerctl.ledger.entries import post_file

    entries = post_file.run(app_context(ctx), file).entries
    span = f" ({entries[0].number} .. {entries[-1].number})" if entries else ""
    noun = "entry" if len(entries) == 1 else "entries"
    message(f"{len(entries)} {noun} posted from {file}{span}")
