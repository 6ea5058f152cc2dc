"""`layby archive --completed-before DATE`: move old completed lay-bys out of the live tables.

In one transaction: each lay-by's full record (terms, items, schedule, payments, fees,
notices) goes to ``layby_archive`` (plus its payments to ``layby_archive_payments``), the
live rows are deleted, and two Parquet files are written under ``output/layby/archive/``
(one row per lay-by, one row per payment) before the commit. If the commit fails the files
are removed again. ``layby show NUMBER`` still shows an archived lay-by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.layby import store
from ledgerctl.layby.record import record_of, stored
from ledgerctl.layby.tables import (
    COMPLETED,
    ArchivedLayby,
    ArchivedPayment,
    Fee,
    Instalment,
    Layby,
    LaybyItem,
    Notification,
    Payment,
)
from ledgerctl.outputs.api import Column, money
from ledgerctl.work import Work, unit_of_work

ADMIN = "layby.admin"

LAYBY_COLUMNS = (
    Column("number", "string", "Lay-by number (LAY-YYYY-NNNNN)", nullable=False),
    Column("customer", "string", "Customer code", nullable=False),
    Column("customer_name", "string", "Customer name"),
    Column("branch", "category", "Branch that held the goods"),
    Column("rules", "string", "Business rules, version, jurisdiction and content hash"),
    Column("created_on", "date", "Day the lay-by was made", nullable=False),
    Column("completed_on", "date", "Day it was completed (goods released)"),
    Column("sale_number", "string", "Invoice number of the pos sale recorded on completion"),
    money("total_amount", "Agreed price of the goods, tax inclusive", nullable=False),
    money("deposit", "Deposit taken at creation", nullable=False),
    money("total_fees", "Service, administration and late fees charged", nullable=False),
    money("total_paid", "Payments less refunds", nullable=False),
    Column("frequency", "category", "weekly, fortnightly or monthly (empty: paid up front)"),
    Column("instalments", "int", "Number of instalments after the deposit", nullable=False),
    Column("items", "int", "Number of item lines", nullable=False),
    Column("created_by", "string", "User who made the lay-by"),
    Column("items_released_by", "string", "User who released the goods"),
    Column("archived_at", "datetime", "When it was archived (UTC)", nullable=False),
)
PAYMENT_COLUMNS = (
    Column("layby", "string", "Lay-by number", nullable=False),
    Column("receipt", "string", "Receipt number (LBR-YYYY-NNNNNN)", nullable=False),
    Column("date", "date", "Day of the payment or refund", nullable=False),
    Column("kind", "category", "deposit, instalment, refund or cancellation", nullable=False),
    money("amount", "Amount; negative for a refund", nullable=False),
    Column("method", "category", "cash, card or momo", nullable=False),
    Column("processed_by", "string", "User who took the payment"),
)


@dataclass(frozen=True)
class ArchiveResult:
    """The lay-bys archived (or, on a dry run, that would be) and the files written."""

    numbers: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()


def _candidates(work: Work, before: date) -> list[Layby]:
    return list(
        work.session.exec(
            select(Layby)
            .where(
                Layby.tenant_id == work.tenant_id,
                Layby.status == COMPLETED,
                col(Layby.completed_on) < before,
            )
            .order_by(col(Layby.id))
        ).all()
    )


def _rows(record: dict[str, Any], archived_at: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    h = record["layby"]
    row = {
        "number": h["number"],
        "customer": h["customer"],
        "customer_name": h["customer_name"],
        "branch": h["branch"],
        "rules": h["rules"],
        "created_on": h["created_on"],
        "completed_on": h["completed_on"],
        "sale_number": h["sale"],
        "total_amount": h["total_amount"],
        "deposit": h["deposit"],
        "total_fees": h["total_fees"],
        "total_paid": h["total_paid"],
        "frequency": h["frequency"],
        "instalments": h["instalments"],
        "items": len(record["items"]),
        "created_by": h["created_by"],
        "items_released_by": h["items_released_by"],
        "archived_at": archived_at,
    }
    pays = [
        {
            "layby": h["number"],
            "receipt": p["receipt"],
            "date": p["date"],
            "kind": p["kind"],
            "amount": p["amount"],
            "method": p["method"],
            "processed_by": p["by"],
        }
        for p in record["payments"]
    ]
    return row, pays


def _store(work: Work, plan: Layby, record: dict[str, Any], parquet: str) -> None:
    arch = ArchivedLayby(
        tenant_id=work.tenant_id,
        number=plan.number,
        customer_id=plan.customer_id,
        status=plan.status,
        business_type=record["layby"]["rules"].split(" ", 1)[0],
        total_amount=plan.total_amount,
        total_fees=plan.total_fees,
        total_paid=plan.total_paid,
        created_on=plan.created_on,
        completed_on=plan.completed_on,
        sale_number=plan.sale_number,
        record=record,
        archived_by=work.actor.name,
        parquet_file=parquet,
    )
    work.session.add(arch)
    work.session.flush()
    for p in work.session.exec(select(Payment).where(Payment.layby_id == plan.id)).all():
        work.session.add(
            ArchivedPayment(
                tenant_id=work.tenant_id,
                archive_id=store.id_of(arch),
                receipt_number=p.receipt_number,
                kind=p.kind,
                amount=p.amount,
                method=p.method,
                paid_on=p.paid_on,
                is_refund=p.is_refund,
                processed_by=p.processed_by,
            )
        )


def _delete(work: Work, ids: list[int]) -> None:
    conn = work.session.connection()
    pay = Payment.__table__  # type: ignore[attr-defined]
    tables = [m.__table__ for m in (Notification, Fee)]  # type: ignore[union-attr]
    for table in tables:
        conn.execute(delete(table).where(table.c.layby_id.in_(ids)))
    conn.execute(delete(pay).where(pay.c.layby_id.in_(ids), pay.c.refunded_payment_id.is_not(None)))
    for table in [m.__table__ for m in (Payment, Instalment, LaybyItem)]:  # type: ignore[union-attr]
        conn.execute(delete(table).where(table.c.layby_id.in_(ids)))
    plans = Layby.__table__  # type: ignore[attr-defined]
    conn.execute(delete(plans).where(plans.c.id.in_(ids)))


def archive(work: Work, before: date, *, dry_run: bool) -> ArchiveResult:
    """Archive the completed lay-bys completed before ``before`` (see the module docstring)."""
    from ledgerctl.outputs.api import write_parquet

    plans = _candidates(work, before)
    numbers = tuple(p.number for p in plans)
    if dry_run or not plans:
        return ArchiveResult(numbers)
    now = utcnow()
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    folder = work.ctx.home / "output" / "layby" / "archive"
    target = folder / f"laybys-{before.isoformat()}-{stamp}.parquet"
    records = [(p, stored(record_of(work, p))) for p in plans]
    rows = [_rows(r, now) for _, r in records]
    for plan, record in records:
        _store(work, plan, record, target.name)
    _delete(work, [p.id for p in plans])  # type: ignore[misc]
    files = (
        write_parquet(
            target,
            [r for r, _ in rows],
            LAYBY_COLUMNS,
            description="Archived lay-bys (ledgerctl layby archive)",
        ),
        write_parquet(
            folder / f"payments-{before.isoformat()}-{stamp}.parquet",
            [p for _, ps in rows for p in ps],
            PAYMENT_COLUMNS,
            description="Payments of archived lay-bys",
        ),
    )
    work.audit(
        "layby.archive",
        "layby_archive",
        before.isoformat(),
        None,
        {
            "completed_before": before,
            "count": len(plans),
            "numbers": list(numbers),
            "files": [f.name for f in files],
        },
    )
    return ArchiveResult(numbers, files)


def archive_completed(ctx: AppContext, before: date, dry_run: bool) -> ArchiveResult:
    """``layby archive`` as a workflow over ``ctx`` (not a Work): ``archive`` in one unit of
    work as ``layby.admin``; the Parquet files are removed again if the commit fails."""
    result = None
    try:
        with unit_of_work(ctx, ADMIN) as work:
            result = archive(work, before, dry_run=dry_run)
    except BaseException:
        for path in result.files if result else ():
            path.unlink(missing_ok=True)
        raise
    return result
