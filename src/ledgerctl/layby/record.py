"""One lay-by's full record as typed rows (what `layby show` and `layby create` report and
what `layby archive` stores): its terms and status, then its items, schedule, payments,
fees and notices.

A live lay-by is read from its tables (``record_of``); an archived one from the record the
archive stored as JSON (``from_stored``), converted back to the same types, so both show
alike. ``stored`` is the JSON shape the archive keeps (``{"layby": {...}, "items": [...]}``).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from ledgerctl.layby import store
from ledgerctl.layby.tables import Fee, Layby, Notification, RuleVersion
from ledgerctl.tenancy.api import Branch, Party
from ledgerctl.work import Work

SECTIONS = ("items", "instalments", "payments", "fees", "notifications")
ARCHIVE_FIELDS = ("archived_at", "archived_by", "archive_file")


@dataclass(frozen=True)
class ItemLine:
    line: int
    sku: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    reservation: int | None


@dataclass(frozen=True)
class InstalmentLine:
    seq: int
    due_date: date
    amount: Decimal
    late_fee: Decimal
    paid: Decimal
    status: str


@dataclass(frozen=True)
class PaymentLine:
    receipt: str
    date: date
    kind: str
    amount: Decimal
    method: str
    refunds: str | None
    by: str
    reference: str
    entry: str | None


@dataclass(frozen=True)
class FeeLine:
    kind: str
    instalment: int | None
    amount: Decimal
    charged_on: date
    entry: str | None


@dataclass(frozen=True)
class NoticeLine:
    day: date
    kind: str
    instalment: int | None
    email: str
    sms_to: str
    subject: str


@dataclass(frozen=True)
class LaybyRecord:
    """Everything about one lay-by (live, or archived: then ``archived_at`` is set)."""

    number: str
    status: str
    customer: str
    customer_name: str
    branch: str
    created_on: date
    created_by: str
    rules: str
    total_amount: Decimal
    deposit: Decimal
    service_fee: Decimal
    administration_fee: Decimal
    late_fees: Decimal
    total_fees: Decimal
    total_paid: Decimal
    balance: Decimal
    frequency: str | None
    instalments: int
    next_due: date | None
    fee_disclosed: bool
    on_hold_since: date | None
    hold_reason: str
    items_released: bool
    items_released_at: datetime | None
    items_released_by: str | None
    completed_on: date | None
    sale: str | None
    cancelled_on: date | None
    cancelled_by: str | None
    cancel_reason: str
    cancellation_fee: Decimal
    fees_kept: Decimal
    refunded: Decimal
    defaulted_on: date | None
    items: tuple[ItemLine, ...]
    schedule: tuple[InstalmentLine, ...]
    payments: tuple[PaymentLine, ...]
    fees: tuple[FeeLine, ...]
    notifications: tuple[NoticeLine, ...]
    archived_at: datetime | None = None
    archived_by: str | None = None
    archive_file: str | None = None


# the record's list fields, by the section name the stored JSON uses
_LISTS = {
    "items": ("items", ItemLine),
    "instalments": ("schedule", InstalmentLine),
    "payments": ("payments", PaymentLine),
    "fees": ("fees", FeeLine),
    "notifications": ("notifications", NoticeLine),
}


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


def _payments(work: Work, plan: Layby) -> tuple[PaymentLine, ...]:
    rows = store.payments(work, plan)
    receipts = {p.id: p.receipt_number for p in rows}
    return tuple(
        PaymentLine(
            p.receipt_number,
            p.paid_on,
            p.kind,
            -p.amount if p.is_refund else p.amount,
            p.method,
            receipts.get(p.refunded_payment_id) if p.refunded_payment_id else None,
            p.processed_by,
            p.reference,
            p.entry_number,
        )
        for p in rows
    )


def _fees(work: Work, plan: Layby) -> tuple[FeeLine, ...]:
    seqs = {i.id: i.seq for i in store.instalments(work, plan)}
    rows = work.session.exec(
        select(Fee)
        .where(Fee.tenant_id == work.tenant_id, Fee.layby_id == plan.id)
        .order_by(col(Fee.id))
    ).all()
    return tuple(
        FeeLine(
            f.kind,
            seqs.get(f.instalment_id) if f.instalment_id else None,
            f.amount,
            f.charged_on,
            f.entry_number,
        )
        for f in rows
    )


def _notices(work: Work, plan: Layby) -> tuple[NoticeLine, ...]:
    rows = work.session.exec(
        select(Notification)
        .where(Notification.tenant_id == work.tenant_id, Notification.layby_id == plan.id)
        .order_by(col(Notification.id))
    ).all()
    return tuple(
        NoticeLine(n.day, n.kind, n.instalment_no, n.email_status, n.phone, n.subject) for n in rows
    )


def record_of(work: Work, plan: Layby) -> LaybyRecord:
    """Everything about a live lay-by."""
    items = tuple(
        ItemLine(i.line_no, i.sku, i.name, i.quantity, i.unit_price, i.amount, i.reservation_id)
        for i in store.items(work, plan)
    )
    schedule = tuple(
        InstalmentLine(i.seq, i.due_date, i.amount, i.late_fee, i.paid, i.status)
        for i in store.instalments(work, plan)
    )
    return LaybyRecord(
        **_header(work, plan),
        items=items,
        schedule=schedule,
        payments=_payments(work, plan),
        fees=_fees(work, plan),
        notifications=_notices(work, plan),
    )


def stored(record: LaybyRecord) -> dict[str, Any]:
    """The record as the archive keeps it: ``{"layby": header, "items": [...], ...}``."""
    lists = {name for name, _ in _LISTS.values()}
    header = {
        f.name: getattr(record, f.name)
        for f in dataclasses.fields(record)
        if f.name not in lists and f.name not in ARCHIVE_FIELDS
    }
    out: dict[str, Any] = {"layby": header}
    for section, (name, _) in _LISTS.items():
        out[section] = [dataclasses.asdict(row) for row in getattr(record, name)]
    return out


def _value(text: Any, hint: Any) -> Any:
    """A JSON value back as the field's type (Decimal, date, datetime), None kept."""
    if text is None:
        return None
    kinds = typing.get_args(hint) or (hint,)
    if isinstance(text, str):
        if Decimal in kinds:
            return Decimal(text)
        if datetime in kinds:
            return datetime.fromisoformat(text)
        if date in kinds:
            return date.fromisoformat(text)
    return text


def _typed(cls: Any, data: Mapping[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _value(data.get(f.name), hints[f.name]) for f in dataclasses.fields(cls)})


def from_stored(data: Mapping[str, Any], archive: Mapping[str, Any]) -> LaybyRecord:
    """An archived record (``stored`` JSON) back as a ``LaybyRecord``, with its archive fields."""
    hints = typing.get_type_hints(LaybyRecord)
    lists = {name: ds for _, (name, ds) in _LISTS.items()}
    head = {
        f.name: _value(data["layby"].get(f.name), hints[f.name])
        for f in dataclasses.fields(LaybyRecord)
        if f.name not in lists and f.name not in ARCHIVE_FIELDS
    }
    sections: dict[str, Any] = {
        name: tuple(_typed(cls, row) for row in data.get(section, []))
        for section, (name, cls) in _LISTS.items()
    }
    return LaybyRecord(**head, **sections, **dict(archive))
