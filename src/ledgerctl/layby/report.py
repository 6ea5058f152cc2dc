"""`layby report`: the seed's analytics as tables (or one Excel workbook).

- active: count and value of open lay-bys (active and on hold), what is still owed;
- collected: payments less refunds in the period, by method (archived lay-bys included);
- overdue ageing: unpaid instalments of active lay-bys by days past due (1-30, 31-60,
  61-90, over 90) as of a date;
- default rate by business type: lay-bys made under each type's rules, how many ended
  completed, cancelled or defaulted, and the share defaulted of those that ended.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

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
from ledgerctl.work import Work

ZERO = Decimal("0.00")
BUCKETS = (("1-30", 1, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("over 90", 91, None))
P = Layby.__table__  # type: ignore[attr-defined]


def _active(work: Work) -> list[dict[str, Any]]:
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
    out = [
        {"status": s, "laybys": n, "value": v, "paid": p, "outstanding": b}
        for s, n, v, p, b in rows
    ]
    out.append(
        {
            "status": "TOTAL",
            "laybys": sum(r["laybys"] for r in out),
            **{k: sum((r[k] for r in out), ZERO) for k in ("value", "paid", "outstanding")},
        }
    )
    return out


def _collected(work: Work, start: date, end: date) -> list[dict[str, Any]]:
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
    out: list[dict[str, Any]] = [
        {"method": m, "received": r, "refunded": f, "net": r - f}
        for m, (r, f) in sorted(sums.items())
    ]
    received, refunded = (
        sum((r for r, _ in sums.values()), ZERO),
        sum((f for _, f in sums.values()), ZERO),
    )
    out.append(
        {"method": "TOTAL", "received": received, "refunded": refunded, "net": received - refunded}
    )
    return out


def _ageing(work: Work, as_of: date) -> list[dict[str, Any]]:
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
    out = [
        {"days_overdue": n, "laybys": len(plans[n]), "amount": amounts[n]} for n, _, _ in BUCKETS
    ]
    out.append(
        {
            "days_overdue": "TOTAL",
            "laybys": len(set().union(*plans.values())),
            "amount": sum(amounts.values(), ZERO),
        }
    )
    return out


def _default_rate(work: Work) -> list[dict[str, Any]]:
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
            {
                "business_type": btype,
                "made": sum(c.values()),
                "open": sum(c[s] for s in OPEN_STATUSES),
                "completed": c[COMPLETED],
                "cancelled": c[CANCELLED],
                "defaulted": c[DEFAULTED],
                "default_rate_pct": rate,
            }
        )
    return out


def report(work: Work, as_of: date, start: date, end: date) -> dict[str, list[dict[str, Any]]]:
    """The four sections, each a list of rows."""
    return {
        "active": _active(work),
        "collected": _collected(work, start, end),
        "overdue_ageing": _ageing(work, as_of),
        "default_rate": _default_rate(work),
    }


def write_excel(target: Any, sections: dict[str, list[dict[str, Any]]], title: str) -> Any:
    """One sheet per section, money formatted, header frozen."""
    from ledgerctl.outputs.api import ExcelColumn, Sheet, write_workbook

    kinds = {
        "laybys": "int",
        "made": "int",
        "open": "int",
        "completed": "int",
        "cancelled": "int",
        "defaulted": "int",
        "default_rate_pct": "number",
    }
    sheets = []
    for name, rows in sections.items():
        keys = list(rows[0]) if rows else ["(none)"]
        cols = [
            ExcelColumn(
                k,
                k.replace("_", " "),
                kinds.get(k, "money" if rows and isinstance(rows[0].get(k), Decimal) else "text"),
            )
            for k in keys
        ]
        sheets.append(
            Sheet(
                name.replace("_", " ")[:31], cols, rows, notes=(title,) if name == "active" else ()
            )
        )
    return write_workbook(target, sheets)
