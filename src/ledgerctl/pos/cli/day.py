"""Command `pos day summary` (the Z report)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    message,
    render_sections,
    resolve_format,
)
from ledgerctl.core.clock import parse_day, today
from ledgerctl.core.errors import UsageError
from ledgerctl.pos.cli.options import DATE_HELP

app = typer.Typer(help="Reports for the day.", no_args_is_help=True)


@app.command("summary")
def day_summary(
    ctx: typer.Context,
    branch: str = typer.Option(..., "--branch", "-b", help="Branch code."),
    date: str | None = typer.Option(None, "--date", help=f"Day ({DATE_HELP}); default today."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Z report: sales by tender, tax by type, returns, cash expected. A table per section,
    JSON, CSV, or (``-o NAME.xlsx``) a workbook with the day's sales and returns too.

    Example: ledgerctl pos day summary -b ACC-01 --date 2026-02-03 -o z-2026-02-03.xlsx
    """
    from ledgerctl.pos import day as zreport

    summary = zreport.day_summary.run(
        app_context(ctx), branch, parse_day(date, "--date") or today()
    )
    if resolve_format(fmt, output) == Format.xlsx:
        if output is None:
            raise UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
        message(f"wrote {zreport.write_workbook(summary, output)}")
        return
    sections = {name: list(items) for name, items in summary.sections.items()}
    render_sections(sections, fmt, output)
