"""``ledgerctl jobs list|locks|unlock``: runs of scheduled jobs and their locks."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    confirm_or_abort,
    message,
    render,
)

app = typer.Typer(help="Runs of scheduled jobs and their locks.", no_args_is_help=True)


@app.command("list")
def jobs_list(
    ctx: typer.Context,
    name: str | None = typer.Option(None, "--name", help="Only runs of this job."),
    status: str | None = typer.Option(None, "--status", help="running, ok or failed."),
    limit: int = typer.Option(50, "--limit", help="How many runs (newest first)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Recent job runs of the tenant, newest first.

    Example: ledgerctl jobs list --status failed --limit 10
    """
    from ledgerctl.jobs.views import JobRunRow, list_runs

    rows = list_runs.run(app_context(ctx), name=name, status=status, limit=limit)
    render(rows, fmt, output, title="Job runs", row_type=JobRunRow)


@app.command("locks")
def jobs_locks(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Job locks held in the tenant; stale ones (holder gone or expired) are marked."""
    from ledgerctl.jobs.views import LockRow, list_locks

    render(list_locks.run(app_context(ctx)), fmt, output, title="Job locks", row_type=LockRow)


@app.command("unlock")
def jobs_unlock(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Job name, as shown by `ledgerctl jobs locks`."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Remove a job's lock whose holder is known to be dead (e.g. its host is gone).

    Example: ledgerctl jobs unlock layby.automation --yes
    """
    from ledgerctl.jobs.unlock import unlock

    confirm_or_abort(f"remove the lock of job {name!r}? Only do this if its holder is dead", yes)
    removed = unlock.run(app_context(ctx), name)
    message(f"lock of job {name!r} (host {removed.host} pid {removed.pid}) removed")
