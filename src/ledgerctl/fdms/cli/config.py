"""`ledgerctl fdms config`: the device configuration FDMS gave (GetConfig, cached)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render_record
from ledgerctl.fdms.cli.common import DEVICE_OPTION


def config(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    refresh: bool = typer.Option(False, "--refresh", help="Ask FDMS now (GetConfig)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Taxpayer, operating mode, day limits and the applicable taxes with their validity.

    Cached; fetched again with --refresh or when older than a day.
    """
    from ledgerctl.console import message
    from ledgerctl.fdms import device

    found = device.config(app_context(ctx), device_id, refresh=refresh)
    for note in found.notes:
        message(f"note: {note}")
    render_record(found, fmt, output, title="Device configuration")
