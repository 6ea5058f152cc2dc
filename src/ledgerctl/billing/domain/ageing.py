"""Balances and ageing of a client's account as of any date.

Balances use the corrected view of a client's account: voided statements and released
allocations are left out entirely, so a statement of account never shows a document the firm
took back. For any date D::

    balance(D) = sum(total of live statements dated <= D) - sum(payments dated <= D)
               = sum(open amount of each such statement at D) - unallocated credit at D

because an allocation counts from ``max(allocation date, statement date)`` (its effective date).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


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
    current, d30, d60, d90 = buckets
    return Aging(current, d30, d60, d90, credit=account.credit(on) + zero)
