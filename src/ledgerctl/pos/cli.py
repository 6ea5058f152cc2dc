"""Command line of the `pos` group (its commands arrive with its issue)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Point-of-sale back office: branches, sales with Ghana taxes, stock, payroll.",
    no_args_is_help=True,
)
