"""`billing aging`: ageing of open statements per client (table, JSON, CSV or a workbook)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.clock import parse_day, today


def aging(
    ctx: typer.Context,
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD (default today)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Ageing of open statements per client: current / 30 / 60 / 90+ days, credit, balance.

    --format xlsx without --output writes output/billing/reports/aging-<as-of>.xlsx.
    """
    from ledgerctl.billing import views

    actx = app_context(ctx)
    on = parse_day(as_of, "--as-of") or today()
    render(
        views.aging.run(actx, on),
        fmt,
        output,
        title="Ageing",
        row_type=views.AgingRow,
        default_path=actx.home / "output" / "billing" / "reports" / f"aging-{on}.xlsx",
    )
