"""Scheduled jobs of the `billing` group (discovered by ``ledgerctl.jobs.registry``)."""

from __future__ import annotations

from ledgerctl.jobs.api import ScheduledJob

JOBS = [
    ScheduledJob(
        "billing-retainer-cycle",
        ("billing", "run-retainer-cycle", "previous"),
        "0 6 1 * *",
        "On the 1st at 06:00, draft the statements of the month just ended (one per "
        "client with a retainer or unbilled charges); a rerun makes nothing new; exit "
        "8 if a run is already going.",
    ),
]
