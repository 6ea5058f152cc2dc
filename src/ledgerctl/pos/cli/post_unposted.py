"""Command `pos post-unposted`."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message
from ledgerctl.core.clock import parse_month
from ledgerctl.core.errors import Conflict


def post_unposted(
    ctx: typer.Context,
    period: str | None = typer.Option(None, "--period", help="Only documents dated in YYYY-MM."),
) -> None:
    """Post pending and failed pos documents to the ledger (exit 4 if some still fail)."""
    from ledgerctl.pos.unposted import post_unposted as run

    result = run(app_context(ctx), parse_month(period, "--period"))
    for error in result.errors[:50]:
        message(f"failed: {error}")
    message(f"{result.posted} posted, {result.failed} failed")
    if result.failed:
        raise Conflict(f"{result.failed} documents still fail to post (see above)")
