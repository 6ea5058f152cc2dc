"""Issue fiscal receipts: store first, then send, then record FDMS's answer.

``issue`` numbers the draft (receiptCounter / receiptGlobalNo), builds and signs it with the
hash chain, and commits it as ``queued`` in its own transaction. ``send_queued`` then sends
the device's queued receipts in receiptGlobalNo order, one request at a time, and records
each answer in another transaction; it stops at the first failure so nothing is sent out of
order. A receipt that may have reached FDMS (timeout, dropped answer) stays queued and is sent
again: FDMS answers a resubmission with the same receiptID, recorded once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, update
from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, IntegrityProblem, NotFound, UsageError
from ledgerctl.fdms import keys, protocol, wire
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.drafts import DraftLine, DraftPayment, ReceiptDraft
from ledgerctl.fdms.receipts import Numbering, OriginalReceipt, build_receipt
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.store import find_device, open_day_of
from ledgerctl.fdms.tables import FdmsDay, FdmsDevice, FdmsReceipt, FdmsServerCertificate
from ledgerctl.fdms.taxes import taxes_from_config
from ledgerctl.work import Work, unit_of_work

COLOUR_RANK = {"Red": 3, "Gray": 2, "Grey": 2, "Yellow": 1}


@dataclass
class SendReport:
    """What one pass over the queue did."""

    sent: int = 0
    duplicates: int = 0
    remaining: int = 0
    error: FdmsError | None = None
    red: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ReceiptResult:
    """A stored receipt as the operator needs to see it."""

    device_id: int
    fiscal_day_no: int
    receipt_counter: int
    global_no: int
    receipt_type: str
    currency: str
    total: Decimal
    invoice_no: str
    receipt_date: str
    status: str
    receipt_id: int | None
    validation_errors: list[dict[str, Any]]
    qr_url: str | None
    verification_code: str
    already_issued: bool = False
    send_error: str | None = None


# --- issue (transaction 1) ---------------------------------------------------------------------

def _original(work: Work, device: FdmsDevice, draft: ReceiptDraft) -> OriginalReceipt | None:
    if draft.original is None:
        return None
    device_id = draft.original.device_id or device.device_id
    if device_id != device.device_id:
        raise UsageError("credit/debit notes against another device's receipt are not supported "
                         "here; issue the note on that device")
    row = work.session.exec(select(FdmsReceipt).where(
        FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == device.id,
        FdmsReceipt.global_no == draft.original.global_no)).first()
    if row is None:
        raise NotFound(f"receipt {draft.original.global_no} of device {device.device_id} is not "
                       "in the local store; see `ledgerctl fdms receipt list`")
    if row.receipt_type != "FiscalInvoice":
        raise UsageError(f"receipt {row.global_no} is a {row.receipt_type}; a note must refer to "
                         "a fiscal invoice")
    sums = dict(work.session.exec(select(FdmsReceipt.receipt_type, func.sum(FdmsReceipt.total))
                                  .where(FdmsReceipt.tenant_id == work.tenant_id,
                                         FdmsReceipt.device_pk == device.id,
                                         FdmsReceipt.original_global_no == row.global_no)
                                  .group_by(FdmsReceipt.receipt_type)).all())
    taxes = frozenset(int(t["taxID"]) for t in wire.loads(row.payload)["receiptTaxes"])
    zero = Decimal("0.00")
    return OriginalReceipt(device.device_id, row.global_no, row.fiscal_day_no, row.currency,
                           row.total, protocol.parse_fdms_datetime(row.receipt_date), taxes,
                           credited=sums.get("CreditNote") or zero,
                           debited=sums.get("DebitNote") or zero)


def _check_day_hours(device: FdmsDevice, day: FdmsDay, now_local: Any) -> None:
    config = device.config or {}
    max_hours = int(config.get("taxPayerDayMaxHrs") or 24)
    opened = protocol.parse_fdms_datetime(day.opened_local)
    if now_local > opened + timedelta(hours=max_hours):
        raise Conflict(f"fiscal day {day.day_no} was opened {day.opened_local}, more than "
                       f"{max_hours} h ago (taxPayerDayMaxHrs); close it with `ledgerctl fdms "
                       "close-day` and open a new one before issuing receipts")


def _existing(work: Work, source: str | None) -> FdmsReceipt | None:
    if not source:
        return None
    return work.session.exec(select(FdmsReceipt).where(
        FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.source == source)).first()


def _check_invoice_free(work: Work, invoice_no: str) -> None:
    used = work.session.exec(select(FdmsReceipt.global_no).where(
        FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.invoice_no == invoice_no)).first()
    if used is not None:
        raise Conflict(f"invoice number {invoice_no!r} is already on receipt {used}; invoice "
                       "numbers must be unique — use another one")


def _full_credit(work: Work, device: FdmsDevice, draft: ReceiptDraft,
                 original: OriginalReceipt) -> ReceiptDraft:
    """A credit note without lines credits the whole original (if nothing was credited yet)."""
    if original.credited or original.debited:
        raise UsageError(f"receipt {original.global_no} was already partly credited or debited; "
                         "give the --line(s) to credit")
    row = work.session.exec(select(FdmsReceipt.payload).where(
        FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == device.id,
        FdmsReceipt.global_no == original.global_no)).one()
    payload = wire.loads(row)
    lines = tuple(DraftLine(
        name=x["receiptLineName"], quantity=Decimal(x["receiptLineQuantity"]),
        unit_price=abs(Decimal(x["receiptLinePrice"])) if "receiptLinePrice" in x else None,
        total=abs(Decimal(x["receiptLineTotal"])), tax_id=int(x["taxID"]),
        tax_code=x.get("taxCode"), hs_code=x.get("receiptLineHSCode"),
        line_type=x["receiptLineType"]) for x in payload["receiptLines"])
    payments = draft.payments or tuple(
        DraftPayment(p["moneyTypeCode"], abs(Decimal(p["paymentAmount"])))
        for p in payload["receiptPayments"])
    return replace(draft, lines=lines, payments=payments,
                   tax_inclusive=bool(payload["receiptLinesTaxInclusive"]))


def _store(work: Work, dev: DeviceSession, draft: ReceiptDraft) -> FdmsReceipt:
    device = find_device(work.session, work.tenant_id, dev.device_id, lock=True)
    day = open_day_of(work.session, device, lock=True)
    original = _original(work, device, draft)
    if original is not None and not draft.lines and draft.receipt_type == "CreditNote":
        draft = _full_credit(work, device, draft, original)
    now_local = dev.settings.local_now()
    _check_day_hours(device, day, now_local)
    if day.last_receipt_date:
        now_local = max(now_local, protocol.parse_fdms_datetime(day.last_receipt_date))
    numbering = Numbering(device.device_id, day.day_no, day.last_counter + 1,
                          device.last_global_no + 1, now_local, day.last_hash)
    built = build_receipt(draft, taxes_from_config(device.config or {}), numbering,
                          vat_registered=bool(device.vat_number),
                          original=original,
                          default_hs_code=dev.settings.default_hs_code or None)
    _check_invoice_free(work, built.receipt["invoiceNo"])
    signed = keys.sign_text(dev.require_key(), built.string)
    payload = {**built.receipt, "receiptDeviceSignature": {"hash": signed.hash,
                                                           "signature": signed.signature}}
    assert device.id is not None and day.id is not None and dev.certificate_pk is not None
    text = wire.dumps(payload)
    row = FdmsReceipt(
        tenant_id=work.tenant_id, device_pk=device.id, day_pk=day.id,
        certificate_pk=dev.certificate_pk, fiscal_day_no=day.day_no,
        receipt_counter=numbering.receipt_counter, global_no=numbering.global_no,
        receipt_type=draft.receipt_type, currency=built.receipt["receiptCurrency"],
        invoice_no=built.receipt["invoiceNo"], receipt_date=built.receipt["receiptDate"],
        total=built.total, original_global_no=draft.original.global_no if draft.original
        else None, payload=text, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        previous_hash=day.last_hash,
        device_hash=signed.hash, device_signature=signed.signature, source=draft.source,
        issued_at=utcnow(), issued_by=work.actor.name)
    day.last_counter, day.last_hash = numbering.receipt_counter, signed.hash
    day.last_receipt_date = built.receipt["receiptDate"]
    device.last_global_no = numbering.global_no
    work.session.add_all([row, day, device])
    work.session.flush()
    work.audit("fdms.receipt.issue", "fdms_receipt", f"{device.device_id}/{row.global_no}",
               None, {"day": day.day_no, "counter": row.receipt_counter, "type": row.receipt_type,
                      "currency": row.currency, "total": row.total, "invoice": row.invoice_no,
                      "hash": row.device_hash, "content": row.content_hash,
                      "source": row.source})
    return row


def issue(dev: DeviceSession, draft: ReceiptDraft) -> tuple[FdmsReceipt, bool]:
    """Store a new receipt (queued); (receipt, False). The same ``source`` again: (old, True)."""
    dev.require_valid_certificate()
    with unit_of_work(dev.ctx, "fdms.receipt") as work:
        existing = _existing(work, draft.source)
        if existing is not None:
            return existing, True
        return _store(work, dev, draft), False


# --- send (network) and record (transaction 2) -------------------------------------------------

def _queued(dev: DeviceSession, up_to: int | None) -> list[tuple[int, int, str]]:
    with unit_of_work(dev.ctx, None, write=False) as work:
        query = select(FdmsReceipt.id, FdmsReceipt.global_no, FdmsReceipt.payload).where(
            FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == dev.device_pk,
            FdmsReceipt.status == "queued")
        if up_to is not None:
            query = query.where(FdmsReceipt.global_no <= up_to)
        return [(int(i), int(g), str(p)) for i, g, p in
                work.session.exec(query.order_by(col(FdmsReceipt.global_no))).all()]


def _server_key(dev: DeviceSession, work: Work, thumbprint: str) -> keys.PublicKey | None:
    cache: dict[str, keys.PublicKey] = dev.__dict__.setdefault("_server_keys", {})
    if thumbprint not in cache:
        row = work.session.exec(select(FdmsServerCertificate).where(
            FdmsServerCertificate.tenant_id == work.tenant_id,
            FdmsServerCertificate.thumbprint == thumbprint)).first()
        if row is None:
            return None
        cache[thumbprint] = keys.public_key(keys.load_certificate(row.certificate_pem))
    return cache[thumbprint]


def _fetch_server_certificate(dev: DeviceSession, thumbprint: str) -> None:
    from ledgerctl.fdms.device_service import store_server_certificate

    answer = dev.client.get_server_certificate(thumbprint)
    with unit_of_work(dev.ctx, None) as work:
        store_server_certificate(work.session, work.tenant_id, answer)
        dev.flush(work)


def worst_colour(errors: list[dict[str, Any]]) -> str | None:
    colours = [str(e.get("validationErrorColor")) for e in errors]
    return max(colours, key=lambda c: COLOUR_RANK.get(c, 0)) if colours else None


def _record_answer(dev: DeviceSession, pk: int, global_no: int, device_sig: str,
                   answer: dict[str, Any]) -> bool:
    """Transaction 2: FDMS's answer on the receipt; False when it was already recorded."""
    sig = answer.get("receiptServerSignature") or {}
    thumb = str(sig.get("certificateThumbprint") or "")
    with unit_of_work(dev.ctx, None, write=False) as work:
        known = _server_key(dev, work, thumb) is not None
    if thumb and not known:
        _fetch_server_certificate(dev, thumb)
    errors = list(answer.get("validationErrors") or [])
    with unit_of_work(dev.ctx, None) as work:
        public = _server_key(dev, work, thumb)
        text = protocol.receipt_server_string(device_sig, int(answer["receiptID"]),
                                              str(answer["serverDate"]))
        good = public is not None and keys.verify_text(
            public, text, keys.Signed(str(sig.get("hash")), str(sig.get("signature"))))
        changed = work.session.execute(update(FdmsReceipt).where(
            col(FdmsReceipt.id) == pk, FdmsReceipt.tenant_id == work.tenant_id,
            FdmsReceipt.status == "queued").values(
            status="accepted", receipt_id=int(answer["receiptID"]),
            server_date=str(answer["serverDate"]), server_hash=sig.get("hash"),
            server_signature=sig.get("signature"), server_thumbprint=thumb or None,
            validation_errors=errors, validation_color=worst_colour(errors),
            accepted_at=utcnow(), attempts=FdmsReceipt.attempts + 1, last_error=None,
            last_error_code=None, last_attempt_at=utcnow())).rowcount
        dev.flush(work)
        if changed:
            work.audit("fdms.receipt.accepted", "fdms_receipt", f"{dev.device_id}/{global_no}",
                       None,
                       {"receipt_id": int(answer["receiptID"]), "colour": worst_colour(errors)})
    if not good:
        raise IntegrityProblem(f"FDMS's signature on receipt id {answer['receiptID']} does not "
                               f"verify with its certificate {thumb or '(none)'}; the answer is "
                               "stored — run `ledgerctl fdms audit` and contact ZIMRA support")
    return bool(changed)


