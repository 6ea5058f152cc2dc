"""Reading and updating one lay-by inside a Work: load it (locked on Postgres), its items,
instalments and payments; re-apply the payments to the instalments after a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, NotFound
from ledgerctl.layby.domain import ZERO, waterfall
from ledgerctl.layby.tables import (
    CANCELLED,
    COMPLETED,
    DEFAULTED,
    Instalment,
    Layby,
    LaybyItem,
    Payment,
)
from ledgerctl.work import Work


def id_of(row: Any) -> int:
    """The id of a row that was flushed (so it has one)."""
    assert row.id is not None, f"{type(row).__name__} has no id yet; flush first"
    return int(row.id)


def load(work: Work, number: str, *, lock: bool = True) -> Layby:
    """The tenant's lay-by ``number`` (row-locked on Postgres); exit 3 if there is none."""
    query = select(Layby).where(Layby.tenant_id == work.tenant_id, Layby.number == number)
    if lock:
        query = query.with_for_update()
    plan = work.session.exec(query).first()
    if plan is None:
        raise NotFound(
            f"lay-by {number} not found; see `ledgerctl layby list` (archived "
            "lay-bys: `ledgerctl layby show NUMBER`)"
        )
    return plan


def refuse_closed(plan: Layby, action: str) -> None:
    """Exit 4 when the lay-by is completed, cancelled or defaulted."""
    if plan.status == CANCELLED:
        raise Conflict(f"lay-by {plan.number} is cancelled; it cannot be {action}")
    if plan.status == COMPLETED:
        raise Conflict(
            f"lay-by {plan.number} is completed (sale {plan.sale_number}); it "
            f"cannot be {action}; take goods back with `ledgerctl pos return record`"
        )
    if plan.status == DEFAULTED:
        raise Conflict(
            f"lay-by {plan.number} defaulted on {plan.defaulted_on}; it cannot be "
            f"{action}; settle it with `ledgerctl layby cancel {plan.number} --by "
            "business --reason ...`"
        )


def items(work: Work, plan: Layby) -> list[LaybyItem]:
    return list(
        work.session.exec(
            select(LaybyItem)
            .where(LaybyItem.tenant_id == work.tenant_id, LaybyItem.layby_id == plan.id)
            .order_by(col(LaybyItem.line_no))
        ).all()
    )


def instalments(work: Work, plan: Layby) -> list[Instalment]:
    return list(
        work.session.exec(
            select(Instalment)
            .where(Instalment.tenant_id == work.tenant_id, Instalment.layby_id == plan.id)
            .order_by(col(Instalment.seq))
        ).all()
    )


def payments(work: Work, plan: Layby) -> list[Payment]:
    return list(
        work.session.exec(
            select(Payment)
            .where(Payment.tenant_id == work.tenant_id, Payment.layby_id == plan.id)
            .order_by(col(Payment.id))
        ).all()
    )


def net_by_method(rows: Sequence[Payment]) -> dict[str, Decimal]:
    """What each tender paid, less what was refunded to it."""
    out: dict[str, Decimal] = {}
    for p in rows:
        out[p.method] = out.get(p.method, ZERO) + (-p.amount if p.is_refund else p.amount)
    return out


def reapply(work: Work, plan: Layby, rows: Sequence[Instalment] | None = None) -> None:
    """Apply the lay-by's total paid to its instalments (oldest first), update their status,
    the next due date and the balance."""
    rows = list(rows) if rows is not None else instalments(work, plan)
    paid = waterfall([i.amount + i.late_fee for i in rows], plan.total_paid)
    for inst, part in zip(rows, paid, strict=True):
        inst.paid = part
        if inst.status != "closed":
            inst.status = "paid" if part == inst.amount + inst.late_fee else "open"
        work.session.add(inst)
    plan.next_due = next((i.due_date for i in rows if i.status == "open"), None)
    plan.balance = plan.total_amount + plan.total_fees - plan.total_paid
    plan.updated_at = utcnow()
    work.session.add(plan)


def close_instalments(work: Work, plan: Layby) -> None:
    """Mark every instalment closed (the plan ended: completed, cancelled or defaulted)."""
    for inst in instalments(work, plan):
        inst.status = "closed"
        work.session.add(inst)
    plan.next_due = None


def summary(plan: Layby) -> dict[str, object]:
    """The lay-by's money and status, for audit rows."""
    return {
        "number": plan.number,
        "status": plan.status,
        "total": plan.total_amount,
        "fees": plan.total_fees,
        "paid": plan.total_paid,
        "balance": plan.balance,
    }


@dataclass(frozen=True)
class LaybyState:
    """A lay-by's number, status and money after a change (what most commands report)."""

    number: str
    status: str
    total: Decimal
    fees: Decimal
    paid: Decimal
    balance: Decimal


def state(plan: Layby) -> LaybyState:
    return LaybyState(
        plan.number, plan.status, plan.total_amount, plan.total_fees, plan.total_paid, plan.balance
    )
