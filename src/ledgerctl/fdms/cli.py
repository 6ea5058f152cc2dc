"""Command line of the `fdms` group: the ZIMRA fiscal device client and its simulator.

Commands live in small modules (device, day, receipt, ops, offline, simulator); this module
only mounts them. Services and heavy libraries load inside the commands.
"""

from __future__ import annotations

import typer

from ledgerctl.fdms import cli_day, cli_device, cli_ops
from ledgerctl.fdms.cli_receipt import receipt_app
from ledgerctl.fdms.cli_simulator import simulator_app

app = typer.Typer(
    help="ZIMRA FDMS fiscal device: registration, fiscal days, signed receipts, simulator.",
    no_args_is_help=True,
)
app.add_typer(cli_device.device_app, name="device")
app.add_typer(cli_device.certificate_app, name="certificate")
app.add_typer(receipt_app, name="receipt")
app.add_typer(cli_ops.offline_app, name="offline")
app.add_typer(simulator_app, name="simulator")
app.command("config")(cli_device.config)
app.command("check-certificate-expiry")(cli_device.check_certificate_expiry)
app.command("ping")(cli_device.ping)
app.command("open-day")(cli_day.open_day)
app.command("close-day")(cli_day.close_day)
app.command("status")(cli_day.status)
app.command("sync")(cli_day.sync)
app.command("resync")(cli_day.resync)
app.command("audit")(cli_ops.audit)
app.command("pre-golive-check")(cli_ops.pre_golive_check)
app.command("logs")(cli_ops.logs)