def _record_failure(dev: DeviceSession, pk: int, exc: FdmsError) -> None:
    with unit_of_work(dev.ctx, None) as work:
        work.session.execute(update(FdmsReceipt).where(
            col(FdmsReceipt.id) == pk, FdmsReceipt.tenant_id == work.tenant_id).values(
            attempts=FdmsReceipt.attempts + 1, last_error=exc.message[:2000],
            last_error_code=(exc.code or exc.kind)[:30], last_attempt_at=utcnow()))
        dev.flush(work)


def send_queued(dev: DeviceSession, *, up_to: int | None = None) -> SendReport:
    """Send queued receipts oldest first; stop at the first failure (see the module doc)."""
    report = SendReport()
    queue = _queued(dev, up_to)
    for index, (pk, global_no, payload) in enumerate(queue):
        body = ('{"receipt":' + payload + "}").encode("utf-8")
        try:
            answer = dev.client.call("POST", f"/Device/v1/{dev.device_id}/SubmitReceipt",
                                     raw=body)
        except FdmsError as exc:
            _record_failure(dev, pk, exc)
            report.error, report.remaining = exc, len(queue) - index
            return report
        device_sig = wire.loads(payload)["receiptDeviceSignature"]["signature"]
        if _record_answer(dev, pk, global_no, device_sig, answer):
            report.sent += 1
        else:
            report.duplicates += 1
        if worst_colour(list(answer.get("validationErrors") or [])) == "Red":
            report.red.append(global_no)
    return report


