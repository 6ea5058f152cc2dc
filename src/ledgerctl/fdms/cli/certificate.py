"""`ledgerctl fdms certificate renew`: the device certificate."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message, warn
from ledgerctl.fdms.cli.common import DEVICE_OPTION

app = typer.Typer(help="The device certificate.", no_args_is_help=True)


@app.command("renew")
def renew(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    key_type: str | None = typer.Option(None, "--key-type", help="ecdsa or rsa."),
) -> None:
    """New key pair and CSR, IssueCertificate with the current certificate (before expiry)."""
    from ledgerctl.fdms import registration

    result = registration.renew(app_context(ctx), device_id, key_type)
    for note in result.warnings:
        warn(note)
    message(f"device {result.device_id}: new certificate valid till {result.valid_till:%Y-%m-%d}")
