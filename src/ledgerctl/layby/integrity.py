"""Integrity checks of lay-bys, run by `ledgerctl layby check` and `ledgerctl audit check`.

The seed's three checks, plus what this tool adds:

- balance: ``balance = total + fees - paid`` (a cancelled lay-by: balance 0 and what it
  kept = cancellation fee + fees kept);
- completed: a COMPLETED lay-by has balance 0, its items released (who, when) and a sale;
- payments: ``total_paid = sum(payments) - sum(refunds)``;
- reservations: an open lay-by holds an active stock reservation for each item's quantity,
  a closed one holds none (sold on completion, released on cancellation or default);
- schedule: the instalments add up to total + fees, and what they were paid to total paid.

Each check reads in bulk (grouped SQL) and names the offending lay-bys.
"""

from __future__ import annotations

from sqlalchemy import case, func, literal, select, type_coerce

from ledgerctl.audit.api import CheckResult
from ledgerctl.db.types import Money
from ledgerctl.layby.tables import (
    CANCELLED,
    COMPLETED,
    OPEN_STATUSES,
    Instalment,
    Layby,
    LaybyItem,
    Payment,
)
from ledgerctl.pos.api import Reservation
from ledgerctl.work import Work, use_case

MAX_LISTED = 50
P = Layby.__table__  # type: ignore[attr-defined]


def _plans(work: Work) -> int:
    return int(
        work.session.connection()
        .execute(select(func.count()).where(P.c.tenant_id == work.tenant_id))
        .scalar_one()
    )


def _result(name: str, work: Work, problems: list[str]) -> CheckResult:
    return CheckResult(name, _plans(work), tuple(problems[:MAX_LISTED]))


def check_balances(work: Work) -> CheckResult:
    """balance = total + fees - paid; a cancelled lay-by owes nothing and kept its fee."""
    rows = work.session.connection().execute(
        select(
            P.c.number,
            P.c.status,
            P.c.balance,
            P.c.total_amount,
            P.c.total_fees,
            P.c.total_paid,
            P.c.cancellation_fee,
            P.c.fees_kept,
        ).where(P.c.tenant_id == work.tenant_id)
    )
    problems = []
    for number, status, balance, total, fees, paid, fee, kept in rows:
        if status == CANCELLED:
            if balance != 0 or paid != fee + kept:
                problems.append(
                    f"{number}: cancelled but balance {balance}, kept {paid} "
                    f"(fee {fee} + fees kept {kept})"
                )
        elif balance != total + fees - paid:
            problems.append(
                f"{number}: balance {balance} but total {total} + fees {fees} - "
                f"paid {paid} = {total + fees - paid}"
            )
    return _result("layby balances", work, problems)


def check_completed(work: Work) -> CheckResult:
    """A completed lay-by has balance 0, released items (who, when) and its sale."""
    rows = work.session.connection().execute(
        select(
            P.c.number,
            P.c.balance,
            P.c.items_released,
            P.c.items_released_by,
            P.c.items_released_at,
            P.c.sale_number,
        ).where(P.c.tenant_id == work.tenant_id, P.c.status == COMPLETED)
    )
    problems = []
    for number, balance, released, by, at, sale in rows:
        if balance != 0:
            problems.append(f"{number}: completed with balance {balance}")
        if not released or not by or at is None or not sale:
            problems.append(f"{number}: completed without released items (who, when) or sale")
    return _result("layby completed at zero", work, problems)


def check_payments(work: Work) -> CheckResult:
    """total_paid equals the payments less the refunds."""
    pay = Payment.__table__  # type: ignore[attr-defined]
    signed = type_coerce(
        func.coalesce(
            func.sum(case((pay.c.is_refund, -pay.c.amount), else_=pay.c.amount)), literal(0)
        ),
        Money(),
    )
    rows = work.session.connection().execute(
        select(P.c.number, P.c.total_paid, signed)
        .select_from(P.outerjoin(pay, pay.c.layby_id == P.c.id))
        .where(P.c.tenant_id == work.tenant_id)
        .group_by(P.c.id, P.c.number, P.c.total_paid)
    )
    problems = [
        f"{n}: total paid {paid} but payments less refunds are {net}"
        for n, paid, net in rows
        if paid != net
    ]
    return _result("layby payments", work, problems)


def check_schedule(work: Work) -> CheckResult:
    """Instalments add up to total + fees; what they were paid adds up to total paid."""
    inst = Instalment.__table__  # type: ignore[attr-defined]
    owed = type_coerce(func.sum(inst.c.amount + inst.c.late_fee), Money())
    paid = type_coerce(func.sum(inst.c.paid), Money())
    rows = work.session.connection().execute(
        select(P.c.number, P.c.status, P.c.total_amount, P.c.total_fees, P.c.total_paid, owed, paid)
        .join(inst, inst.c.layby_id == P.c.id)
        .where(P.c.tenant_id == work.tenant_id)
        .group_by(P.c.id, P.c.number, P.c.status, P.c.total_amount, P.c.total_fees, P.c.total_paid)
    )
    problems = []
    for number, status, total, fees, total_paid, due, got in rows:
        if due != total + fees:
            problems.append(
                f"{number}: instalments add up to {due}, not total + fees {total + fees}"
            )
        if status in OPEN_STATUSES and got != total_paid:
            problems.append(f"{number}: instalments were paid {got}, total paid is {total_paid}")
    return _result("layby schedule", work, problems)


def check_reservations(work: Work) -> CheckResult:
    """Open lay-bys hold their items; closed ones hold nothing."""
    items = LaybyItem.__table__  # type: ignore[attr-defined]
    res = Reservation.__table__  # type: ignore[attr-defined]
    rows = work.session.connection().execute(
        select(
            P.c.number,
            P.c.status,
            items.c.sku,
            items.c.quantity,
            res.c.status,
            res.c.quantity,
            res.c.reference,
        )
        .select_from(
            items.join(P, P.c.id == items.c.layby_id).outerjoin(
                res, res.c.id == items.c.reservation_id
            )
        )
        .where(P.c.tenant_id == work.tenant_id, items.c.reservation_id.is_not(None))
    )
    problems = []
    for number, status, sku, qty, r_status, r_qty, ref in rows:
        if status in OPEN_STATUSES and (r_status != "active" or r_qty != qty or ref != number):
            problems.append(
                f"{number}: {sku} x {qty} is not held (reservation "
                f"{r_status or 'missing'}, {r_qty})"
            )
        elif status not in OPEN_STATUSES and r_status == "active":
            problems.append(f"{number}: {status.lower()} but still holds {sku} x {r_qty}")
    orphans = (
        work.session.connection()
        .execute(
            select(res.c.id, res.c.reference).where(
                res.c.tenant_id == work.tenant_id,
                res.c.status == "active",
                res.c.reference.like("LAY-%"),
                ~res.c.id.in_(
                    select(items.c.reservation_id).where(
                        items.c.reservation_id.is_not(None),
                        items.c.layby_id.in_(
                            select(P.c.id).where(
                                P.c.tenant_id == work.tenant_id, P.c.status.in_(OPEN_STATUSES)
                            )
                        ),
                    )
                ),
            )
        )
        .all()
    )
    problems += [
        f"{ref}: stock reservation {rid} is active but no open lay-by holds it"
        for rid, ref in orphans
    ]
    return _result("layby stock reservations", work, problems)


CHECKS = [check_balances, check_completed, check_payments, check_schedule, check_reservations]


@use_case("layby.read", write=False)
def check_laybys(work: Work) -> list[CheckResult]:
    """`layby check`: every check of ``CHECKS``."""
    return [c(work) for c in CHECKS]
