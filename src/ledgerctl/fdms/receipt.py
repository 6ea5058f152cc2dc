"""Use cases of fiscal receipts: submit (store first, then send, then record), list, show.

``issue.issue`` numbers, builds, signs and commits the receipt as ``queued`` in its own
transaction; ``send.send`` sends the queue up to it in receiptGlobalNo order and records each
answer in another transaction. A receipt that may have reached FDMS (timeout, dropped answer)
stays queued and is sent again: FDMS answers a resubmission with the same receiptID,
recorded once. `fdms receipt from-sale` calls ``submit_receipt`` with a ``ReceiptDraft``.

Issuing is two transactions with the FDMS call between them, so ``submit_receipt`` takes the
``AppContext`` and opens a ``DeviceSession`` (``submit_with`` runs on one already open).
Reading receipts back is in ``views``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.fdms.domain import protocol
from ledgerctl.fdms.domain.drafts import ReceiptDraft
from ledgerctl.fdms.issue import ReceiptIdentity, Stored, issue
from ledgerctl.fdms.send import send
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.tables import FdmsDevice, FdmsReceipt

__all__ = ["ReceiptResult", "receipt_result", "submit_receipt", "submit_with"]


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
