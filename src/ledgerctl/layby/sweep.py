"""Set-based SQL of the daily automation for one batch of lay-bys (ids ``lo..hi``) under one
rule version, in the caller's Work.

Idempotency lives in the data: a late fee is inserted with ``ON CONFLICT DO NOTHING`` on
its unique key (instalment, kind) and only the rows actually inserted (``RETURNING``) change
balances; a lay-by is defaulted by ``UPDATE … WHERE status = 'ACTIVE' RETURNING id``, so a
second or concurrent run finds nothing left to change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Integer, String, and_, bindparam, func, literal, select, update

from ledgerctl.db.types import Money
from ledgerctl.layby.tables import ACTIVE, DEFAULTED, Fee, Instalment, Layby, LaybyItem
from ledgerctl.ledger.api import upsert_insert
from ledgerctl.work import Work

PLANS = Layby.__table__  # type: ignore[attr-defined]
INST = Instalment.__table__  # type: ignore[attr-defined]
FEES = Fee.__table__  # type: ignore[attr-defined]
ITEMS = LaybyItem.__table__  # type: ignore[attr-defined]
CHUNK = 900


@dataclass(frozen=True)
class Scope:
    """One batch of lay-bys under one rule version, as of one day."""

    tenant_id: int
    rule_version_id: int
    lo: int
    hi: int
    as_of: date

    def active_plans(self) -> Any:
        return and_(
            PLANS.c.tenant_id == self.tenant_id,
            PLANS.c.status == ACTIVE,
            PLANS.c.rule_version_id == self.rule_version_id,
            PLANS.c.id.between(self.lo, self.hi),
        )

    def open_instalments(self) -> Any:
        """Open instalments of the batch (the index covers the lay-by id range)."""
        return and_(
            INST.c.tenant_id == self.tenant_id,
            INST.c.status == "open",
            INST.c.layby_id.between(self.lo, self.hi),
        )


def charge_late_fees(
    work: Work, scope: Scope, fee: Decimal, after_days: int
) -> list[tuple[int, int, int]]:
    """One late fee per open instalment due ``after_days`` or more days ago; returns the
    (fee id, lay-by id, instalment id) of the fees this call inserted."""
    if fee <= 0:
        return []
    cutoff = scope.as_of - timedelta(days=after_days)
    source = (
        select(
            INST.c.tenant_id,
            INST.c.layby_id,
            INST.c.id,
            literal("late", String()),
            literal(fee, Money()),
            literal(scope.as_of, Date()),
        )
        .join(PLANS, PLANS.c.id == INST.c.layby_id)
        .where(scope.active_plans(), scope.open_instalments(), INST.c.due_date <= cutoff)
    )
    stmt = upsert_insert(work, FEES).from_select(
        ["tenant_id", "layby_id", "instalment_id", "kind", "amount", "charged_on"], source
    )
    stmt = stmt.on_conflict_do_nothing(index_elements=["instalment_id", "kind"]).returning(
        FEES.c.id, FEES.c.layby_id, FEES.c.instalment_id
    )
    rows = [(r[0], r[1], r[2]) for r in work.session.connection().execute(stmt)]
    if rows:
        _apply_fees(work, rows, fee)
    return rows


def _apply_fees(work: Work, rows: Sequence[tuple[int, int, int]], fee: Decimal) -> None:
    """Add the fees to the lay-bys, then to the instalments: lay-by rows are locked first,
    in the same order as ``layby pay`` locks them, so the two never deadlock on Postgres."""
    conn = work.session.connection()
    per_plan = Counter(layby for _, layby, _ in rows)
    add = bindparam("add", type_=Money())
    conn.execute(
        update(PLANS)
        .where(PLANS.c.id == bindparam("_id"))
        .values(
            late_fees=PLANS.c.late_fees + add,
            total_fees=PLANS.c.total_fees + add,
            balance=PLANS.c.balance + add,
        ),
        [{"_id": layby, "add": fee * n} for layby, n in sorted(per_plan.items())],
    )
    conn.execute(
        update(INST)
        .where(INST.c.id == bindparam("_id"))
        .values(late_fee=INST.c.late_fee + bindparam("fee", type_=Money()), status="open"),
        [{"_id": inst, "fee": fee} for _, _, inst in sorted(rows, key=lambda r: r[2])],
    )


def set_fee_entry(work: Work, fee_ids: Sequence[int], entry: str | None) -> None:
    conn = work.session.connection()
    for start in range(0, len(fee_ids), CHUNK):
        conn.execute(
            update(FEES)
            .where(FEES.c.id.in_(fee_ids[start : start + CHUNK]))
            .values(entry_number=entry)
        )


def default_plans(work: Work, scope: Scope, missed: int, after_days: int) -> list[int]:
    """Mark DEFAULTED the active lay-bys with ``missed`` or more instalments unpaid
    ``after_days`` after their due date; returns the ids this call changed."""
    cutoff = scope.as_of - timedelta(days=after_days)
    candidates = [
        r[0]
        for r in work.session.connection().execute(
            select(PLANS.c.id)
            .join(INST, INST.c.layby_id == PLANS.c.id)
            .where(scope.active_plans(), scope.open_instalments(), INST.c.due_date <= cutoff)
            .group_by(PLANS.c.id)
            .having(func.count() >= literal(missed, Integer()))
        )
    ]
    changed: list[int] = []
    conn = work.session.connection()
    for start in range(0, len(candidates), CHUNK):
        chunk = candidates[start : start + CHUNK]
        changed += [
            r[0]
            for r in conn.execute(
                update(PLANS)
                .where(PLANS.c.id.in_(chunk), PLANS.c.status == ACTIVE)
                .values(status=DEFAULTED, defaulted_on=scope.as_of, next_due=None)
                .returning(PLANS.c.id)
            )
        ]
    for start in range(0, len(changed), CHUNK):
        conn.execute(
            update(INST)
            .where(INST.c.layby_id.in_(changed[start : start + CHUNK]))
            .values(status="closed")
        )
    return sorted(changed)


def reservations_of(work: Work, plan_ids: Sequence[int]) -> list[int]:
    conn, found = work.session.connection(), []
    for start in range(0, len(plan_ids), CHUNK):
        found += [
            r[0]
            for r in conn.execute(
                select(ITEMS.c.reservation_id).where(
                    ITEMS.c.layby_id.in_(plan_ids[start : start + CHUNK]),
                    ITEMS.c.reservation_id.is_not(None),
                )
            )
        ]
    return found
