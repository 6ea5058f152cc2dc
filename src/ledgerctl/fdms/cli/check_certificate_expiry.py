"""`ledgerctl fdms check-certificate-expiry`: certificates due for renewal (a job, cron)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.errors import Conflict
from ledgerctl.fdms.cli.common import DEVICE_OPTION


def check_certificate_expiry(
    ctx: typer.Context,
    days: int = typer.Option(30, "--days", help="Renewal window in days."),
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """List device certificates; exit 4 when one expires within --days (renew it) or has
    expired (register again)."""
    from ledgerctl.fdms.device import check_certificates

    found = check_certificates(app_context(ctx), days, device_id)
    render(
        [
            {
                "device_id": f.device_id,
                "valid_till": f.valid_till,
                "days_left": f.days_left,
                "renewal_due": f.renewal_due,
            }
            for f in found
        ],
        fmt,
        output,
        title="Device certificates",
        columns=["device_id", "valid_till", "days_left", "renewal_due"],
    )
    due = [f for f in found if f.due]
    for f in due:
        what = (
            "has expired: register the device again"
            if f.expired
            else f"expires in {f.days_left} day(s): run `ledgerctl fdms certificate renew "
            f"--device-id {f.device_id}`"
        )
        message(f"device {f.device_id}: certificate {what}")
    if due:
        raise Conflict(f"{len(due)} device certificate(s) due for renewal (see above)")
