"""Scheduled jobs of the `fdms` group (discovered by ``ledgerctl.jobs.registry``).

Each command holds its job lock (exit 8 while another run holds it) and is idempotent:
sync sends only what is still queued, close-day does nothing when the day is closed, the
certificate check only reads.
"""

from __future__ import annotations

from ledgerctl.jobs.api import ScheduledJob

JOBS = [
    ScheduledJob(
        "fdms-sync",
        ("fdms", "sync"),
        "*/5 * * * *",
        "Send receipts still queued for FDMS (network was down), in receiptGlobalNo "
        "order; offline devices submit their day files. Exit 6 while FDMS is "
        "unreachable (the receipts stay queued).",
    ),
    ScheduledJob(
        "fdms-close-day",
        ("fdms", "close-day"),
        "55 23 * * *",
        "Close the fiscal day before midnight: sync, sign the counters, CloseDay, poll "
        "GetStatus; exit 6 with the closing error code if FDMS refuses.",
    ),
    ScheduledJob(
        "fdms-certificate-check",
        ("fdms", "check-certificate-expiry", "--days", "30"),
        "0 7 * * *",
        "Exit 4 when a device certificate expires within 30 days: run `ledgerctl fdms "
        "certificate renew`.",
    ),
    ScheduledJob(
        "fdms-audit",
        ("fdms", "audit"),
        "20 3 * * *",
        "Re-verify every stored receipt (hash chain, device and FDMS signatures, day "
        "counters); exit 5 at the first break.",
    ),
]
