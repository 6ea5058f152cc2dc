"""Command line of the `pipeline` group: process the inbox, status, review loop, settlement.

The bank-format commands (`schemas list|test`, `diagnose`) live in ``cli_schemas``.
"""

from __future__ import annotations

import typer

from ledgerctl.pipeline import cli_schemas

app = typer.Typer(
    help="Bank CSV pipeline: inbox to clean transactions, Parquet, Excel review, settlement.",
    no_args_is_help=True,
)
app.add_typer(cli_schemas.schemas_app, name="schemas")
