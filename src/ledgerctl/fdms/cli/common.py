"""What several `fdms` commands share: the ``--device-id`` option and how a sync is reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ledgerctl.console import Format, message, render, warn

DEVICE_OPTION: Any = typer.Option(
    None, "--device-id", help="Device ID (else FDMS_DEVICE_ID, else the only registered device)."
)


def sync_report(report: Any, fmt: Format | None, output: Path | None) -> None:
    """`fdms sync` / `fdms resync`: the notes, the offline files or the counts, Red receipts."""
    for note in report.notes:
        message(note)
    if report.files:
        render(report.files, fmt, output, title="Offline files")
    else:
        message(
            f"device {report.device_id}: {report.sent} receipt(s) sent and recorded, "
            f"{report.remaining} still queued"
        )
    for number in report.red:
        warn(
            f"receipt {number} has Red validation errors; the day cannot close "
            "until they are resolved with ZIMRA (see `fdms receipt show`)"
        )
