"""Lay-by calculations (pure): deposit, fees, instalment schedule, payment waterfall and the
cancellation settlement.

Rounding rules, each with a test:

- a percentage of an amount (deposit %, service fee, cancellation fee, caps) is rounded
  half-up to the cent (``percent_of``);
- the schedule splits what is left after the deposit into near-equal instalments by the
  largest-remainder method: the parts always add up to the whole, the earliest instalments
  take the extra cents;
- a refund spread over several tenders is split in proportion to what each tender paid, by
  largest remainder, so the parts add up to the refund exactly.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import allocate, format_money, round_money, split_evenly

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, rounded half-up to the cent."""
    return round_money(amount * percent / HUNDRED)


@dataclass(frozen=True)
class DepositSpec:
    """``--deposit 30%`` (percent) or ``--deposit 150.00`` (amount)."""

    percent: Decimal | None = None
    amount: Decimal | None = None


def parse_deposit(text: str | None) -> DepositSpec:
    """Parse ``--deposit``: ``30%`` or an amount; None means the rule's default percent."""
    if text is None or not text.strip():
        return DepositSpec()
    match = _PERCENT.match(text)
    try:
        if match:
            return DepositSpec(percent=Decimal(match.group(1)))
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise UsageError(
            f"--deposit {text!r}: write a percentage (30%) or an amount with at "
            "most 2 decimals (150.00)"
        )
    return DepositSpec(amount=value.quantize(Decimal("0.01")))


def deposit_amount(
    total: Decimal, spec: DepositSpec, minimum: Decimal, maximum: Decimal, default: Decimal
) -> Decimal:
    """The deposit for ``total``; exit 2 when it is outside the rule's percentage range."""
    low, high = percent_of(total, minimum), percent_of(total, maximum)
    if spec.amount is not None:
        deposit = spec.amount
    else:
        deposit = percent_of(total, spec.percent if spec.percent is not None else default)
    if not low <= deposit <= high:
        asked = f"{spec.percent}%" if spec.percent is not None else format_money(deposit)
        raise UsageError(
            f"--deposit {asked} is outside the rule's range {minimum}%-{maximum}% of the total "
            f"{format_money(total)} ({format_money(low)} to {format_money(high)}); pass a "
            "deposit in that range"
        )
    return deposit


def add_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months, the day clamped to the month's last day."""
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(start: date, frequency: str, k: int) -> date:
    """The ``k``-th due date (k >= 1) after ``start``."""
    if frequency == "weekly":
        return start + timedelta(days=7 * k)
    if frequency == "fortnightly":
        return start + timedelta(days=14 * k)
    if frequency == "monthly":
        return add_months(start, k)
    raise UsageError(f"frequency {frequency!r} must be weekly, fortnightly or monthly")


def max_instalments(start: date, frequency: str, max_days: int) -> int:
    """How many instalments fit within ``max_days`` of ``start``."""
    count = 0
    while (due_date(start, frequency, count + 1) - start).days <= max_days:
        count += 1
    return count


@dataclass(frozen=True)
class ScheduledPayment:
    seq: int
    due: date
    amount: Decimal


def schedule(
    start: date, deposit: Decimal, remaining: Decimal, frequency: str | None, count: int
) -> list[ScheduledPayment]:
    """Deposit (seq 0, due on ``start``) then ``count`` instalments splitting ``remaining``."""
    plan = [ScheduledPayment(0, start, deposit)]
    if remaining == 0:
        return plan
    if frequency is None or count < 1:
        raise UsageError(
            "an amount remains after the deposit, so the lay-by needs at least "
            "one instalment; pass --frequency"
        )
    parts = split_evenly(remaining, count)
    return plan + [
        ScheduledPayment(k, due_date(start, frequency, k), parts[k - 1])
        for k in range(1, count + 1)
    ]


def waterfall(owed: Sequence[Decimal], total_paid: Decimal) -> list[Decimal]:
    """Apply ``total_paid`` to instalments oldest first; returns what each has been paid."""
    left, paid = total_paid, []
    for amount in owed:
        part = min(amount, max(left, ZERO))
        paid.append(part)
        left -= part
    return paid


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
