"""Use cases of the general ledger (being built)."""

from __future__ import annotations

from ledgerctl.context import AppContext


def install_chart(ctx: AppContext, template: str, *, tenant_slug: str | None = None) -> int:
    """Install a chart of accounts template into a tenant; returns accounts added."""
    return 0
