"""Commands `pipeline schemas list|test` and `pipeline diagnose` (bank formats and parsing)."""

from __future__ import annotations

import typer

schemas_app = typer.Typer(help="Bank formats (rules/schemas/*.yaml): list them, test a file.",
                          no_args_is_help=True)
