"""The read side of the `fdms` group: what the listing and show commands display, as typed
rows read from the local store (no network). Each is a use case over one read-only Work.

``device_status`` (`fdms device status`), ``certificate_expiry`` (`fdms
check-certificate-expiry`), ``list_receipts`` / ``load_receipt`` / ``receipt_detail``
(`fdms receipt list|show|pdf`). `fdms logs` reads ``logs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.fdms.domain import wire
from ledgerctl.fdms.receipt import ReceiptResult, receipt_result
from ledgerctl.fdms.settings import load_fdms_settings
from ledgerctl.fdms.store import active_certificate, current_day, find_device
from ledgerctl.fdms.tables import FdmsDevice, FdmsReceipt
from ledgerctl.work import Work, use_case


def _device(work: Work, device_id: int | None) -> FdmsDevice:
    """The device asked for, else FDMS_DEVICE_ID, else the tenant's only one."""
    chosen = device_id if device_id is not None else load_fdms_settings(work.ctx).device_id
    return find_device(work.session, work.tenant_id, chosen)


def count_receipts(work: Work, device_pk: int | None, status: str) -> int:
    """How many of the device's receipts have ``status``."""
    return int(
        work.session.exec(
            select(func.count())
            .select_from(FdmsReceipt)
            .where(
                FdmsReceipt.tenant_id == work.tenant_id,
                FdmsReceipt.device_pk == device_pk,
                FdmsReceipt.status == status,
            )
        ).one()
    )


# --- the device dashboard ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceDashboard:
    """`fdms device status`: registration, certificate, day, last numbers, queue."""

    device_id: int
    serial_no: str
    registered: str
    taxpayer: str | None
    tin: str | None
    vat_number: str
    branch: str | None
    operating_mode: str
    fdms_url: str | None
    production: str
    certificate_valid_till: datetime | None
    certificate_days_left: int | None
    key: str | None
    fiscal_day_no: int | None
    fiscal_day_status: str
    fiscal_day_opened: str | None
    last_receipt_counter: int | None
    last_receipt_global_no: int
    last_receipt_status: str | None
    queue_length: int
    config_fetched_at: datetime | None


@use_case("fdms.read", write=False)
def device_status(work: Work, device_id: int | None = None) -> DeviceDashboard:
    """`fdms device status`: the seed's dashboard, from the local store (no network)."""
    device = _device(work, device_id)
    cert = active_certificate(work.session, device)
    day = current_day(work.session, device)
    last = work.session.exec(
        select(FdmsReceipt)
        .where(FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == device.id)
        .order_by(col(FdmsReceipt.global_no).desc())
        .limit(1)
    ).first()
    till = cert.valid_till if cert else None
    encrypted = "encrypted" if cert and cert.key_encrypted else "NOT encrypted"
    return DeviceDashboard(
        device_id=device.device_id,
        serial_no=device.serial_no,
        registered="Registered" if cert else "Not registered (no certificate)",
        taxpayer=device.taxpayer_name,
        tin=device.taxpayer_tin,
        vat_number=device.vat_number or "(not VAT-registered)",
        branch=device.branch_name,
        operating_mode=device.operating_mode,
        fdms_url=device.base_url,
        production="yes" if load_fdms_settings(work.ctx).is_production else "no (test service)",
        certificate_valid_till=till,
        certificate_days_left=(till - datetime.now(UTC)).days if till else None,
        key=f"{cert.key_type}, {encrypted}" if cert else None,
        fiscal_day_no=day.day_no if day else None,
        fiscal_day_status=day.status if day else "FiscalDayClosed (no day yet)",
        fiscal_day_opened=day.opened_local if day else None,
        last_receipt_counter=day.last_counter if day else None,
        last_receipt_global_no=device.last_global_no,
        last_receipt_status=last.status if last else None,
        queue_length=count_receipts(work, device.id, "queued"),
        config_fetched_at=device.config_fetched_at,
    )


# --- certificate expiry ------------------------------------------------------------------------


@dataclass(frozen=True)
class Expiry:
    """One device's certificate against the renewal window."""

    device_id: int
    valid_till: datetime | None
    days_left: int | None
    due: bool
    expired: bool

    @property
    def renewal_due(self) -> str:
        return "EXPIRED" if self.expired else ("yes" if self.due else "no")


@use_case("fdms.read", write=False)
def certificate_expiry(work: Work, days: int, device_id: int | None = None) -> list[Expiry]:
    """Every device's certificate against the renewal window (local, no network)."""
    if days < 0:
        raise UsageError("--days must be 0 or more")
    chosen = device_id if device_id is not None else load_fdms_settings(work.ctx).device_id
    query = select(FdmsDevice).where(FdmsDevice.tenant_id == work.tenant_id)
    if chosen is not None:
        query = query.where(FdmsDevice.device_id == chosen)
    devices = work.session.exec(query.order_by(col(FdmsDevice.device_id))).all()
    if not devices:
        raise NotFound("no fiscal device is registered; run `ledgerctl fdms device register`")
    now = datetime.now(UTC)
    found = []
    for device in devices:
        cert = active_certificate(work.session, device)
        till = cert.valid_till if cert else None
        found.append(
            Expiry(
                device.device_id,
                till,
                (till - now).days if till else None,
                till is None or till - now <= timedelta(days=days),
                till is None or till <= now,
            )
        )
    return found


