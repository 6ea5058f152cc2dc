"""The cancellation settlement and the refund split over tenders (pure).

A refund spread over several tenders is split in proportion to what each tender paid, by
largest remainder, so the parts add up to the refund exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import allocate, format_money
from ledgerctl.layby.domain.schedule import ZERO, percent_of


@dataclass(frozen=True)
class CancelTerms:
    """What a cancellation needs to know about the lay-by and the policy in force."""

    total: Decimal
    paid: Decimal
    fees_charged: Decimal
    by: str  # customer | business
    fee_percent: Decimal
    within_grace: bool
    fee_disclosed: bool
    cap_percent: Decimal | None
    cap_amount: Decimal | None
    requires_disclosure: bool
    waived_for: tuple[str, ...]
    circumstance: str | None
    keep_charged_fees: bool


@dataclass(frozen=True)
class Settlement:
    fee: Decimal
    fee_reason: str
    fees_kept: Decimal
    fees_waived: Decimal
    refund: Decimal


def _fee(t: CancelTerms) -> tuple[Decimal, str]:
    if t.by == "business":
        return ZERO, "no fee: the business cancelled"
    if t.within_grace:
        return ZERO, "no fee: cancelled within the grace period"
    if t.requires_disclosure and not t.fee_disclosed:
        return ZERO, "no fee: the fee was not disclosed"
    if t.circumstance and t.circumstance in t.waived_for:
        return ZERO, f"no fee: {t.circumstance}"
    fee, why = percent_of(t.paid, t.fee_percent), f"{t.fee_percent}% of the amount paid"
    if t.cap_percent is not None and fee > percent_of(t.total, t.cap_percent):
        fee, why = percent_of(t.total, t.cap_percent), f"capped at {t.cap_percent}% of the price"
    if t.cap_amount is not None and fee > t.cap_amount:
        fee, why = t.cap_amount, f"capped at {format_money(t.cap_amount)}"
    return min(fee, t.paid), why


def settle_cancellation(t: CancelTerms) -> Settlement:
    """Cancellation fee (never the deposit as such, never when the business cancels), fees
    kept or waived, and the refund of everything else paid."""
    if t.by not in ("customer", "business"):
        raise UsageError(f"--by {t.by!r} must be customer or business")
    fee, why = _fee(t)
    kept = min(t.fees_charged, t.paid - fee) if t.keep_charged_fees else ZERO
    return Settlement(fee, why, kept, t.fees_charged - kept, t.paid - fee - kept)


def split_refund(refund: Decimal, paid_by_tender: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Spread a refund over the tenders that paid, in proportion (largest remainder)."""
    tenders = [t for t, amount in paid_by_tender.items() if amount > 0]
    if refund == 0 or not tenders:
        return {}
    parts = allocate(refund, [paid_by_tender[t] for t in tenders])
    return {t: p for t, p in zip(tenders, parts, strict=True) if p != 0}
