"""`ledgerctl fdms open-day`: open the next fiscal day."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message
from ledgerctl.fdms.cli.common import DEVICE_OPTION


def open_day(ctx: typer.Context, device_id: int | None = DEVICE_OPTION) -> None:
    """Open the next fiscal day (only from FiscalDayClosed); exit 4 if a day is open.

    Example: ledgerctl fdms open-day --device-id 321
    """
    from ledgerctl.fdms import day

    result = day.open_day(app_context(ctx), device_id)
    for note in result.notes:
        message(note)
    message(
        f"device {result.device_id}: fiscal day {result.day_no} {result.status} at {result.opened}"
    )
