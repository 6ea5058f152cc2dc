"""`layby report`: the seed's analytics as four tables of typed rows.

- active: count and value of open lay-bys (active and on hold), what is still owed;
- collected: payments less refunds in the period, by method (archived lay-bys included);
- overdue ageing: unpaid instalments of active lay-bys by days past due (1-30, 31-60,
  61-90, over 90) as of a date;
- default rate by business type: lay-bys made under each type's rules, how many ended
  completed, cancelled or defaulted, and the share defaulted of those that ended.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, type_coerce

from ledgerctl.db.types import Money
from ledgerctl.layby.tables import (
    CANCELLED,
    COMPLETED,
    DEFAULTED,
    OPEN_STATUSES,
    ArchivedLayby,
    ArchivedPayment,
    Instalment,
    Layby,
    Payment,
    RuleVersion,
)
from ledgerctl.work import Work, use_case

ZERO = Decimal("0.00")
BUCKETS = (("1-30", 1, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("over 90", 91, None))
P = Layby.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ActiveRow:
    status: str
    laybys: int
    value: Decimal
    paid: Decimal
    outstanding: Decimal


@dataclass(frozen=True)
class CollectedRow:
    method: str
    received: Decimal
    refunded: Decimal
    net: Decimal


@dataclass(frozen=True)
class AgeingRow:
    days_overdue: str
    laybys: int
    amount: Decimal


@dataclass(frozen=True)
class DefaultRateRow:
    business_type: str
    made: int
    open: int
    completed: int
    cancelled: int
    defaulted: int
    default_rate_pct: Decimal | None


@dataclass(frozen=True)
class LaybyReport:
    """The four sections of `layby report`."""

    active: tuple[ActiveRow, ...]
    collected: tuple[CollectedRow, ...]
    overdue_ageing: tuple[AgeingRow, ...]
    default_rate: tuple[DefaultRateRow, ...]


def _active(work: Work) -> tuple[ActiveRow, ...]:
    rows = work.session.connection().execute(
        select(
            P.c.status,
            func.count(),
            type_coerce(func.sum(P.c.total_amount), Money()),
            type_coerce(func.sum(P.c.total_paid), Money()),
            type_coerce(func.sum(P.c.balance), Money()),
        )
        .where(P.c.tenant_id == work.tenant_id, P.c.status.in_(OPEN_STATUSES))
        .group_by(P.c.status)
    )
    out = [ActiveRow(s, n, v, p, b) for s, n, v, p, b in rows]
    total = ActiveRow(
        "TOTAL",
        sum(r.laybys for r in out),
        sum((r.value for r in out), ZERO),
        sum((r.paid for r in out), ZERO),
        sum((r.outstanding for r in out), ZERO),
    )
    return (*out, total)


def _collected(work: Work, start: date, end: date) -> tuple[CollectedRow, ...]:
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for table in (Payment.__table__, ArchivedPayment.__table__):  # type: ignore[attr-defined]
        rows = work.session.connection().execute(
            select(
                table.c.method, table.c.is_refund, type_coerce(func.sum(table.c.amount), Money())
            )
            .where(
                table.c.tenant_id == work.tenant_id,
                table.c.paid_on >= start,
                table.c.paid_on <= end,
            )
            .group_by(table.c.method, table.c.is_refund)
        )
        for method, refund, amount in rows:
            sums[method][1 if refund else 0] += amount
    out = [CollectedRow(m, r, f, r - f) for m, (r, f) in sorted(sums.items())]
    received, refunded = (
        sum((r for r, _ in sums.values()), ZERO),
        sum((f for _, f in sums.values()), ZERO),
    )
    return (*out, CollectedRow("TOTAL", received, refunded, received - refunded))


def _ageing(work: Work, as_of: date) -> tuple[AgeingRow, ...]:
    inst = Instalment.__table__  # type: ignore[attr-defined]
    rows = work.session.connection().execute(
        select(
            inst.c.due_date,
            type_coerce(inst.c.amount + inst.c.late_fee - inst.c.paid, Money()),
            inst.c.layby_id,
        )
        .join(P, P.c.id == inst.c.layby_id)
        .where(
            P.c.tenant_id == work.tenant_id,
            P.c.status == "ACTIVE",
            inst.c.status == "open",
            inst.c.due_date < as_of,
        )
    )
    amounts = {name: ZERO for name, _, _ in BUCKETS}
    plans: dict[str, set[int]] = {name: set() for name, _, _ in BUCKETS}
    for due, owed, layby in rows:
        days = (as_of - due).days
        name = next(n for n, lo, hi in BUCKETS if days >= lo and (hi is None or days <= hi))
        amounts[name] += owed
        plans[name].add(layby)
    out = [AgeingRow(n, len(plans[n]), amounts[n]) for n, _, _ in BUCKETS]
    every: set[int] = set().union(*plans.values())
    return (*out, AgeingRow("TOTAL", len(every), sum(amounts.values(), ZERO)))


def _default_rate(work: Work) -> tuple[DefaultRateRow, ...]:
    rv = RuleVersion.__table__  # type: ignore[attr-defined]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for btype, status, n in work.session.connection().execute(
        select(rv.c.business_type, P.c.status, func.count())
        .join(rv, rv.c.id == P.c.rule_version_id)
        .where(P.c.tenant_id == work.tenant_id)
        .group_by(rv.c.business_type, P.c.status)
    ):
        counts[btype][status] += n
    arch = ArchivedLayby.__table__  # type: ignore[attr-defined]
    for btype, n in work.session.connection().execute(
        select(arch.c.business_type, func.count())
        .where(arch.c.tenant_id == work.tenant_id)
        .group_by(arch.c.business_type)
    ):
        counts[btype][COMPLETED] += n
    out = []
    for btype, c in sorted(counts.items()):
        ended = c[COMPLETED] + c[CANCELLED] + c[DEFAULTED]
        rate = (Decimal(c[DEFAULTED]) * 100 / ended).quantize(Decimal("0.1")) if ended else None
        out.append(
            DefaultRateRow(
                btype,
                sum(c.values()),
                sum(c[s] for s in OPEN_STATUSES),
                c[COMPLETED],
                c[CANCELLED],
                c[DEFAULTED],
                rate,
            )
        )
    return tuple(out)


@use_case("layby.read", write=False)
def layby_report(work: Work, as_of: date, start: date, end: date) -> LaybyReport:
    """The four sections: open lay-bys, collected in ``start..end``, overdue ageing as of
    ``as_of``, default rate by business type."""
    return LaybyReport(
        _active(work), _collected(work, start, end), _ageing(work, as_of), _default_rate(work)
    )
