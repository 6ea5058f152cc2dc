"""Options and printing helpers shared by the layby command modules (typer only at import)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import typer

from ledgerctl.cli_support import OutputFormat, render_rows

DATE_OPTION = typer.Option(None, "--date", help="Business date YYYY-MM-DD (default: today).")


def day(text: str | None, field: str = "--date") -> date:
    """A date option; today when not given."""
    from ledgerctl.core.clock import parse_date, today

    return parse_date(text, field=field) if text else today()


def optional_day(text: str | None, field: str) -> date | None:
    from ledgerctl.core.clock import parse_date

    return parse_date(text, field=field) if text else None


def render_record(record: dict[str, Any], fmt: OutputFormat, title: str) -> None:
    """A lay-by's sections: one JSON document, or a table per section."""
    if fmt == OutputFormat.json:
        typer.echo(json.dumps(record, indent=2, default=str))
        return
    head = record["layby"]
    render_rows(
        [{"field": k, "value": str(v)} for k, v in head.items() if v not in (None, "")],
        fmt,
        title=title,
    )
    for section in ("items", "instalments", "payments", "fees", "notifications"):
        if record.get(section):
            render_rows(record[section], fmt, title=section.capitalize())
