"""Command line of the `layby` group (its commands arrive with its issue)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Lay-by plans: deposits, instalments, fees, payments, daily automation.",
    no_args_is_help=True,
)
