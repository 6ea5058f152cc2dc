"""Use cases of fiscal receipts: submit (store first, then send, then record), list, show.

``issue.issue`` numbers, builds, signs and commits the receipt as ``queued`` in its own
transaction; ``send.send`` sends the queue up to it in receiptGlobalNo order and records each
answer in another transaction. A receipt that may have reached FDMS (timeout, dropped answer)
stays queued and is sent again: FDMS answers a resubmission with the same receiptID,
recorded once. Other groups (e.g. `pos`) call ``submit_receipt`` with a ``ReceiptDraft``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound
from ledgerctl.fdms import protocol, wire
from ledgerctl.fdms.drafts import ReceiptDraft
from ledgerctl.fdms.issue import ReceiptIdentity, Stored, issue
from ledgerctl.fdms.send import send
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.store import find_device
from ledgerctl.fdms.tables import FdmsDevice, FdmsReceipt
from ledgerctl.work import unit_of_work

__all__ = ["ReceiptResult", "list_receipts", "load_receipt", "submit_receipt", "submit_with"]


@dataclass(frozen=True)
class ReceiptResult(ReceiptIdentity):
    """A stored receipt as the operator (or a calling group) needs to see it."""

    status: str
    receipt_id: int | None
    validation_errors: list[dict[str, Any]]
    qr_url: str | None
    verification_code: str
    already_issued: bool = False
    send_error: str | None = None
    notice: str | None = None


# --- the use cases -----------------------------------------------------------------------------


def _codes(qr_base: str | None, ident: ReceiptIdentity, signature: str) -> dict[str, Any]:
    """The QR URL and the printed verification code of a receipt."""
    return {
        "qr_url": protocol.qr_url(
            qr_base, ident.device_id, ident.receipt_date, ident.global_no, signature
        )
        if qr_base
        else None,
        "verification_code": protocol.grouped_code(protocol.verification_code(signature)),
    }


def _result(
    dev: DeviceSession,
    stored: Stored,
    *,
    status: str,
    answer: dict[str, Any] | None,
    already: bool = False,
    send_error: str | None = None,
) -> ReceiptResult:
    return ReceiptResult(
        **stored.identity(),
        status=status,
        receipt_id=int(answer["receiptID"]) if answer else None,
        validation_errors=list((answer or {}).get("validationErrors") or []),
        **_codes(dev.config.get("qrUrl"), stored, stored.device_signature),
        already_issued=already,
        send_error=send_error,
        notice=stored.notice,
    )


def receipt_result(row: FdmsReceipt, device: FdmsDevice) -> ReceiptResult:
    """The result of a stored receipt row (reading commands)."""
    ident = ReceiptIdentity(
        device.device_id,
        row.fiscal_day_no,
        row.receipt_counter,
        row.global_no,
        row.receipt_type,
        row.currency,
        row.total,
        row.invoice_no,
        row.receipt_date,
    )
    return ReceiptResult(
        **ident.identity(),
        status=row.status,
        receipt_id=row.receipt_id,
        validation_errors=list(row.validation_errors or []),
        **_codes((device.config or {}).get("qrUrl"), ident, row.device_signature),
    )


def submit_with(dev: DeviceSession, draft: ReceiptDraft) -> ReceiptResult:
    """Issue one receipt on an open session, then send the queue up to it (online mode)."""
    stored, already, queue = issue(dev, draft)
    if already:
        return _result(dev, stored, status=stored.status, answer=None, already=True)
    if dev.offline:
        return _result(dev, stored, status="queued", answer=None)
    report = send(dev, queue)
    answer = report.answers.get(stored.global_no)
    return _result(
        dev,
        stored,
        status="accepted" if answer else "queued",
        answer=answer,
        send_error=report.error.message if report.error else None,
    )


def submit_receipt(
    ctx: AppContext, draft: ReceiptDraft, device_id: int | None = None
) -> ReceiptResult:
    """Issue a fiscal receipt from a draft: stored, signed, sent (or queued), answer recorded.

    Never raises for a network problem after the receipt is stored: the result's
    ``send_error`` says why it is still queued (`fdms sync` sends it later).
    """
    with open_session(ctx, "fdms.receipt", device_id) as dev:
        return submit_with(dev, draft)


# --- reading -----------------------------------------------------------------------------------


def list_receipts(
    ctx: AppContext,
    device_id: int | None = None,
    *,
    day: int | None = None,
    status: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """The newest receipts (oldest first in the result), filtered."""
    from ledgerctl.fdms.settings import load_fdms_settings

    settings = load_fdms_settings(ctx)
    with unit_of_work(ctx, "fdms.read", write=False) as work:
        device = find_device(
            work.session, work.tenant_id, device_id if device_id is not None else settings.device_id
        )
        query = select(FdmsReceipt).where(
            FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == device.id
        )
        if day is not None:
            query = query.where(FdmsReceipt.fiscal_day_no == day)
        if status:
            query = query.where(FdmsReceipt.status == status)
        rows = work.session.exec(
            query.order_by(col(FdmsReceipt.global_no).desc()).limit(limit)
        ).all()
        return [
            {
                "global_no": r.global_no,
                "day": r.fiscal_day_no,
                "counter": r.receipt_counter,
                "type": r.receipt_type,
                "date": r.receipt_date,
                "invoice_no": r.invoice_no,
                "currency": r.currency,
                "total": r.total,
                "status": r.status,
                "receipt_id": r.receipt_id,
                "colour": r.validation_color,
                "last_error": r.last_error_code,
            }
            for r in reversed(rows)
        ]


def load_receipt(
    ctx: AppContext, global_no: int, device_id: int | None = None
) -> tuple[ReceiptResult, dict[str, Any], FdmsDevice]:
    """One stored receipt: its summary, its JSON (as sent) and its device."""
    from ledgerctl.fdms.settings import load_fdms_settings

    settings = load_fdms_settings(ctx)
    with unit_of_work(ctx, "fdms.read", write=False) as work:
        device = find_device(
            work.session, work.tenant_id, device_id if device_id is not None else settings.device_id
        )
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
        return receipt_result(row, device), wire.loads(row.payload), device
