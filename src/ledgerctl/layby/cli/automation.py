"""`ledgerctl layby automation run|history|status`: the daily lay-by automation."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render

app = typer.Typer(help="The daily lay-by automation (cron 06:00).", no_args_is_help=True)


@app.command("run")
def run(
    ctx: typer.Context,
    as_of: str | None = typer.Option(None, "--as-of", help="Run as of this date (default today)."),
    batch: int = typer.Option(
        10000, "--batch", min=1, help="Lay-bys per transaction (a crash loses one batch)."
    ),
) -> None:
    """Late fees, defaults, reminders and overdue notices; idempotent per day. Exit 8 if
    another run holds the lock.

    Example: ledgerctl layby automation run --as-of 2026-02-25
    """
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby import automation

    tally = automation.run(app_context(ctx), parse_day(as_of, "--as-of") or today(), batch=batch)
    message(tally.text())
    for kind, path in tally.files.items():
        message(f"  {kind}: {path}")
    if tally.sent or tally.send_failed:
        message(f"  emails sent {tally.sent}, failed {tally.send_failed}")


@app.command("history")
def history(
    ctx: typer.Context,
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many runs."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Past runs: start, end, duration, processed, errors."""
    from ledgerctl.layby.runs import RunRow, history

    rows = history.run(app_context(ctx), limit)
    render(rows, fmt, output, title="Lay-by automation runs", row_type=RunRow)


@app.command("status")
def status(
    ctx: typer.Context,
    as_of: str | None = typer.Option(None, "--as-of", help="Default today."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The last run, the lock, and what the next run will find."""
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby.runs import StatusItem, status

    rows = status.run(app_context(ctx), parse_day(as_of, "--as-of") or today())
    render(rows, fmt, output, title="Lay-by automation", row_type=StatusItem)
