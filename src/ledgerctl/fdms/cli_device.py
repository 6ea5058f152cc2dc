"""`fdms device ...`, `fdms certificate renew`, `fdms config`, `fdms check-certificate-expiry`,
`fdms ping`: the device, its certificate and its configuration."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    message,
    render_rows,
)

DEVICE_OPTION = typer.Option(
    None, "--device-id", help="Device ID (else FDMS_DEVICE_ID, else the only registered device)."
)
device_app = typer.Typer(
    help="Register the fiscal device and show its dashboard.", no_args_is_help=True
)
certificate_app = typer.Typer(help="The device certificate.", no_args_is_help=True)


@device_app.command("register")
def register(
    ctx: typer.Context,
    device_id: int = typer.Option(
        None, "--device-id", help="Device ID from ZIMRA (else FDMS_DEVICE_ID)."
    ),
    activation_key: str = typer.Option(
        None, "--activation-key", help="8-character activation key (else FDMS_ACTIVATION_KEY)."
    ),
    serial_no: str = typer.Option(
        None, "--serial-no", help="Device serial number (else FDMS_DEVICE_SERIAL_NO)."
    ),
    key_type: str = typer.Option(None, "--key-type", help="ecdsa (P-256, default) or rsa (2048)."),
    force: bool = typer.Option(
        False, "--force", help="Register again a device that already has a certificate."
    ),
) -> None:
    """Make a key pair and CSR, register with FDMS, store the certificate and configuration.

    The private key is stored encrypted with FDMS_ENCRYPTION_KEY (required in production).
    Exit 6 when FDMS is unreachable or refuses (e.g. DEV02, wrong activation key).
    """
    from ledgerctl.fdms import registration

    actx = app_context(ctx)
    result = registration.register(
        actx, device_id, activation_key, serial_no, key_type=key_type, force=force
    )
    for note in result.warnings:
        message(f"warning: {note}")
    message(
        f"device {result.device_id} registered for {result.taxpayer} (TIN {result.tin}); "
        f"{result.key_type} key, certificate valid till {result.valid_till:%Y-%m-%d}",
        ctx=actx,
    )


@device_app.command("status")
def device_status(
    ctx: typer.Context,
    device_id: int = DEVICE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The device dashboard: registration, certificate, day, last numbers, queue (no network)."""
    from ledgerctl.fdms import device_service

    rows = device_service.device_status(app_context(ctx), device_id)
    render_rows(rows, fmt, output, title="Fiscal device")


@device_app.command("new-encryption-key")
def new_encryption_key() -> None:
    """Print a new Fernet key for FDMS_ENCRYPTION_KEY (keep it in .env, back it up safely)."""
    from ledgerctl.fdms.keys import new_fernet_key

    typer.echo(new_fernet_key())


@certificate_app.command("renew")
def renew(
    ctx: typer.Context,
    device_id: int = DEVICE_OPTION,
    key_type: str = typer.Option(None, "--key-type", help="ecdsa or rsa."),
) -> None:
    """New key pair and CSR, IssueCertificate with the current certificate (before expiry)."""
    from ledgerctl.fdms import registration

    actx = app_context(ctx)
    result = registration.renew(actx, device_id, key_type)
    for note in result.warnings:
        message(f"warning: {note}")
    message(
        f"device {result.device_id}: new certificate valid till {result.valid_till:%Y-%m-%d}",
        ctx=actx,
    )


def config(
    ctx: typer.Context,
    device_id: int = DEVICE_OPTION,
    refresh: bool = typer.Option(False, "--refresh", help="Ask FDMS now (GetConfig)."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Taxpayer, operating mode, day limits and the applicable taxes with their validity.

    Cached; fetched again with --refresh or when older than a day.
    """
    from ledgerctl.fdms import device_service

    actx = app_context(ctx)
    data, notes = device_service.config(actx, device_id, refresh=refresh)
    for note in notes:
        message(f"note: {note}")
    taxes = [
        {
            "tax_id": t.get("taxID"),
            "name": t.get("taxName"),
            "percent": "exempt" if t.get("taxPercent") is None else t.get("taxPercent"),
            "valid_from": t.get("validFrom"),
            "valid_till": t.get("validTill"),
        }
        for t in data.get("applicableTaxes") or []
    ]
    if fmt != OutputFormat.table:
        render_rows(taxes, fmt, output, title="Applicable taxes")
        return
    fields = (
        "taxPayerName",
        "taxPayerTIN",
        "vatNumber",
        "deviceBranchName",
        "deviceOperatingMode",
        "taxPayerDayMaxHrs",
        "taxpayerDayEndNotificationHrs",
        "certificateValidTill",
        "qrUrl",
    )
    render_rows(
        [{"field": f, "value": data.get(f)} for f in fields],
        fmt,
        None,
        title="Device configuration",
    )
    render_rows(taxes, fmt, output, title="Applicable taxes")


def check_certificate_expiry(
    ctx: typer.Context,
    days: int = typer.Option(30, "--days", help="Renewal window in days."),
    device_id: int = DEVICE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List device certificates; exit 4 when one expires within --days (renew it) or has
    expired (register again)."""
    from ledgerctl.fdms import device_service
    from ledgerctl.jobs.api import job_run

    actx = app_context(ctx)
    with job_run(actx, "fdms.certificate-check", permission="fdms.read") as run:
        found = device_service.certificate_expiry(actx, days, device_id)
        due = [f for f in found if f.due]
        run.processed, run.detail = len(found), f"{len(due)} due for renewal"
    render_rows(
        [
            {
                "device_id": f.device_id,
                "valid_till": f.valid_till,
                "days_left": f.days_left,
                "renewal_due": "EXPIRED" if f.expired else ("yes" if f.due else "no"),
            }
            for f in found
        ],
        fmt,
        None,
        title="Device certificates",
    )
    for f in due:
        what = (
            "has expired: register the device again"
            if f.expired
            else f"expires in {f.days_left} day(s): run `ledgerctl fdms certificate renew "
            f"--device-id {f.device_id}`"
        )
        message(f"device {f.device_id}: certificate {what}")
    if due:
        raise typer.Exit(code=4)


def ping(ctx: typer.Context, device_id: int = DEVICE_OPTION) -> None:
    """Ping FDMS with the device certificate; prints the reporting frequency (minutes)."""
    from ledgerctl.fdms import device_service

    answer = device_service.ping(app_context(ctx), device_id)
    typer.echo(f"FDMS reachable; reporting frequency {answer.get('reportingFrequency')} min")
