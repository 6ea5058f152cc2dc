"""Scheduled jobs of the `pos` group (discovered by ``ledgerctl.jobs.registry``)."""

from __future__ import annotations

from ledgerctl.jobs.api import ScheduledJob

JOBS = [
    ScheduledJob(
        "pos-post-unposted",
        ("pos", "post-unposted"),
        "45 23 * * *",
        "Post every pending or failed pos document to the ledger (exit 4 if some "
        "still fail; exit 8 if a run is already going).",
    ),
    ScheduledJob(
        "pos-purge-due",
        ("pos", "tenant", "purge-due", "--yes"),
        "30 3 * * *",
        "Purge offboarded tenants whose grace period is over and whose purge was "
        "approved (final archive first).",
    ),
]
