"""`ledgerctl ledger accounts`: list the chart of accounts."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render


def accounts(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List the chart of accounts."""
    from ledgerctl.ledger.views import AccountRow
    from ledgerctl.ledger.views import accounts as list_accounts

    rows = list_accounts.run(app_context(ctx))
    render(rows, fmt, output, title="Accounts", row_type=AccountRow)
