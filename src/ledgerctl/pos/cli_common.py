"""Options and small helpers shared by the pos command modules (typer only)."""

from __future__ import annotations

from datetime import date

import typer

DATE_HELP = "YYYY-MM-DD"
BRANCH_OPTION = typer.Option(
    None, "--branch", "-b", help="Branch code (default: your branch, or the only one)."
)


def day(text: str | None, field: str = "--date") -> date:
    """A date option; today when not given."""
    from ledgerctl.core.clock import parse_date, today

    return parse_date(text, field=field) if text else today()


def optional_day(text: str | None, field: str) -> date | None:
    from ledgerctl.core.clock import parse_date

    return parse_date(text, field=field) if text else None
