"""Store a new receipt (transaction 1 of a submission): number, build, chain, sign, insert.

Runs inside one write transaction that locks the device and its current day (``FOR UPDATE``
on Postgres, ``BEGIN IMMEDIATE`` on SQLite), so receiptCounter / receiptGlobalNo are taken
once each, in order, and the receipt, the new counters and its audit row commit together.
Core SQL on the hot path: a busy till issues hundreds of receipts a minute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from ledgerctl.audit.api import chain
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict
from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import protocol, wire
from ledgerctl.fdms.domain.drafts import ReceiptDraft
from ledgerctl.fdms.domain.receipts import Numbering, build_receipt
from ledgerctl.fdms.domain.taxes import taxes_from_config
from ledgerctl.fdms.notes import full_credit, original_receipt
from ledgerctl.fdms.session import DeviceSession
from ledgerctl.fdms.store import require_open
from ledgerctl.fdms.tables import FdmsDay, FdmsDevice, FdmsReceipt

DEVICES, DAYS, RECEIPTS = FdmsDevice.__table__, FdmsDay.__table__, FdmsReceipt.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ReceiptIdentity:
    """What identifies a fiscal receipt and what it is for."""

    device_id: int
    fiscal_day_no: int
    receipt_counter: int
    global_no: int
    receipt_type: str
    currency: str
    total: Decimal
    invoice_no: str
    receipt_date: str

    def identity(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(ReceiptIdentity)}


@dataclass(frozen=True)
class Stored(ReceiptIdentity):
    """A receipt just stored (or found by its source key), as the next steps need it."""

    pk: int
    payload: str
    device_signature: str
    status: str = "queued"
    notice: str | None = None  # e.g. the day must close soon


def _open_day(session: Session, dev: DeviceSession) -> Any:
    return require_open(
        dev.device_id,
        session.execute(
            select(DAYS)
            .where(DAYS.c.tenant_id == dev.tenant_id, DAYS.c.device_pk == dev.device_pk)
            .order_by(DAYS.c.day_no.desc())
            .limit(1)
            .with_for_update()
        ).first(),
    )


def _check_day_hours(config: dict[str, Any], day: Any, now_local: Any) -> str | None:
    """Conflict after taxPayerDayMaxHrs; a notice taxpayerDayEndNotificationHrs before."""
    max_hours = int(config.get("taxPayerDayMaxHrs") or 24)
    notice_hours = int(config.get("taxpayerDayEndNotificationHrs") or 0)
    end = protocol.parse_fdms_datetime(day.opened_local) + timedelta(hours=max_hours)
    if now_local > end:
        raise Conflict(
            f"fiscal day {day.day_no} was opened {day.opened_local}, more than "
            f"{max_hours} h ago (taxPayerDayMaxHrs); close it with `ledgerctl fdms "
            "close-day` and open a new one before issuing receipts"
        )
    if notice_hours and now_local >= end - timedelta(hours=notice_hours):
        return (
            f"fiscal day {day.day_no} must be closed by {protocol.fdms_datetime(end)} "
            f"(taxPayerDayMaxHrs {max_hours} h): run `ledgerctl fdms close-day` soon"
        )
    return None


def _check_invoices_free(session: Session, dev: DeviceSession, numbers: list[str]) -> None:
    if len(set(numbers)) != len(numbers):
        twice = next(n for n in numbers if numbers.count(n) > 1)
        raise Conflict(
            f"invoice number {twice!r} appears twice; invoice numbers must be "
            "unique — use another one"
        )
    used = session.execute(
        select(RECEIPTS.c.invoice_no, RECEIPTS.c.global_no).where(
            RECEIPTS.c.tenant_id == dev.tenant_id, RECEIPTS.c.invoice_no.in_(numbers)
        )
    ).first()
    if used is not None:
        raise Conflict(
            f"invoice number {used[0]!r} is already on receipt {used[1]}; invoice "
            "numbers must be unique — use another one"
        )


def existing(session: Session, dev: DeviceSession, source: str | None) -> Stored | None:
    """The receipt already issued for an idempotency key, if any."""
    if not source:
        return None
    row = session.execute(
        select(RECEIPTS).where(RECEIPTS.c.tenant_id == dev.tenant_id, RECEIPTS.c.source == source)
    ).first()
    if row is None:
        return None
    return Stored(
        dev.device_id,
        row.fiscal_day_no,
        row.receipt_counter,
        row.global_no,
        row.receipt_type,
        row.currency,
        row.total,
        row.invoice_no,
        row.receipt_date,
        pk=row.id,
        payload=row.payload,
        device_signature=row.device_signature,
        status=row.status,
    )


@dataclass
class _Batch:
    """Numbers and rows of receipts being stored in one transaction."""

    day: Any
    config: dict[str, Any]
    vat_registered: bool
    now_local: Any
    counter: int
    global_no: int
    previous: str | None
    notice: str | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    changes: list[chain.Change] = field(default_factory=list)
    stored: list[Stored] = field(default_factory=list)


def _lock(session: Session, dev: DeviceSession) -> _Batch:
    device = session.execute(
        select(DEVICES.c.last_global_no, DEVICES.c.config, DEVICES.c.vat_number)
        .where(DEVICES.c.id == dev.device_pk, DEVICES.c.tenant_id == dev.tenant_id)
        .with_for_update()
    ).one()
    day = _open_day(session, dev)
    config = device.config or {}
    now_local = dev.settings.local_now()
    notice = _check_day_hours(config, day, now_local)
    if day.last_receipt_date:
        now_local = max(now_local, protocol.parse_fdms_datetime(day.last_receipt_date))
    return _Batch(
        day,
        config,
        bool(device.vat_number),
        now_local,
        day.last_counter,
        device.last_global_no,
        day.last_hash,
        notice,
    )


def _add(session: Session, dev: DeviceSession, batch: _Batch, draft: ReceiptDraft) -> None:
    """Number, build and sign one receipt into the batch."""
    original = None
    if draft.original is not None:
        _write(session, dev, batch)  # a note may refer to a receipt of this batch
        original = original_receipt(session, dev, draft)
        if not draft.lines and draft.receipt_type == "CreditNote":
            draft = full_credit(session, dev, draft, original)  # type: ignore[arg-type]
    numbering = Numbering(
        dev.device_id,
        batch.day.day_no,
        batch.counter + 1,
        batch.global_no + 1,
        batch.now_local,
        batch.previous,
    )
    built = build_receipt(
        draft,
        taxes_from_config(batch.config),
        numbering,
        vat_registered=batch.vat_registered,
        original=original,
        default_hs_code=dev.settings.default_hs_code or None,
    )
    signed = keys.sign_text(dev.require_key(), built.string)
    text = wire.dumps(
        {
            **built.receipt,
            "receiptDeviceSignature": {"hash": signed.hash, "signature": signed.signature},
        }
    )
    content = hashlib.sha256(text.encode("utf-8")).hexdigest()
    r = built.receipt
    batch.rows.append(
        dict(
            tenant_id=dev.tenant_id,
            device_pk=dev.device_pk,
            day_pk=batch.day.id,
            certificate_pk=dev.certificate_pk,
            fiscal_day_no=batch.day.day_no,
            receipt_counter=numbering.receipt_counter,
            global_no=numbering.global_no,
            receipt_type=draft.receipt_type,
            currency=r["receiptCurrency"],
            invoice_no=r["invoiceNo"],
            receipt_date=r["receiptDate"],
            total=built.total,
            original_global_no=draft.original.global_no if draft.original else None,
            payload=text,
            content_hash=content,
            previous_hash=batch.previous,
            device_hash=signed.hash,
            device_signature=signed.signature,
            status="queued",
            attempts=0,
            source=draft.source,
            issued_at=utcnow(),
            issued_by=dev.actor,
        )
    )
    batch.changes.append(
        chain.Change(
            "fdms.receipt.issue",
            "fdms_receipt",
            f"{dev.device_id}/{numbering.global_no}",
            None,
            {
                "day": batch.day.day_no,
                "counter": numbering.receipt_counter,
                "type": draft.receipt_type,
                "currency": r["receiptCurrency"],
                "total": built.total,
                "invoice": r["invoiceNo"],
                "hash": signed.hash,
                "content": content,
                "source": draft.source,
            },
        )
    )
    batch.counter, batch.global_no, batch.previous = (
        numbering.receipt_counter,
        numbering.global_no,
        signed.hash,
    )


def _write(session: Session, dev: DeviceSession, batch: _Batch) -> None:
    """Insert the receipts built so far, advance the day and device numbers, audit them."""
    if not batch.rows:
        return
    _check_invoices_free(session, dev, [r["invoice_no"] for r in batch.rows])
    ids = session.execute(
        insert(RECEIPTS).returning(
            RECEIPTS.c.id, RECEIPTS.c.global_no, sort_by_parameter_order=True
        ),
        batch.rows,
    ).all()
    for (pk, _global_no), row in zip(ids, batch.rows, strict=True):
        batch.stored.append(
            Stored(
                dev.device_id,
                row["fiscal_day_no"],
                row["receipt_counter"],
                row["global_no"],
                row["receipt_type"],
                row["currency"],
                row["total"],
                row["invoice_no"],
                row["receipt_date"],
                pk=int(pk),
                payload=row["payload"],
                device_signature=row["device_signature"],
                notice=batch.notice,
            )
        )
    session.execute(
        update(DAYS)
        .where(DAYS.c.id == batch.day.id)
        .values(
            last_counter=batch.counter,
            last_hash=batch.previous,
            last_receipt_date=batch.rows[-1]["receipt_date"],
        )
    )
    session.execute(
        update(DEVICES).where(DEVICES.c.id == dev.device_pk).values(last_global_no=batch.global_no)
    )
    chain.append_many(session, dev.tenant_id, dev.actor, batch.changes)
    batch.rows, batch.changes = [], []


def store_many(
    session: Session, dev: DeviceSession, drafts: Sequence[ReceiptDraft]
) -> list[Stored]:
    """Number, build, sign and insert receipts in order (inside the caller's transaction);
    any bad draft raises and nothing of the transaction is kept."""
    batch = _lock(session, dev)
    for draft in drafts:
        _add(session, dev, batch, draft)
    _write(session, dev, batch)
    return batch.stored


def store(session: Session, dev: DeviceSession, draft: ReceiptDraft) -> Stored:
    """One receipt (see ``store_many``)."""
    return store_many(session, dev, [draft])[0]


Queued = tuple[int, int, str, str]


def queued(session: Session, dev: DeviceSession, up_to: int | None = None) -> list[Queued]:
    """(pk, receiptGlobalNo, payload, device signature) of the queued receipts, oldest first."""
    query = select(
        RECEIPTS.c.id, RECEIPTS.c.global_no, RECEIPTS.c.payload, RECEIPTS.c.device_signature
    ).where(
        RECEIPTS.c.tenant_id == dev.tenant_id,
        RECEIPTS.c.device_pk == dev.device_pk,
        RECEIPTS.c.status == "queued",
    )
    if up_to is not None:
        query = query.where(RECEIPTS.c.global_no <= up_to)
    return [
        (int(i), int(g), str(p), str(s))
        for i, g, p, s in session.execute(query.order_by(RECEIPTS.c.global_no)).all()
    ]


def issue(dev: DeviceSession, draft: ReceiptDraft) -> tuple[Stored, bool, list[Queued]]:
    """Store a receipt (queued): (receipt, already issued for its source?, queue up to it)."""
    dev.require_valid_certificate()
    with dev.tx() as session:
        found = existing(session, dev, draft.source)
        if found is not None:
            return found, True, []
        stored = store(session, dev, draft)
        return stored, False, queued(session, dev, stored.global_no)
