"""The AppContext of the running command, as the root callback stored it on the Typer context."""

from __future__ import annotations

import typer

from ledgerctl.context import AppContext


def app_context(ctx: typer.Context) -> AppContext:
    """The AppContext the root callback stored (commands find it on the click context)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext()
    return root.obj
