"""`ledgerctl pipeline settle`: who owes whom for a month's shared expenses."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.clock import parse_period


def settle(
    ctx: typer.Context,
    period: str = typer.Option(..., "--period", help="Month to settle, YYYY-MM."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Who owes whom for shared expenses of a month, net of settlement payments.

    Example: ledgerctl pipeline settle --period 2026-02
    """
    from ledgerctl.pipeline.paths import display_path
    from ledgerctl.pipeline.settle import settle as run

    actx = app_context(ctx)
    result = run(actx, parse_period(period, field="--period"))
    s = result.settlement
    render(s.line_rows(), fmt, output, title=f"Settlement {s.period}")
    for note in result.notes:
        message(note)
    for path in result.files:
        message(f"wrote {display_path(actx, path)}")
    message(s.result)
