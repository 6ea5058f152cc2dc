"""`ledgerctl layby report`: the lay-by analytics (four tables)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    render_sections,
    resolve_format,
)


def report(
    ctx: typer.Context,
    period: str | None = typer.Option(
        None, "--period", help="YYYY-MM for the collections (default: the month of --as-of)."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Date for the overdue ageing (today)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Active count and value, collected in the period, overdue ageing, default rate by
    business type. A workbook with one sheet per table: --format xlsx -o FILE.xlsx."""
    from ledgerctl.core.clock import parse_day, parse_month, period_bounds, period_of, today
    from ledgerctl.layby.report import layby_report

    when = parse_day(as_of, "--as-of") or today()
    code = parse_month(period, "--period") or period_of(when)
    start, end = period_bounds(code)
    r = layby_report.run(app_context(ctx), when, start, end)
    keyed = resolve_format(fmt, output) in (Format.json, Format.csv)
    sections = {
        "active" if keyed else "Open lay-bys": r.active,
        "collected" if keyed else f"Collected {code}": r.collected,
        "overdue_ageing" if keyed else f"Overdue ageing as of {when}": r.overdue_ageing,
        "default_rate" if keyed else "Default rate by business type": r.default_rate,
    }
    render_sections(sections, fmt, output)
