"""`billing run-retainer-cycle PERIOD`: one draft statement per client for the month."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    message,
    progress_bar,
    render,
    resolve_format,
)

if TYPE_CHECKING:
    from ledgerctl.billing.workflows import CycleOutcome

TABLE_LIMIT = 50


def run_retainer_cycle(
    ctx: typer.Context,
    period: str = typer.Argument(..., help="YYYY-MM, or 'previous' / 'current' (cron)."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be made; write nothing."
    ),
    user: str | None = typer.Option(
        None, "--user", help="Act as this user (same as the global --user)."
    ),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Make one draft statement per client with a retainer or unbilled charges in PERIOD.

    Idempotent: a client that already has a statement for the period gets nothing. Exit 4
    when the billing period is closed, 8 while another run holds the lock.

    Example: ledgerctl billing run-retainer-cycle 2025-09 --dry-run
    """
    from ledgerctl.billing.workflows import CycleDraft, run_cycle

    actx = app_context(ctx)
    if user:
        actx.user_option = user
    with progress_bar("drafts", ctx=actx) as bar:
        result = run_cycle(actx, period, dry_run=dry_run, progress=bar)
    rows = list(result.drafts)
    if resolve_format(fmt, output) == Format.table and output is None and len(rows) > TABLE_LIMIT:
        rows = rows[:TABLE_LIMIT]
        message(
            f"first {TABLE_LIMIT} of {len(result.drafts)} drafts shown; all of them: "
            f"`ledgerctl billing statement list --period {result.period} --status draft`"
        )
    if rows:
        title = f"Retainer cycle {result.period}"
        render(rows, fmt, output, title=title, row_type=CycleDraft)
    message(_summary(result))


def _summary(result: CycleOutcome) -> str:
    verb = "would make" if result.dry_run else "made"
    text = f"{result.period}: {verb} {result.created} draft statement(s)"
    if result.already:
        text += f"; {result.already} client(s) already have a statement for {result.period}"
    if result.waiting_charges:
        text += f" ({result.waiting_charges} unbilled charge(s) wait for their next statement)"
    if not result.created and not result.dry_run:
        text += "; nothing to do"
    return text
