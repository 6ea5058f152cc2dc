"""Command line of the `layby` group: mounts the commands of its command modules."""

from __future__ import annotations

import typer

from ledgerctl.layby import cli_auto, cli_plan, cli_setup

app = typer.Typer(
    help="Lay-by plans: deposits, instalments, fees, payments, daily automation.",
    no_args_is_help=True,
)
app.command("config")(cli_setup.config)
app.add_typer(cli_setup.rules_app, name="rules")
app.add_typer(cli_setup.customer_app, name="customer")
app.command("create")(cli_plan.create)
app.command("pay")(cli_plan.pay)
app.command("refund")(cli_plan.refund)
app.command("hold")(cli_plan.hold)
app.command("reactivate")(cli_plan.reactivate)
app.command("complete")(cli_plan.complete)
app.command("cancel")(cli_plan.cancel)
app.command("show")(cli_plan.show)
app.command("list")(cli_plan.list_)
app.add_typer(cli_auto.automation_app, name="automation")
app.add_typer(cli_auto.outbox_app, name="outbox")
app.command("check")(cli_auto.check)
app.command("archive")(cli_auto.archive)
app.command("report")(cli_auto.report)
