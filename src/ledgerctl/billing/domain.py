"""Pure billing rules: retainer proration, balances and ageing as of a date, allocation checks.

Nothing here touches the database or files. Amounts are ``Decimal`` in the client's currency.

Balances use the corrected view of a client's account: voided statements and released
allocations are left out entirely, so a statement of account never shows a document the firm
took back. For any date D::

    balance(D) = sum(total of live statements dated <= D) - sum(payments dated <= D)
               = sum(open amount of each such statement at D) - unallocated credit at D

because an allocation counts from ``max(allocation date, statement date)`` (its effective date).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ledgerctl.core.clock import parse_period, period_bounds, period_of
from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import parse_amount, round_money

LINE_KINDS = ("retainer", "fee", "disbursement", "adjustment")
CHARGE_KINDS = ("fee", "disbursement")


@dataclass(frozen=True)
class RetainerTerm:
    """A retainer as the cycle sees it."""

    id: int
    amount: Decimal
    start: date
    end: date | None
    description: str


@dataclass(frozen=True)
class DraftLine:
    """A line about to go on a draft statement."""

    kind: str
    service_date: date
    description: str
    amount: Decimal
    retainer_id: int | None = None
    charge_id: int | None = None


def resolve_period(text: str, today: date, *, field: str = "PERIOD") -> str:
    """``YYYY-MM``, or ``current`` / ``previous`` (month of / before ``today``; for cron)."""
    word = text.strip().lower()
    if word in ("current", "previous"):
        day = today if word == "current" else today.replace(day=1) - timedelta(days=1)
        return period_of(day)
    return parse_period(text, field=field)


def period_label(period: str) -> str:
    """``2025-09`` → ``September 2025``."""
    first, _ = period_bounds(period)
    return f"{calendar.month_name[first.month]} {first.year}"


def prorate(amount: Decimal, days: int, days_in_month: int, currency: str) -> Decimal:
    """``amount × days / days_in_month`` rounded half-up to the currency's minor unit."""
    if days >= days_in_month:
        return amount
    return round_money(amount * days / days_in_month, currency)


def retainer_line(
    term: RetainerTerm, period: str, *, proration: str, label: str, currency: str
) -> DraftLine | None:
    """The retainer's line for ``period``, prorated by days covered; None if it does not apply."""
    first, last = period_bounds(period)
    start, end = max(term.start, first), min(term.end or last, last)
    if start > end:
        return None
    days, month_days = (end - start).days + 1, (last - first).days + 1
    amount = (
        term.amount if proration == "none" else prorate(term.amount, days, month_days, currency)
    )
    text = term.description or label
    text = f"{text} — {period_label(period)}"
    if days < month_days:
        text += (
            f" ({start.day}–{end.day} {calendar.month_abbr[first.month]}, {days} of "
            f"{month_days} days)"
        )
    return DraftLine("retainer", start, text, amount, retainer_id=term.id)


@dataclass(frozen=True)
class LiveStatement:
    """An issued or settled statement of a client, as balances see it."""

    id: int
    statement_date: date
    total: Decimal
    number: str = ""


@dataclass(frozen=True)
class PaymentFact:
    """A payment of a client, as balances and statements see it."""

    id: int
    payment_date: date
    amount: Decimal
    invoice_no: str = ""
    method: str = ""


@dataclass(frozen=True)
class AllocationFact:
    """An active allocation; it counts from ``effective_on``."""

    statement_id: int
    payment_id: int
    amount: Decimal
    effective_on: date


@dataclass(frozen=True)
class Account:
    """Everything needed to state a client's account as of any date."""

    statements: tuple[LiveStatement, ...]
    payments: tuple[PaymentFact, ...]
    allocations: tuple[AllocationFact, ...]

    def balance(self, on: date) -> Decimal:
        """What the client owes at the end of ``on`` (negative: credit in the client's favour)."""
        charged = sum((s.total for s in self.statements if s.statement_date <= on), Decimal(0))
        paid = sum((p.amount for p in self.payments if p.payment_date <= on), Decimal(0))
        return charged - paid

    def open_amounts(self, on: date) -> dict[int, Decimal]:
        """Open amount of each statement dated on or before ``on``."""
        open_ = {s.id: s.total for s in self.statements if s.statement_date <= on}
        for a in self.allocations:
            if a.effective_on <= on and a.statement_id in open_:
                open_[a.statement_id] -= a.amount
        return open_

    def credit(self, on: date) -> Decimal:
        """Payments received by ``on`` and not allocated to a statement by then."""
        paid = sum((p.amount for p in self.payments if p.payment_date <= on), Decimal(0))
        used = sum((a.amount for a in self.allocations if a.effective_on <= on), Decimal(0))
        return paid - used

    def payments_between(self, first: date, last: date) -> list[PaymentFact]:
        return sorted(
            (p for p in self.payments if first <= p.payment_date <= last),
            key=lambda p: (p.payment_date, p.id),
        )


@dataclass(frozen=True)
class Aging:
    """Open amounts by age (days since the statement date) and the unallocated credit."""

    current: Decimal
    d30: Decimal
    d60: Decimal
    d90: Decimal
    credit: Decimal

    @property
    def open_total(self) -> Decimal:
        return self.current + self.d30 + self.d60 + self.d90

    @property
    def balance(self) -> Decimal:
        return self.open_total - self.credit


def bucket_of(age_days: int, edges: Sequence[int]) -> int:
    """0 current, 1 first edge (30), 2 second (60), 3 third and over (90+)."""
    return sum(1 for edge in edges if age_days >= edge)


def aging(account: Account, on: date, edges: Sequence[int], zero: Decimal) -> Aging:
    """Age the client's open statements at ``on`` into current / 30 / 60 / 90+."""
    buckets = [zero, zero, zero, zero]
    dates = {s.id: s.statement_date for s in account.statements}
    for statement_id, amount in account.open_amounts(on).items():
        buckets[bucket_of((on - dates[statement_id]).days, edges)] += amount
    return Aging(*buckets, credit=account.credit(on) + zero)


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def parse_allocation(text: str, currency: str) -> tuple[str, Decimal]:
    """``SOA-2025-00012=1500.00`` → (number, amount > 0); exit 2 naming the argument."""
    number, sep, amount_text = text.partition("=")
    if not sep or not number.strip() or not amount_text.strip():
        raise UsageError(
            f"--allocate {text!r}: write NUMBER=AMOUNT, e.g. --allocate SOA-2025-00012=1500.00"
        )
    amount = parse_amount(amount_text, currency, field=f"--allocate {number.strip()}")
    if amount <= 0:
        raise UsageError(f"--allocate {text!r}: the amount must be more than zero")
    return number.strip(), amount


def parse_allocations(
    texts: Iterable[str], currency: str, payment: Decimal
) -> list[tuple[str, Decimal]]:
    """Every ``--allocate``; refuses a number given twice and a sum above ``payment``."""
    pairs = [parse_allocation(t, currency) for t in texts]
    numbers = [n for n, _ in pairs]
    twice = sorted({n for n in numbers if numbers.count(n) > 1})
    if twice:
        raise UsageError(
            f"--allocate names {', '.join(twice)} more than once; give one amount per statement"
        )
    total = sum((a for _, a in pairs), Decimal(0))
    if total > payment:
        raise UsageError(
            f"--allocate amounts add up to {total}, more than the {payment} "
            "available; lower them (the rest stays as credit on account)"
        )
    return pairs
