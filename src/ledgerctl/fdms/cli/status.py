"""`ledgerctl fdms status`: the fiscal day here and at FDMS."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.errors import RemoteUnavailable
from ledgerctl.fdms.cli.common import DEVICE_OPTION


def status(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Fiscal day status here and at FDMS (GetStatus); exit 6 if FDMS could not be asked."""
    from ledgerctl.fdms import day

    found = day.status(app_context(ctx), device_id)
    render(found.rows, fmt, output, title=f"Fiscal device {found.device_id}")
    if found.problem:
        raise RemoteUnavailable(f"FDMS status not available: {found.problem}")
    if found.differs:
        message("local and FDMS differ: `ledgerctl fdms resync` reconciles them")
