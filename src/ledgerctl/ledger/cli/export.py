"""`ledgerctl ledger export`: the journal as plain text for hledger/ledger-cli or beancount."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import OUTPUT_OPTION, app_context, message


def export(
    ctx: typer.Context,
    fmt: str = typer.Option(
        "hledger", "--format", "-f", help="hledger (also read by ledger-cli) or beancount."
    ),
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Export the journal as plain text for hledger / ledger-cli or beancount."""
    from ledgerctl.ledger.export import export_journal

    result = export_journal.run(app_context(ctx), fmt, output)
    if output is not None:
        message(f"{result.entries} entries written to {output}")
