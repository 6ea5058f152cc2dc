"""The `sequence` group: list, preview and move gapless document numbers."""

from __future__ import annotations

import typer

app = typer.Typer(help="Gapless document numbering per tenant.", no_args_is_help=True)
