"""Helpers of the billing command line: option parsing, report output, progress bars."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ledgerctl.cli_support import OutputFormat, message, render_rows
from ledgerctl.context import AppContext


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


REPORT_FORMAT = typer.Option(
    ReportFormat.table,
    "--format",
    "-f",
    help="table, json, csv or xlsx (Excel; default file under output/billing/reports/).",
)


def day(text: str | None, option: str) -> date | None:
    """An optional YYYY-MM-DD option value (exit 2 naming the option)."""
    from ledgerctl.core.clock import parse_date

    return parse_date(text, field=option) if text else None


def month_or_day(text: str | None, option: str, *, end: bool) -> date | None:
    """``2025-09`` (first or last day of the month) or ``2025-09-15``."""
    from ledgerctl.core.clock import period_bounds
    from ledgerctl.core.errors import UsageError

    if not text:
        return None
    value = text.strip()
    try:
        if len(value) == 7:
            first, last = period_bounds(value)
            return last if end else first
        return date.fromisoformat(value)
    except (UsageError, ValueError):
        raise UsageError(
            f"{option}: {text!r} is neither a month (YYYY-MM) nor a day (YYYY-MM-DD)"
        ) from None


def render_report(
    ctx: AppContext,
    rows: list[dict[str, Any]],
    fmt: ReportFormat,
    output: Path | None,
    *,
    title: str,
    kind: str,
    default_name: str,
) -> None:
    """Table/JSON/CSV through ``render_rows``, or an Excel workbook (``kind``: aging|ledger)."""
    from ledgerctl.billing import outputs

    columns = outputs.AGING_COLUMNS if kind == "aging" else outputs.LEDGER_COLUMNS
    names = [c.name for c in columns]
    if fmt != ReportFormat.xlsx:
        render_rows(rows, OutputFormat(fmt.value), output, title=title, columns=names)
        return
    target = output or ctx.home / "output" / "billing" / "reports" / default_name
    outputs.write_xlsx(target, "Ageing" if kind == "aging" else "Ledger", columns, rows, title)
    message(f"wrote {target}", ctx=ctx)


def show_record(record: dict[str, Any], fmt: OutputFormat, output: Path | None, title: str) -> None:
    """One record: field/value rows as a table, or the record itself as JSON."""
    if fmt == OutputFormat.json:
        render_rows([record], fmt, output, columns=list(record))
        return
    rows = [{"field": k, "value": v} for k, v in record.items() if not isinstance(v, list | dict)]
    render_rows(rows, fmt, output, title=title)


def print_rows(rows: Sequence[dict[str, Any]], title: str) -> None:
    """A secondary table after the main output (lines, allocations), on stdout."""
    if rows:
        render_rows(list(rows), OutputFormat.table, None, title=title)


@contextmanager
def progress_bar(ctx: AppContext, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on a terminal (stderr); ``None`` in cron or with --quiet."""
    if ctx.quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
