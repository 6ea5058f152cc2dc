"""Command line of the `billing` group: one module per command word, mounted here.

``ledgerctl billing client|retainer|charge|statement|payment|period ...`` are sub-apps;
``run-retainer-cycle``, ``aging`` and ``ledger`` are commands of this app. Each command
parses its options, calls one use case (or workflow) and renders through ``ledgerctl.console``;
use cases load inside the commands so ``ledgerctl --help`` stays light.
"""

from __future__ import annotations

import typer

from ledgerctl.billing.cli import (
    aging,
    charge,
    client,
    ledger,
    payment,
    period,
    retainer,
    run_retainer_cycle,
    statement,
)

app = typer.Typer(
    help="Retainer billing: statements of account, payments, verification, period locks.",
    no_args_is_help=True,
)
app.add_typer(client.app, name="client")
app.add_typer(retainer.app, name="retainer")
app.add_typer(charge.app, name="charge")
app.add_typer(statement.app, name="statement")
app.add_typer(payment.app, name="payment")
app.add_typer(period.app, name="period")
app.command("run-retainer-cycle")(run_retainer_cycle.run_retainer_cycle)
app.command("aging")(aging.aging)
app.command("ledger")(ledger.ledger)
