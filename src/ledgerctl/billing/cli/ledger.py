"""`billing ledger --client CODE`: every movement of one client's account."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.clock import parse_day


def ledger(
    ctx: typer.Context,
    client: str = typer.Option(..., "--client", "-c", help="Client (customer) code."),
    start: str | None = typer.Option(
        None, "--from", help="First day (YYYY-MM-DD); earlier movements make the opening balance."
    ),
    end: str | None = typer.Option(None, "--to", help="Last day (YYYY-MM-DD)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Statement of all movements of one client: statements, payments, voids, balance.

    --format xlsx without --output writes output/billing/reports/ledger-<client>.xlsx.
    """
    from ledgerctl.billing.views import LedgerRow, client_ledger

    actx = app_context(ctx)
    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    render(
        client_ledger.run(actx, client, first, last),
        fmt,
        output,
        title="Ledger",
        row_type=LedgerRow,
        default_path=actx.home / "output" / "billing" / "reports" / f"ledger-{client}.xlsx",
    )
