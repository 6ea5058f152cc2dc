"""Deposit, fees and the instalment schedule (pure).

Rounding: a percentage of an amount (deposit %, service fee, cancellation fee, caps) is
rounded half-up to the cent (``percent_of``); the schedule splits what is left after the
deposit into near-equal instalments by the largest-remainder method, so the parts always add
up to the whole and the earliest instalments take the extra cents.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import format_money, round_money, split_evenly
from ledgerctl.layby.domain.inputs import DepositSpec

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, rounded half-up to the cent."""
    return round_money(amount * percent / HUNDRED)


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
