"""The `audit` command group: one module per command word, mounted here."""

from __future__ import annotations

import typer

from ledgerctl.audit.cli import check, log, verify

app = typer.Typer(help="Tamper-evident audit log and integrity checks.", no_args_is_help=True)
app.command("log")(log.audit_log)
app.command("verify")(verify.audit_verify)
app.command("check")(check.audit_check)

__all__ = ["app"]
