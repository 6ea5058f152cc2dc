"""`ledgerctl fdms ping`: is FDMS reachable with the device certificate?"""

from __future__ import annotations

import typer

from ledgerctl.console import app_context
from ledgerctl.fdms.cli.common import DEVICE_OPTION


def ping(ctx: typer.Context, device_id: int | None = DEVICE_OPTION) -> None:
    """Ping FDMS with the device certificate; prints the reporting frequency (minutes)."""
    from ledgerctl.fdms import device

    answer = device.ping(app_context(ctx), device_id)
    typer.echo(f"FDMS reachable; reporting frequency {answer.reporting_frequency} min")
