"""Transitional: the ledger's old ctx-level entry points, kept for callers not yet moved.

Each function opens its own unit of work and returns what it returned before issue 11
(``dict`` rows for ``post_entry``, ``reverse_entry``, ``close_period``, ``balance``), so the
callers of ``ledgerctl.ledger.api.use_cases`` keep working: ``tenancy/service.py``
(install_chart), ``workspace/demo.py``, ``billing/demo.py``, ``tests/billing/conftest.py``,
``bench/ledger_bench.py``, ``bench/pos_bench.py``, ``bench/billing_bench.py``.

New code uses the typed names of ``ledgerctl.ledger.api`` instead: ``post_entry``,
``reverse_entry``, ``close_period``, ``reopen_period``, ``balances`` (use cases over a Work,
``.run(ctx, ...)`` from a command) and ``install_chart``, ``post_batch`` (ctx-level
workflows). This module goes when no caller is left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING

from ledgerctl.context import AppContext
from ledgerctl.core.clock import today
from ledgerctl.ledger.domain import EntryDraft, Line

if TYPE_CHECKING:
    from ledgerctl.ledger.domain import TrialBalance

__all__ = [
    "EntryDraft",
    "Line",
    "balance",
    "close_period",
    "install_chart",
    "post_batch",
    "post_entry",
    "reverse_entry",
    "trial_balance",
]


def install_chart(ctx: AppContext, template: str, *, tenant_slug: str | None = None) -> int:
    """Install a chart template into a tenant; returns how many accounts were added."""
    from ledgerctl.ledger import accounts

    return accounts.install_chart(ctx, template, tenant_slug=tenant_slug).added


def post_entry(
    ctx: AppContext,
    entry_date: date,
    description: str,
    debits: list[str],
    credits: list[str],
    currency: str | None = None,
    reference: str = "",
) -> dict[str, object]:
    """One entry from ``CODE=AMOUNT`` pairs; ``{"number", "date", "content_hash"}``."""
    from ledgerctl.ledger import entries

    posted = entries.post_entry.run(
        ctx, entry_date, description, debits, credits, currency, reference
    )
    return asdict(posted)


def reverse_entry(ctx: AppContext, number: str, on: date | None, reason: str) -> dict[str, object]:
    """The mirror entry of ``number``; ``{"number", "date", "reverses"}``."""
    from ledgerctl.ledger import entries

    return asdict(entries.reverse_entry.run(ctx, number, on or today(), reason))


def post_batch(
    ctx: AppContext,
    drafts: Iterable[EntryDraft],
    *,
    chunk_size: int = 5000,
    tenant_slug: str | None = None,
) -> int:
    """``entries.post_batch``: chunked bulk posting; returns the number of entries posted."""
    from ledgerctl.ledger import entries

    return entries.post_batch(ctx, drafts, chunk_size=chunk_size, tenant_slug=tenant_slug)


def trial_balance(ctx: AppContext, as_of: date) -> TrialBalance:
    """Trial balance at the end of ``as_of`` on the lean read path (no ORM import)."""
    from ledgerctl.ledger import lean

    return lean.trial_balance(ctx, as_of)


def close_period(ctx: AppContext, period: str) -> dict[str, object]:
    """Close a period (``YYYY-MM``); the period as a listing row."""
    from ledgerctl.ledger import periods

    return asdict(periods.close_period.run(ctx, period))


def balance(ctx: AppContext, account: str | None, as_of: date | None) -> list[dict[str, object]]:
    """Balances per account and currency as rows ``{"code", "name", "currency", ...}``."""
    from ledgerctl.ledger import views

    return [asdict(row) for row in views.balances.run(ctx, account, as_of)]
