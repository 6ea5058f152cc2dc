"""Scheduled jobs of the `pipeline` group (discovered by ``ledgerctl.jobs.registry``)."""

from __future__ import annotations

from ledgerctl.jobs.api import ScheduledJob

JOBS = [
    ScheduledJob(
        "pipeline-process",
        ("pipeline", "process"),
        "15 5 * * *",
        "Store new bank files from csv_inbox/, apply review edits, refresh Parquet and "
        "the review workbook; exit 8 if a run is already going.",
    ),
]
