"""Command line of the `fdms` group (its commands arrive with its issue)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="ZIMRA FDMS fiscal device: registration, fiscal days, signed receipts, simulator.",
    no_args_is_help=True,
)
