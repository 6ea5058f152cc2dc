"""The `ledger` group: accounts, posting, journal, balances, periods, export."""

from __future__ import annotations

import typer

app = typer.Typer(help="General ledger: accounts, entries, periods, trial balance, export.",
                  no_args_is_help=True)
