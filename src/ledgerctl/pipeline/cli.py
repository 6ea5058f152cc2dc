"""Command line of the `pipeline` group (its commands arrive with its issue)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Bank CSV pipeline: inbox to clean transactions, Parquet, Excel review, settlement.",
    no_args_is_help=True,
)
