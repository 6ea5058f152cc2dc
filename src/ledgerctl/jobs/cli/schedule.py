"""``ledgerctl schedule show``: crontab lines or schtasks commands for every scheduled job."""

from __future__ import annotations

import sys

import typer

from ledgerctl.console import app_context, render_text, warn
from ledgerctl.core.errors import UsageError

app = typer.Typer(
    help="Crontab lines and schtasks commands for scheduled jobs.", no_args_is_help=True
)

DEFAULT_OS = "windows" if sys.platform == "win32" else "cron"


@app.command("show")
def schedule_show(
    ctx: typer.Context,
    os_name: str = typer.Option(DEFAULT_OS, "--os", help="cron (Linux/macOS) or windows."),
    job: str | None = typer.Option(None, "--job", help="Only this job."),
) -> None:
    """Print a crontab line or a schtasks command for every scheduled job.

    Example: ledgerctl schedule show --os cron --job doctor
    """
    from ledgerctl.jobs.scheduling import show_schedule

    lines = show_schedule(app_context(ctx), os_name, job)
    comment = "REM" if os_name == "windows" else "#"
    text = []
    for line in lines:
        if line.error:
            continue
        text += [f"{comment} {line.job.name}: {line.job.description}", line.text]
        if line.warning:
            warn(line.warning)
    render_text("\n".join(text))
    errors = [line.error for line in lines if line.error]
    if errors:
        raise UsageError("; ".join(errors))
