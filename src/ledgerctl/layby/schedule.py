"""Scheduled jobs of the `layby` group (discovered by ``ledgerctl.jobs.registry``)."""

from __future__ import annotations

from ledgerctl.jobs.api import ScheduledJob

JOBS = [
    ScheduledJob(
        "layby-automation",
        ("layby", "automation", "run"),
        "0 6 * * *",
        "Lay-by reminders, overdue notices, late fees and defaults for today; "
        "idempotent (a second run the same day changes nothing); exit 8 if a run is "
        "already going.",
    ),
]
