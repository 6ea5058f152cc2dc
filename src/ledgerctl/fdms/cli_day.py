"""`fdms open-day`, `fdms close-day`, `fdms status`, `fdms sync`, `fdms resync`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    message,
    render_rows,
)
from ledgerctl.core.errors import RemoteUnavailable
from ledgerctl.fdms.cli_device import DEVICE_OPTION


def open_day(ctx: typer.Context, device_id: int = DEVICE_OPTION) -> None:
    """Open the next fiscal day (only from FiscalDayClosed); exit 4 if a day is open."""
    from ledgerctl.fdms import day_service

    actx = app_context(ctx)
    result = day_service.open_day(actx, device_id)
    for note in result.notes:
        message(note, ctx=actx)
    message(
        f"device {result.device_id}: fiscal day {result.day_no} {result.status} at {result.opened}",
        ctx=actx,
    )


@contextmanager
def _progress(quiet: bool) -> Iterator[Any]:
    """A rich spinner with the close status and elapsed time, on a terminal only."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("CloseDay sent, waiting for FDMS", total=None)
        yield lambda elapsed, status: progress.update(
            task, description=f"{status} (GetStatus after {elapsed:.0f} s)"
        )


def close_day(ctx: typer.Context, device_id: int = DEVICE_OPTION) -> None:
    """Send the queue, sign the day's counters, CloseDay, then poll GetStatus (every
    close_poll_interval s up to close_poll_timeout s: 10 s / 5 min by default).

    Exit 0 on FiscalDayClosed (or when the day was already closed); 6 when FDMS reports
    FiscalDayCloseFailed (the closing error code is shown), is unreachable, or is still closing
    at the limit (the operationID is shown for ZIMRA support).
    """
    from ledgerctl.fdms import close_service

    actx = app_context(ctx)
    with _progress(actx.quiet) as progress:
        result = close_service.close_day(actx, device_id, progress)
    for note in result.notes:
        message(note, ctx=actx)
    if result.status == "FiscalDayCloseFailed":
        raise RemoteUnavailable(
            f"FDMS could not close fiscal day {result.day_no}: {result.error_code}; see "
            "`ledgerctl fdms logs`, fix the cause (`fdms resync` for missing receipts) and run "
            "close-day again"
        )
    if result.status == "FiscalDayCloseInitiated":
        raise RemoteUnavailable(
            f"fiscal day {result.day_no} is still closing at FDMS after the polling limit; run "
            f"`ledgerctl fdms status` later, or give ZIMRA support operationID "
            f"{result.operation_id}"
        )
    message(
        f"device {result.device_id}: fiscal day {result.day_no} {result.status} "
        f"({result.receipts} receipt(s))",
        ctx=actx,
    )


def status(
    ctx: typer.Context,
    device_id: int = DEVICE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Fiscal day status here and at FDMS (GetStatus); exit 6 if FDMS could not be asked."""
    from ledgerctl.fdms import day_service

    local, remote, problem = day_service.status(app_context(ctx), device_id)
    remote = remote or {}
    rows = [
        {"field": k, "local": v, "fdms": remote.get(r)}
        for k, v, r in (
            ("fiscal_day_no", local["fiscal_day_no"], "lastFiscalDayNo"),
            ("fiscal_day_status", local["fiscal_day_status"], "fiscalDayStatus"),
            ("last_receipt_global_no", local["last_receipt_global_no"], "lastReceiptGlobalNo"),
            ("closing_error_code", None, "fiscalDayClosingErrorCode"),
            ("queued_receipts", local["queued"], None),
            ("operating_mode", local["mode"], None),
        )
    ]
    render_rows(rows, fmt, output, title=f"Fiscal device {local['device_id']}")
    if problem:
        raise RemoteUnavailable(f"FDMS status not available: {problem}")
    if (
        remote.get("fiscalDayStatus") != local["fiscal_day_status"]
        or remote.get("lastReceiptGlobalNo") != local["last_receipt_global_no"]
    ):
        message("local and FDMS differ: `ledgerctl fdms resync` reconciles them")


def _sync_report(actx: Any, report: Any, fmt: OutputFormat) -> None:
    for note in report.notes:
        message(note, ctx=actx)
    if report.files:
        render_rows(report.files, fmt, None, title="Offline files")
    else:
        message(
            f"device {report.device_id}: {report.sent} receipt(s) sent and recorded, "
            f"{report.remaining} still queued",
            ctx=actx,
        )
    for number in report.red:
        message(
            f"warning: receipt {number} has Red validation errors; the day cannot close "
            "until they are resolved with ZIMRA (see `fdms receipt show`)"
        )


def sync(
    ctx: typer.Context, device_id: int = DEVICE_OPTION, fmt: OutputFormat = FORMAT_OPTION
) -> None:
    """Send queued receipts in receiptGlobalNo order (offline: submit day files); exit 6 and
    keep them queued when FDMS is unreachable. Safe to run any time (cron)."""
    from ledgerctl.fdms import sync_service

    actx = app_context(ctx)
    _sync_report(actx, sync_service.sync(actx, device_id), fmt)


def resync(
    ctx: typer.Context, device_id: int = DEVICE_OPTION, fmt: OutputFormat = FORMAT_OPTION
) -> None:
    """Reconcile the day and numbers with GetStatus (pending open, lost close, finished
    close), then sync; exit 5 if FDMS holds receipts this store does not."""
    from ledgerctl.fdms import sync_service

    actx = app_context(ctx)
    _sync_report(actx, sync_service.resync(actx, device_id), fmt)
