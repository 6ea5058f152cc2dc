"""What `layby show` and `layby list` print (inside a Work). An archived lay-by is shown
from the archive table's stored record, with the same sections as a live one."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, select

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.layby import store
from ledgerctl.layby.tables import (
    ACTIVE,
    STATUSES,
    ArchivedLayby,
    Fee,
    Layby,
    Notification,
    RuleVersion,
)
from ledgerctl.tenancy.api import Branch, Party
from ledgerctl.work import Work

SECTIONS = ("layby", "items", "instalments", "payments", "fees", "notifications")
HEADER_ORDER = (
    "number",
    "status",
    "customer",
    "customer_name",
    "branch",
    "created_on",
    "created_by",
    "rules",
    "total_amount",
    "deposit",
    "service_fee",
    "administration_fee",
    "late_fees",
    "total_fees",
    "total_paid",
    "balance",
    "frequency",
    "instalments",
    "next_due",
    "fee_disclosed",
    "on_hold_since",
    "hold_reason",
    "items_released",
    "items_released_at",
    "items_released_by",
    "completed_on",
    "sale",
    "cancelled_on",
    "cancelled_by",
    "cancel_reason",
    "cancellation_fee",
    "fees_kept",
    "refunded",
    "defaulted_on",
)


def _header(work: Work, plan: Layby) -> dict[str, Any]:
    party = work.session.get(Party, plan.customer_id)
    branch = work.session.get(Branch, plan.branch_id)
    rules = work.session.get(RuleVersion, plan.rule_version_id)
    assert party is not None and branch is not None and rules is not None
    return {
        "number": plan.number,
        "status": plan.status,
        "customer": party.code,
        "customer_name": party.name,
        "branch": branch.code,
        "created_on": plan.created_on,
        "created_by": plan.created_by,
        "rules": f"{rules.business_type} v{rules.version} {rules.jurisdiction} "
        f"(sha256 {rules.content_hash[:12]})",
        "total_amount": plan.total_amount,
        "deposit": plan.deposit_amount,
        "service_fee": plan.service_fee,
        "administration_fee": plan.administration_fee,
        "late_fees": plan.late_fees,
        "total_fees": plan.total_fees,
        "total_paid": plan.total_paid,
        "balance": plan.balance,
        "frequency": plan.frequency,
        "instalments": plan.instalment_count,
        "next_due": plan.next_due,
        "fee_disclosed": plan.fee_disclosed,
        "on_hold_since": plan.on_hold_since,
        "hold_reason": plan.hold_reason,
        "items_released": plan.items_released,
        "items_released_at": plan.items_released_at,
        "items_released_by": plan.items_released_by,
        "completed_on": plan.completed_on,
        "sale": plan.sale_number,
        "cancelled_on": plan.cancelled_on,
        "cancelled_by": plan.cancelled_by_party,
        "cancel_reason": plan.cancel_reason,
        "cancellation_fee": plan.cancellation_fee,
        "fees_kept": plan.fees_kept,
        "refunded": plan.refunded,
        "defaulted_on": plan.defaulted_on,
    }


def record_of(work: Work, plan: Layby) -> dict[str, Any]:
    """Everything about a live lay-by, by section (also what the archive stores)."""
    fees = work.session.exec(
        select(Fee)
        .where(Fee.tenant_id == work.tenant_id, Fee.layby_id == plan.id)
        .order_by(col(Fee.id))
    ).all()
    notes = work.session.exec(
        select(Notification)
        .where(Notification.tenant_id == work.tenant_id, Notification.layby_id == plan.id)
        .order_by(col(Notification.id))
    ).all()
    seqs = {i.id: i.seq for i in store.instalments(work, plan)}
    receipts = {p.id: p.receipt_number for p in store.payments(work, plan)}
    return {
        "layby": _header(work, plan),
        "items": [
            {
                "line": i.line_no,
                "sku": i.sku,
                "name": i.name,
                "quantity": i.quantity,
                "unit_price": i.unit_price,
                "amount": i.amount,
                "reservation": i.reservation_id,
            }
            for i in store.items(work, plan)
        ],
        "instalments": [
            {
                "seq": i.seq,
                "due_date": i.due_date,
                "amount": i.amount,
                "late_fee": i.late_fee,
                "paid": i.paid,
                "status": i.status,
            }
            for i in store.instalments(work, plan)
        ],
        "payments": [
            {
                "receipt": p.receipt_number,
                "date": p.paid_on,
                "kind": p.kind,
                "amount": -p.amount if p.is_refund else p.amount,
                "method": p.method,
                "refunds": receipts.get(p.refunded_payment_id) if p.refunded_payment_id else None,
                "by": p.processed_by,
                "reference": p.reference,
                "entry": p.entry_number,
            }
            for p in store.payments(work, plan)
        ],
        "fees": [
            {
                "kind": f.kind,
                "instalment": seqs.get(f.instalment_id) if f.instalment_id else None,
                "amount": f.amount,
                "charged_on": f.charged_on,
                "entry": f.entry_number,
            }
            for f in fees
        ],
        "notifications": [
            {
                "day": n.day,
                "kind": n.kind,
                "instalment": n.instalment_no,
                "email": n.email_status,
                "sms_to": n.phone,
                "subject": n.subject,
            }
            for n in notes
        ],
    }


def show(work: Work, number: str) -> dict[str, Any]:
    """A live lay-by, else an archived one (marked ``archived``)."""
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
    record = dict(archived.record)
    head = record["layby"]
    record["layby"] = {
        **{k: head[k] for k in HEADER_ORDER if k in head},
        "archived_at": archived.archived_at,
        "archived_by": archived.archived_by,
        "archive_file": archived.parquet_file,
    }
    return {k: record[k] for k in SECTIONS}


def list_laybys(
    work: Work,
    *,
    status: str | None = None,
    customer: str | None = None,
    due_by: date | None = None,
    overdue_on: date | None = None,
    limit: int = 500,
) -> list[dict[str, object]]:
    """Lay-bys filtered by status, customer, next due date on or before ``due_by``, or
    overdue (an unpaid instalment due before ``overdue_on``)."""
    query = (
        select(Layby, Party.code)
        .join(Party, Party.id == Layby.customer_id)
        .where(  # type: ignore[arg-type]
            Layby.tenant_id == work.tenant_id
        )
    )
    if status:
        if status.upper() not in STATUSES:
            raise UsageError(f"--status {status!r} must be one of {', '.join(STATUSES)}")
        query = query.where(Layby.status == status.upper())
    if customer:
        query = query.where(Party.code == customer)
    if due_by:
        query = query.where(Layby.next_due <= due_by)  # type: ignore[operator]
    if overdue_on:
        query = query.where(Layby.status == ACTIVE, Layby.next_due < overdue_on)  # type: ignore[operator]
    rows = work.session.exec(query.order_by(col(Layby.id)).limit(limit)).all()
    return [
        {
            "number": p.number,
            "status": p.status,
            "customer": code,
            "created_on": p.created_on,
            "total": p.total_amount,
            "fees": p.total_fees,
            "paid": p.total_paid,
            "balance": p.balance,
            "next_due": p.next_due,
            "frequency": p.frequency,
        }
        for p, code in rows
    ]
