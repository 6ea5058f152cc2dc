"""The registry of scheduled jobs: what runs when, as which ``ledgerctl`` command.

The kernel registers ``audit-verify`` and ``doctor`` (``KERNEL_JOBS``). A group adds its own
by defining ``JOBS = [ScheduledJob(...), ...]`` in a ``ledgerctl.<group>.schedule`` module
(``ScheduledJob`` from ``ledgerctl.jobs.api``); ``all_jobs()`` discovers them the way
``workspace/doctor.py`` discovers health checks.
"""

from __future__ import annotations

from ledgerctl.core.errors import UsageError
from ledgerctl.jobs.domain.jobs import KERNEL_JOBS, ScheduledJob, validate

__all__ = ["KERNEL_JOBS", "ScheduledJob", "all_jobs", "validate"]


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


def all_jobs() -> list[ScheduledJob]:
    """The kernel's jobs, then each group's, validated."""
    return validate([*KERNEL_JOBS, *_group_jobs()])
