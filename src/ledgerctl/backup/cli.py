"""Command line of the `backup` group (its commands arrive with its issue)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Verified, optionally encrypted backups of the database and outputs; restore.",
    no_args_is_help=True,
)
