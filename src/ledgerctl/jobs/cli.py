"""The `jobs` and `schedule` groups: job runs, locks, cron / Task Scheduler lines."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    confirm_or_abort,
    message,
    render_rows,
)

jobs_app = typer.Typer(help="Runs of scheduled jobs and their locks.", no_args_is_help=True)
schedule_app = typer.Typer(
    help="Crontab lines and schtasks commands for scheduled jobs.", no_args_is_help=True
)

DEFAULT_OS = "windows" if sys.platform == "win32" else "cron"


@jobs_app.command("list")
def jobs_list(
    ctx: typer.Context,
    name: str = typer.Option(None, "--name", help="Only runs of this job."),
    status: str = typer.Option(None, "--status", help="running, ok or failed."),
    limit: int = typer.Option(50, "--limit", help="How many runs (newest first)."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Recent job runs of the tenant, newest first."""
    from ledgerctl.jobs import service

    rows = service.list_runs(app_context(ctx), name=name, status=status, limit=limit)
    render_rows(rows, fmt, output, title="Job runs")


@jobs_app.command("locks")
def jobs_locks(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Job locks held in the tenant; stale ones (holder gone or expired) are marked."""
    from ledgerctl.jobs import service

    render_rows(service.list_locks(app_context(ctx)), fmt, output, title="Job locks")


@jobs_app.command("unlock")
def jobs_unlock(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Job name, as shown by `ledgerctl jobs locks`."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Remove a job's lock whose holder is known to be dead (e.g. its host is gone)."""
    from ledgerctl.jobs import service

    confirm_or_abort(f"remove the lock of job {name!r}? Only do this if its holder is dead", yes)
    actx = app_context(ctx)
    before = service.unlock(actx, name)
    message(f"lock of job {name!r} (host {before['host']} pid {before['pid']}) removed", ctx=actx)


@schedule_app.command("show")
def schedule_show(
    ctx: typer.Context,
    os_name: str = typer.Option(DEFAULT_OS, "--os", help="cron (Linux/macOS) or windows."),
    job: str = typer.Option(None, "--job", help="Only this job."),
) -> None:
    """Print a crontab line or a schtasks command for every scheduled job."""
    from ledgerctl.core.errors import UsageError
    from ledgerctl.jobs import service

    actx = app_context(ctx)
    lines = service.show_schedule(actx, os_name, job)
    comment = "REM" if os_name == "windows" else "#"
    for line in lines:
        if line.error:
            continue
        typer.echo(f"{comment} {line.job.name}: {line.job.description}")
        typer.echo(line.text)
        if line.warning:
            message(f"warning: {line.warning}", ctx=actx)
    errors = [line.error for line in lines if line.error]
    if errors:
        raise UsageError("; ".join(errors))
