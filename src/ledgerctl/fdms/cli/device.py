"""`ledgerctl fdms device register|status|new-encryption-key`: the fiscal device."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    message,
    render_record,
    warn,
)
from ledgerctl.fdms.cli.common import DEVICE_OPTION

app = typer.Typer(help="Register the fiscal device and show its dashboard.", no_args_is_help=True)


@app.command("register")
def register(
    ctx: typer.Context,
    device_id: int | None = typer.Option(
        None, "--device-id", help="Device ID from ZIMRA (else FDMS_DEVICE_ID)."
    ),
    activation_key: str | None = typer.Option(
        None, "--activation-key", help="8-character activation key (else FDMS_ACTIVATION_KEY)."
    ),
    serial_no: str | None = typer.Option(
        None, "--serial-no", help="Device serial number (else FDMS_DEVICE_SERIAL_NO)."
    ),
    key_type: str | None = typer.Option(
        None, "--key-type", help="ecdsa (P-256, default) or rsa (2048)."
    ),
    force: bool = typer.Option(
        False, "--force", help="Register again a device that already has a certificate."
    ),
) -> None:
    """Make a key pair and CSR, register with FDMS, store the certificate and configuration.

    The private key is stored encrypted with FDMS_ENCRYPTION_KEY (required in production).
    Exit 6 when FDMS is unreachable or refuses (e.g. DEV02, wrong activation key).
    """
    from ledgerctl.fdms import registration

    result = registration.register(
        app_context(ctx), device_id, activation_key, serial_no, key_type=key_type, force=force
    )
    for note in result.warnings:
        warn(note)
    message(
        f"device {result.device_id} registered for {result.taxpayer} (TIN {result.tin}); "
        f"{result.key_type} key, certificate valid till {result.valid_till:%Y-%m-%d}"
    )


@app.command("status")
def device_status(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The device dashboard: registration, certificate, day, last numbers, queue (no network)."""
    from ledgerctl.fdms import views

    dashboard = views.device_status.run(app_context(ctx), device_id)
    render_record(dashboard, fmt, output, title="Fiscal device")


@app.command("new-encryption-key")
def new_encryption_key() -> None:
    """Print a new Fernet key for FDMS_ENCRYPTION_KEY (keep it in .env, back it up safely)."""
    from ledgerctl.fdms.keys import new_fernet_key

    typer.echo(new_fernet_key())