# --- the use cases -----------------------------------------------------------------------------

def result_of(dev: DeviceSession, pk: int, *, already: bool = False,
              send_error: str | None = None) -> ReceiptResult:
    with unit_of_work(dev.ctx, None, write=False) as work:
        row = work.session.get(FdmsReceipt, pk)
        device = find_device(work.session, work.tenant_id, dev.device_id)
        assert row is not None and row.tenant_id == work.tenant_id
        return receipt_result(row, device, already=already, send_error=send_error)


def receipt_result(row: FdmsReceipt, device: FdmsDevice, *, already: bool = False,
                   send_error: str | None = None) -> ReceiptResult:
    qr_base = (device.config or {}).get("qrUrl")
    return ReceiptResult(
        device.device_id, row.fiscal_day_no, row.receipt_counter, row.global_no,
        row.receipt_type, row.currency, row.total, row.invoice_no, row.receipt_date,
        row.status, row.receipt_id, list(row.validation_errors or []),
        protocol.qr_url(qr_base, device.device_id, row.receipt_date, row.global_no,
                        row.device_signature) if qr_base else None,
        protocol.grouped_code(protocol.verification_code(row.device_signature)),
        already, send_error)


def submit_with(dev: DeviceSession, draft: ReceiptDraft) -> ReceiptResult:
    """Issue one receipt on an open session and send the queue up to it (online mode)."""
    row, already = issue(dev, draft)
    assert row.id is not None
    if already or _offline(dev):
        return result_of(dev, row.id, already=already)
    report = send_queued(dev, up_to=row.global_no)
    return result_of(dev, row.id, send_error=report.error.message if report.error else None)


