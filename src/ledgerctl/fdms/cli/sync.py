"""`ledgerctl fdms sync`: send what is queued (offline: the day files)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context
from ledgerctl.fdms.cli.common import DEVICE_OPTION, sync_report


def sync(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Send queued receipts in receiptGlobalNo order (offline: submit day files); exit 6 and
    keep them queued when FDMS is unreachable. Safe to run any time (cron)."""
    from ledgerctl.fdms import sync as use_cases

    sync_report(use_cases.sync(app_context(ctx), device_id), fmt, output)
