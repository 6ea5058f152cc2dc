"""The `jobs` and `schedule` groups: job runs, locks, cron / Task Scheduler lines."""

from __future__ import annotations

import typer

jobs_app = typer.Typer(help="Runs of scheduled jobs and their locks.", no_args_is_help=True)
schedule_app = typer.Typer(help="Crontab lines and schtasks commands for scheduled jobs.",
                           no_args_is_help=True)
