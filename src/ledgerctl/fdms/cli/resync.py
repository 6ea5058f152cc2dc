"""`ledgerctl fdms resync`: reconcile with GetStatus, then sync."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context
from ledgerctl.fdms.cli.common import DEVICE_OPTION, sync_report


def resync(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Reconcile the day and numbers with GetStatus (pending open, lost close, finished
    close), then sync; exit 5 if FDMS holds receipts this store does not."""
    from ledgerctl.fdms import sync as use_cases

    sync_report(use_cases.resync(app_context(ctx), device_id), fmt, output)
