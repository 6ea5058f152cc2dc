"""`ledgerctl demo`: a throw-away workspace with sample data, showing each group at work."""

from __future__ import annotations

import typer


def demo(ctx: typer.Context) -> None:
    """Make a demo workspace with sample data and show what ledgerctl does."""
    typer.echo("demo: being built")
