"""The `ledger` command group: one module per command word, mounted here.

``ledgerctl ledger post`` is ``cli/post.py``, ``ledgerctl ledger period close`` is
``cli/period.py``. Commands parse their options, call one use case and render through
``ledgerctl.console``; only typer, console and core load with ``ledgerctl --help``.
"""

from __future__ import annotations

import typer

from ledgerctl.ledger.cli import (
    account,
    accounts,
    balance,
    chart,
    export,
    journal,
    period,
    post,
    reverse,
    trial_balance,
)

app = typer.Typer(
    help="General ledger: accounts, entries, periods, trial balance, export.", no_args_is_help=True
)
app.command("accounts")(accounts.accounts)
app.add_typer(account.app, name="account")
app.add_typer(chart.app, name="chart")
app.command("post")(post.post)
app.command("reverse")(reverse.reverse)
app.command("journal")(journal.journal)
app.command("balance")(balance.balance)
app.command("trial-balance")(trial_balance.trial_balance)
app.add_typer(period.app, name="period")
app.command("export")(export.export)

__all__ = ["app"]
