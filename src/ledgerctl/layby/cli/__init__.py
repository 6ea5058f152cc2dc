"""Command line of the `layby` group: one module per command word, mounted here.

``ledgerctl layby create`` is ``cli/create.py``, ``ledgerctl layby automation run`` is
``cli/automation.py`` and so on. Command modules import only typer, ledgerctl.console and
ledgerctl.core at load time; the use cases are imported inside the commands.
"""

from __future__ import annotations

import typer

from ledgerctl.layby.cli import (
    archive,
    automation,
    cancel,
    check,
    complete,
    config,
    create,
    customer,
    hold,
    list_,
    outbox,
    pay,
    reactivate,
    refund,
    report,
    rules,
    show,
)

app = typer.Typer(
    help="Lay-by plans: deposits, instalments, fees, payments, daily automation.",
    no_args_is_help=True,
)
app.command("config")(config.config)
app.add_typer(rules.app, name="rules")
app.add_typer(customer.app, name="customer")
app.command("create")(create.create)
app.command("pay")(pay.pay)
app.command("refund")(refund.refund)
app.command("hold")(hold.hold)
app.command("reactivate")(reactivate.reactivate)
app.command("complete")(complete.complete)
app.command("cancel")(cancel.cancel)
app.command("show")(show.show)
app.command("list")(list_.list_laybys)
app.add_typer(automation.app, name="automation")
app.add_typer(outbox.app, name="outbox")
app.command("check")(check.check)
app.command("archive")(archive.archive)
app.command("report")(report.report)
