"""`ledgerctl sequence set-next`: move a counter forward (audited)."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message
from ledgerctl.core.clock import parse_day
from ledgerctl.sequences.cli.options import DATE_OPTION


def set_next_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Sequence name."),
    n: int = typer.Argument(..., help="The next counter value (only forward)."),
    on: str | None = DATE_OPTION,
) -> None:
    """Move NAME's counter forward, e.g. to continue a paper book (audited)."""
    from ledgerctl.sequences.definitions import move_next

    moved = move_next.run(app_context(ctx), name, n, parse_day(on, "--date"))
    message(f"sequence {name}: next number is now {moved.next} (was {moved.was})")
