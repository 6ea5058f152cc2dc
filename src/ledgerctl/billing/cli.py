"""Command line of the `billing` group (its commands arrive with its issue)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Retainer billing: statements of account, payments, verification, period locks.",
    no_args_is_help=True,
)
