"""`ledgerctl fdms close-day`: close the fiscal day at FDMS and wait for the answer."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

from ledgerctl.console import app_context, is_quiet, message
from ledgerctl.core.errors import RemoteUnavailable
from ledgerctl.fdms.cli.common import DEVICE_OPTION


@contextmanager
def _progress() -> Iterator[Any]:
    """A spinner with the close status and elapsed time, on a terminal only (not --quiet)."""
    if is_quiet() or not sys.stderr.isatty():
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


def close_day(ctx: typer.Context, device_id: int | None = DEVICE_OPTION) -> None:
    """Send the queue, sign the day's counters, CloseDay, then poll GetStatus (every
    close_poll_interval s up to close_poll_timeout s: 10 s / 5 min by default).

    Exit 0 on FiscalDayClosed (or when the day was already closed); 6 when FDMS reports
    FiscalDayCloseFailed (the closing error code is shown), is unreachable, or is still closing
    at the limit (the operationID is shown for ZIMRA support).

    Example: ledgerctl fdms close-day --device-id 321
    """
    from ledgerctl.fdms import close

    actx = app_context(ctx)
    with _progress() as progress:
        result = close.close_day(actx, device_id, progress)
    for note in result.notes:
        message(note)
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
        f"({result.receipts} receipt(s))"
    )
