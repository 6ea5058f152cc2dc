"""`ledgerctl layby reactivate`: resume a lay-by on hold."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message


def reactivate(
    ctx: typer.Context, number: str = typer.Argument(..., help="Lay-by number.")
) -> None:
    """Reactivate a lay-by that is on hold."""
    from ledgerctl.layby.lifecycle import reactivate_layby

    row = reactivate_layby.run(app_context(ctx), number)
    message(f"{number} is {row.status}")
