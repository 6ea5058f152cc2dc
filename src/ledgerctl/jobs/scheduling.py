"""Use case ``schedule show``: the crontab lines or schtasks commands of every scheduled job.

Not a unit of work (no database): it reads the registry and the workspace location, and makes
``output/logs`` for the jobs' logs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound
from ledgerctl.jobs.domain.lines import ScheduleLine, Target, schedule_lines
from ledgerctl.jobs.registry import all_jobs
from ledgerctl.workspace.api import SETTINGS_FILE


def ledgerctl_executable() -> str:
    """The absolute path of the ledgerctl executable the scheduler should run."""
    found = shutil.which("ledgerctl")
    return str(Path(found or sys.argv[0]).resolve())


def show_schedule(ctx: AppContext, os_name: str, job: str | None = None) -> list[ScheduleLine]:
    """Scheduler lines for every registered job (or one), creating output/logs for them."""
    jobs = all_jobs()
    if job is not None:
        jobs = [j for j in jobs if j.name == job]
        if not jobs:
            known = ", ".join(j.name for j in all_jobs())
            raise NotFound(f"no scheduled job {job!r}; registered: {known}")
    home = ctx.home
    if not (home / SETTINGS_FILE).is_file():
        raise NotFound(
            f"{home} is not a ledgerctl workspace (no {SETTINGS_FILE}); "
            "pass --home WORKSPACE or run `ledgerctl init` there"
        )
    (home / "output" / "logs").mkdir(parents=True, exist_ok=True)
    target = Target(
        exe=ledgerctl_executable(), home=home, tenant=ctx.tenant_option, user=ctx.user_option
    )
    return schedule_lines(jobs, target, os_name)
