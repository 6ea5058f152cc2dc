"""`ledgerctl layby list`: lay-bys with filters."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render


def list_laybys(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None, "--status", help="ACTIVE, ON_HOLD, COMPLETED, CANCELLED or DEFAULTED."
    ),
    customer: str | None = typer.Option(None, "--customer", "-c", help="Customer code."),
    due: str | None = typer.Option(None, "--due", help="Next due on or before this date."),
    overdue: bool = typer.Option(
        False, "--overdue", help="Active with an unpaid instalment past its due date."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Date for --overdue (default today)."),
    limit: int = typer.Option(500, "--limit", help="At most this many lay-bys."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Lay-bys, oldest first, with filters."""
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby.views import LaybyFilter, LaybyRow, list_laybys

    when = parse_day(as_of, "--as-of") or today()
    f = LaybyFilter(status, customer, parse_day(due, "--due"), when if overdue else None, limit)
    rows = list_laybys.run(app_context(ctx), f)
    render(rows, fmt, output, title="Lay-bys", row_type=LaybyRow)
