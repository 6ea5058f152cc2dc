"""`ledgerctl fdms pre-golive-check`: is this device ready for production?"""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.errors import Conflict, IntegrityProblem
from ledgerctl.fdms.cli.common import DEVICE_OPTION


def pre_golive_check(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The seed's go-live checks: device and certificate, test receipts accepted, nothing
    queued, day closed, audit passes. Exit 0 only when ready (4 not ready, 5 audit failed)."""
    from ledgerctl.fdms.golive import pre_golive_check as check

    report = check.run(app_context(ctx), device_id)
    render(report.checks, fmt, output, title="Pre-go-live check")
    if not report.audit.ok:
        raise IntegrityProblem(f"the integrity audit failed: {report.audit.first}")
    if not report.ready:
        raise Conflict("not ready for go-live: fix the failed checks and run it again")
    message("ready for go-live")