# --- receipts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptRow:
    """One line of `fdms receipt list`."""

    global_no: int
    day: int
    counter: int
    type: str
    date: str
    invoice_no: str
    currency: str
    total: Decimal
    status: str
    receipt_id: int | None
    colour: str | None
    last_error: str | None


@use_case("fdms.read", write=False)
def list_receipts(
    work: Work,
    device_id: int | None = None,
    *,
    day: int | None = None,
    status: str | None = None,
    limit: int = 50,
) -> list[ReceiptRow]:
    """The newest receipts (oldest first in the result), filtered."""
    device = _device(work, device_id)
    query = select(FdmsReceipt).where(
        FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == device.id
    )
    if day is not None:
        query = query.where(FdmsReceipt.fiscal_day_no == day)
    if status:
        query = query.where(FdmsReceipt.status == status)
    rows = work.session.exec(query.order_by(col(FdmsReceipt.global_no).desc()).limit(limit)).all()
    return [
        ReceiptRow(
            r.global_no,
            r.fiscal_day_no,
            r.receipt_counter,
            r.receipt_type,
            r.receipt_date,
            r.invoice_no,
            r.currency,
            r.total,
            r.status,
            r.receipt_id,
            r.validation_color,
            r.last_error_code,
        )
        for r in reversed(rows)
    ]


@dataclass(frozen=True)
class StoredReceipt:
    """One stored receipt: its summary, its JSON (as sent) and its device."""

    result: ReceiptResult
    payload: dict[str, Any]
    device: FdmsDevice


@use_case("fdms.read", write=False)
def load_receipt(work: Work, global_no: int, device_id: int | None = None) -> StoredReceipt:
    """One stored receipt of the device (NotFound when it is not in the local store)."""
    device = _device(work, device_id)
    row = work.session.exec(
        select(FdmsReceipt).where(
            FdmsReceipt.tenant_id == work.tenant_id,
            FdmsReceipt.device_pk == device.id,
            FdmsReceipt.global_no == global_no,
        )
    ).first()
    if row is None:
        raise NotFound(
            f"receipt {global_no} of device {device.device_id} is not in the "
            "local store; see `ledgerctl fdms receipt list`"
        )
    return StoredReceipt(receipt_result(row, device), wire.loads(row.payload), device)


# --- one receipt as shown ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptSummary:
    """An issued receipt as `fdms receipt submit|from-sale` shows it."""

    receipt_global_no: int
    fiscal_day_no: int
    receipt_counter: int
    type: str
    invoice_no: str | None
    date: str
    total: Decimal
    currency: str
    status: str
    receipt_id: int | None
    verification_code: str
    qr_url: str | None


def summary(result: ReceiptResult) -> ReceiptSummary:
    """The fields of a receipt result the operator reads."""
    return ReceiptSummary(
        result.global_no,
        result.fiscal_day_no,
        result.receipt_counter,
        result.receipt_type,
        result.invoice_no,
        result.receipt_date,
        result.total,
        result.currency,
        result.status,
        result.receipt_id,
        result.verification_code,
        result.qr_url,
    )


@dataclass(frozen=True)
class LineRow:
    no: int
    name: str
    qty: Decimal
    price: Decimal | None
    total: Decimal
    tax_id: int
    tax: Any


@dataclass(frozen=True)
class PaymentRow:
    money_type: str
    amount: Decimal


@dataclass(frozen=True)
class ValidationRow:
    code: str | None
    colour: str | None
    description: str | None


@dataclass(frozen=True)
class ReceiptDetail(ReceiptSummary):
    """`fdms receipt show`: the summary, its lines, payments and FDMS's validation errors."""

    lines: tuple[LineRow, ...]
    payments: tuple[PaymentRow, ...]
    validation_errors: tuple[ValidationRow, ...]


def validation_rows(result: ReceiptResult) -> tuple[ValidationRow, ...]:
    return tuple(
        ValidationRow(
            e.get("validationErrorCode"),
            e.get("validationErrorColor"),
            e.get("validationErrorDescription"),
        )
        for e in result.validation_errors
    )


@use_case("fdms.read", write=False)
def receipt_detail(work: Work, global_no: int, device_id: int | None = None) -> ReceiptDetail:
    """One stored receipt with its lines and payments as they were signed."""
    stored = load_receipt(work, global_no, device_id)
    lines = tuple(
        LineRow(
            x["receiptLineNo"],
            x["receiptLineName"],
            x["receiptLineQuantity"],
            x.get("receiptLinePrice"),
            x["receiptLineTotal"],
            x["taxID"],
            x.get("taxPercent", "exempt"),
        )
        for x in stored.payload["receiptLines"]
    )
    payments = tuple(
        PaymentRow(p["moneyTypeCode"], p["paymentAmount"])
        for p in stored.payload.get("receiptPayments") or []
    )
    head = summary(stored.result)
    fields = {f: getattr(head, f) for f in ReceiptSummary.__dataclass_fields__}
    return ReceiptDetail(
        **fields, lines=lines, payments=payments, validation_errors=validation_rows(stored.result)
    )
