"""Receivables (pure): which on-account invoices are still open, and how old.

Credits aimed at one sale (a return refunded to the customer's account) reduce that sale
first; payments, and whatever a targeted credit has left over, settle the oldest invoices
first. What no invoice takes is an unapplied credit (a credit balance).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

BUCKETS = ("0-30", "31-60", "61-90", "91-120", "over_120")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Invoice:
    key: int
    number: str
    day: date
    amount: Decimal


def open_items(
    invoices: Sequence[Invoice], targeted: Mapping[int, Decimal], pool: Decimal
) -> tuple[list[tuple[Invoice, Decimal]], Decimal]:
    """(invoice, amount still open) for invoices not fully settled, and the unapplied credit."""
    left = {inv.key: inv.amount for inv in invoices}
    for key, credit in targeted.items():
        used = min(credit, left.get(key, ZERO))
        if key in left:
            left[key] -= used
        pool += credit - used
    for inv in sorted(invoices, key=lambda i: (i.day, i.key)):
        used = min(pool, left[inv.key])
        left[inv.key] -= used
        pool -= used
    return [(inv, left[inv.key]) for inv in invoices if left[inv.key] > 0], pool


def bucket(days: int) -> str:
    """The aging column of an invoice ``days`` old (0-30, 31-60, 61-90, 91-120, over_120)."""
    for limit, name in zip((30, 60, 90, 120), BUCKETS, strict=False):
        if days <= limit:
            return name
    return BUCKETS[-1]


def age(items: Sequence[tuple[Invoice, Decimal]], as_of: date) -> dict[str, Decimal]:
    """Open amounts summed per aging bucket, by days since the invoice date."""
    out = dict.fromkeys(BUCKETS, ZERO)
    for inv, amount in items:
        out[bucket((as_of - inv.day).days)] += amount
    return out
