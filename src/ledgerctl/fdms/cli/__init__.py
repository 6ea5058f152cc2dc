"""Command line of the `fdms` group: the ZIMRA fiscal device client and its simulator.

One module per command word (``open_day.py`` is `ledgerctl fdms open-day`, ``receipt.py`` is
`ledgerctl fdms receipt ...`); this module only mounts them. Use cases and heavy libraries
load inside the commands, so `ledgerctl --help` stays fast.
"""

from __future__ import annotations

import typer

from ledgerctl.fdms.cli import (
    audit,
    certificate,
    check_certificate_expiry,
    close_day,
    config,
    device,
    logs,
    offline,
    open_day,
    ping,
    pre_golive_check,
    receipt,
    resync,
    simulator,
    status,
    sync,
)

app = typer.Typer(
    help="ZIMRA FDMS fiscal device: registration, fiscal days, signed receipts, simulator.",
    no_args_is_help=True,
)
app.add_typer(device.app, name="device")
app.add_typer(certificate.app, name="certificate")
app.add_typer(receipt.app, name="receipt")
app.add_typer(offline.app, name="offline")
app.add_typer(simulator.app, name="simulator")
app.command("config")(config.config)
app.command("check-certificate-expiry")(check_certificate_expiry.check_certificate_expiry)
app.command("ping")(ping.ping)
app.command("open-day")(open_day.open_day)
app.command("close-day")(close_day.close_day)
app.command("status")(status.status)
app.command("sync")(sync.sync)
app.command("resync")(resync.resync)
app.command("audit")(audit.audit)
app.command("pre-golive-check")(pre_golive_check.pre_golive_check)
app.command("logs")(logs.logs)
