"""Read side of the layby group: `layby show` (one lay-by, live or archived) and `layby list`
(lay-bys filtered by status, customer and due date) as typed rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import col, select

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.layby.record import LaybyRecord, from_stored, record_of
from ledgerctl.layby.tables import ACTIVE, STATUSES, ArchivedLayby, Layby
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work, use_case

READ = "layby.read"


@dataclass(frozen=True)
class LaybyRow:
    """One line of `layby list`."""

    number: str
    status: str
    customer: str
    created_on: date
    total: Decimal
    fees: Decimal
    paid: Decimal
    balance: Decimal
    next_due: date | None
    frequency: str | None


@dataclass(frozen=True)
class LaybyFilter:
    """What `layby list` selects: status, customer, next due on or before ``due_by``, or
    overdue (an unpaid instalment due before ``overdue_on``)."""

    status: str | None = None
    customer: str | None = None
    due_by: date | None = None
    overdue_on: date | None = None
    limit: int = 500


@use_case(READ, write=False)
def show_layby(work: Work, number: str) -> LaybyRecord:
    """A live lay-by, else an archived one (its ``archived_at`` set); exit 3 if neither."""
    plan = work.session.exec(
        select(Layby).where(Layby.tenant_id == work.tenant_id, Layby.number == number)
    ).first()
    if plan is not None:
        return record_of(work, plan)
    archived = work.session.exec(
        select(ArchivedLayby).where(
            ArchivedLayby.tenant_id == work.tenant_id, ArchivedLayby.number == number
        )
    ).first()
    if archived is None:
        raise NotFound(f"lay-by {number} not found (live or archived); see `ledgerctl layby list`")
    return from_stored(
        archived.record,
        {
            "archived_at": archived.archived_at,
            "archived_by": archived.archived_by,
            "archive_file": archived.parquet_file,
        },
    )


@use_case(READ, write=False)
def list_laybys(work: Work, f: LaybyFilter) -> list[LaybyRow]:
    """Lay-bys, oldest first, filtered (see ``LaybyFilter``)."""
    query = (
        select(Layby, Party.code)
        .join(Party, col(Party.id) == col(Layby.customer_id))
        .where(Layby.tenant_id == work.tenant_id)
    )
    if f.status:
        if f.status.upper() not in STATUSES:
            raise UsageError(f"--status {f.status!r} must be one of {', '.join(STATUSES)}")
        query = query.where(Layby.status == f.status.upper())
    if f.customer:
        query = query.where(Party.code == f.customer)
    if f.due_by:
        query = query.where(col(Layby.next_due) <= f.due_by)
    if f.overdue_on:
        query = query.where(Layby.status == ACTIVE, col(Layby.next_due) < f.overdue_on)
    rows = work.session.exec(query.order_by(col(Layby.id)).limit(f.limit)).all()
    return [
        LaybyRow(
            p.number,
            p.status,
            code,
            p.created_on,
            p.total_amount,
            p.total_fees,
            p.total_paid,
            p.balance,
            p.next_due,
            p.frequency,
        )
        for p, code in rows
    ]
