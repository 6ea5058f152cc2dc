"""The registry of scheduled jobs: what runs when, as which ``ledgerctl`` command.

The kernel registers ``audit-verify`` and ``doctor`` (``KERNEL_JOBS``). A group adds its own
by defining ``JOBS = [ScheduledJob(...), ...]`` in a ``ledgerctl.<group>.schedule`` module;
``all_jobs()`` discovers them the way ``workspace/doctor.py`` discovers health checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledgerctl.core.errors import UsageError
from ledgerctl.jobs.cron import parse_cron
from ledgerctl.jobs.names import check_job_name


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


def _group_jobs() -> list[ScheduledJob]:
    from ledgerctl.plugins import group_modules

    jobs: list[ScheduledJob] = []
    for group, module in group_modules("schedule"):
        for job in getattr(module, "JOBS", []):
            if not isinstance(job, ScheduledJob):
                raise UsageError(
                    f"ledgerctl.{group}.schedule.JOBS holds {job!r}, which is not a ScheduledJob"
                )
            jobs.append(job)
    return jobs


def validate(jobs: list[ScheduledJob]) -> list[ScheduledJob]:
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
    return jobs


def all_jobs() -> list[ScheduledJob]:
    """The kernel's jobs, then each group's, validated."""
    return validate([*KERNEL_JOBS, *_group_jobs()])
