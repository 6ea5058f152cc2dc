"""`ledgerctl layby show`: one lay-by, live or archived."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render_record


def show(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Lay-by number."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """A lay-by (live or archived): terms, items, schedule, payments, fees, notices."""
    from ledgerctl.layby.views import show_layby

    render_record(show_layby.run(app_context(ctx), number), fmt, output, title=f"Lay-by {number}")
