"""The scheduled-job record, the kernel's own jobs, and the checks every registered job passes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ledgerctl.core.errors import UsageError
from ledgerctl.jobs.domain.cron import parse_cron
from ledgerctl.jobs.domain.names import check_job_name


@dataclass(frozen=True)
class ScheduledJob:
    """A job the OS scheduler runs: ``ledgerctl <args...>`` on the ``cron`` schedule."""

    name: str
    args: tuple[str, ...]
    cron: str
    description: str


KERNEL_JOBS = [
    ScheduledJob(
        "audit-verify",
        ("audit", "verify"),
        "30 2 * * *",
        "Re-hash the audit chain every night; exit 5 if a row was edited or deleted.",
    ),
    ScheduledJob(
        "doctor",
        ("doctor",),
        "0 6 * * *",
        "Check database, migrations, folders, disk space and each group's health.",
    ),
]


def validate(jobs: Sequence[ScheduledJob]) -> list[ScheduledJob]:
    """Check names are unique and every cron expression parses (error names the job)."""
    seen: set[str] = set()
    for job in jobs:
        check_job_name(job.name)
        if job.name in seen:
            raise UsageError(f"scheduled job {job.name!r} is registered twice; rename one")
        seen.add(job.name)
        if not job.args:
            raise UsageError(f"scheduled job {job.name!r} has no command arguments")
        parse_cron(job.cron, job=job.name)
    return list(jobs)