def _offline(dev: DeviceSession) -> bool:
    with unit_of_work(dev.ctx, None, write=False) as work:
        device = find_device(work.session, work.tenant_id, dev.device_id)
        return device.operating_mode == "Offline"


def submit_receipt(ctx: AppContext, draft: ReceiptDraft,
                   device_id: int | None = None) -> ReceiptResult:
    """Issue a fiscal receipt from a draft: stored, signed, sent (or queued), answer recorded.

    Never raises for a network problem after the receipt is stored: the result's
    ``send_error`` says why it is still queued (`fdms sync` sends it later).
    """
    with open_session(ctx, "fdms.receipt", device_id) as dev:
        return submit_with(dev, draft)


# --- reading -----------------------------------------------------------------------------------

def list_receipts(ctx: AppContext, device_id: int | None = None, *, day: int | None = None,
                  status: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The newest receipts (oldest first in the result), filtered."""
    from ledgerctl.fdms.settings import load_fdms_settings

    settings = load_fdms_settings(ctx)
    with unit_of_work(ctx, "fdms.read", write=False) as work:
        device = find_device(work.session, work.tenant_id,
                             device_id if device_id is not None else settings.device_id)
        query = select(FdmsReceipt).where(FdmsReceipt.tenant_id == work.tenant_id,
                                          FdmsReceipt.device_pk == device.id)
        if day is not None:
            query = query.where(FdmsReceipt.fiscal_day_no == day)
        if status:
            query = query.where(FdmsReceipt.status == status)
        rows = work.session.exec(query.order_by(col(FdmsReceipt.global_no).desc())
                                 .limit(limit)).all()
        return [{"global_no": r.global_no, "day": r.fiscal_day_no, "counter": r.receipt_counter,
                 "type": r.receipt_type, "date": r.receipt_date, "invoice_no": r.invoice_no,
                 "currency": r.currency, "total": r.total, "status": r.status,
                 "receipt_id": r.receipt_id, "colour": r.validation_color,
                 "last_error": r.last_error_code} for r in reversed(rows)]


def load_receipt(ctx: AppContext, global_no: int, device_id: int | None = None
                 ) -> tuple[ReceiptResult, dict[str, Any], FdmsDevice]:
    """One stored receipt: its summary, its JSON (as sent) and its device."""
    from ledgerctl.fdms.settings import load_fdms_settings

    settings = load_fdms_settings(ctx)
    with unit_of_work(ctx, "fdms.read", write=False) as work:
        device = find_device(work.session, work.tenant_id,
                             device_id if device_id is not None else settings.device_id)
        row = work.session.exec(select(FdmsReceipt).where(
            FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == device.id,
            FdmsReceipt.global_no == global_no)).first()
        if row is None:
            raise NotFound(f"receipt {global_no} of device {device.device_id} is not in the "
                           "local store; see `ledgerctl fdms receipt list`")
        return receipt_result(row, device), wire.loads(row.payload), device
