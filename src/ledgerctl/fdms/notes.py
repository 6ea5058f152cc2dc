"""Credit and debit notes: the invoice they correct (``original_receipt``), and a credit
note without lines made the full credit of its invoice (``full_credit``). Read inside the
issuing transaction (``issue``).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.fdms.domain import protocol, wire
from ledgerctl.fdms.domain.drafts import DraftLine, DraftPayment, ReceiptDraft
from ledgerctl.fdms.domain.receipts import OriginalReceipt
from ledgerctl.fdms.session import DeviceSession
from ledgerctl.fdms.tables import FdmsReceipt

RECEIPTS = FdmsReceipt.__table__  # type: ignore[attr-defined]


def original_receipt(
    session: Session, dev: DeviceSession, draft: ReceiptDraft
) -> OriginalReceipt | None:
    """The fiscal invoice a credit/debit note corrects, with what was credited and debited."""
    if draft.original is None:
        return None
    if (draft.original.device_id or dev.device_id) != dev.device_id:
        raise UsageError(
            "credit/debit notes against another device's receipt are not supported "
            "here; issue the note on that device"
        )
    row = session.execute(
        select(RECEIPTS).where(
            RECEIPTS.c.tenant_id == dev.tenant_id,
            RECEIPTS.c.device_pk == dev.device_pk,
            RECEIPTS.c.global_no == draft.original.global_no,
        )
    ).first()
    if row is None:
        raise NotFound(
            f"receipt {draft.original.global_no} of device {dev.device_id} is not "
            "in the local store; see `ledgerctl fdms receipt list`"
        )
    if row.receipt_type != "FiscalInvoice":
        raise UsageError(
            f"receipt {row.global_no} is a {row.receipt_type}; a note must refer to "
            "a fiscal invoice"
        )
    sums = dict(
        session.execute(
            select(RECEIPTS.c.receipt_type, func.sum(RECEIPTS.c.total))
            .where(
                RECEIPTS.c.tenant_id == dev.tenant_id,
                RECEIPTS.c.device_pk == dev.device_pk,
                RECEIPTS.c.original_global_no == row.global_no,
            )
            .group_by(RECEIPTS.c.receipt_type)
        ).all()
    )
    taxes = frozenset(int(t["taxID"]) for t in wire.loads(row.payload)["receiptTaxes"])
    zero = Decimal("0.00")
    return OriginalReceipt(
        dev.device_id,
        row.global_no,
        row.fiscal_day_no,
        row.currency,
        row.total,
        protocol.parse_fdms_datetime(row.receipt_date),
        taxes,
        credited=sums.get("CreditNote") or zero,
        debited=sums.get("DebitNote") or zero,
    )


def full_credit(
    session: Session, dev: DeviceSession, draft: ReceiptDraft, original: OriginalReceipt
) -> ReceiptDraft:
    """A credit note without lines credits the whole original (if nothing was credited yet)."""
    if original.credited or original.debited:
        raise UsageError(
            f"receipt {original.global_no} was already partly credited or debited; "
            "give the --line(s) to credit"
        )
    payload = wire.loads(
        session.execute(
            select(RECEIPTS.c.payload).where(
                RECEIPTS.c.tenant_id == dev.tenant_id,
                RECEIPTS.c.device_pk == dev.device_pk,
                RECEIPTS.c.global_no == original.global_no,
            )
        ).scalar_one()
    )
    lines = tuple(
        DraftLine(
            name=x["receiptLineName"],
            quantity=Decimal(x["receiptLineQuantity"]),
            unit_price=abs(Decimal(x["receiptLinePrice"])) if "receiptLinePrice" in x else None,
            total=abs(Decimal(x["receiptLineTotal"])),
            tax_id=int(x["taxID"]),
            tax_code=x.get("taxCode"),
            hs_code=x.get("receiptLineHSCode"),
            line_type=x["receiptLineType"],
        )
        for x in payload["receiptLines"]
    )
    payments = draft.payments or tuple(
        DraftPayment(p["moneyTypeCode"], abs(Decimal(p["paymentAmount"])))
        for p in payload["receiptPayments"]
    )
    return replace(
        draft,
        lines=lines,
        payments=payments,
        tax_inclusive=bool(payload["receiptLinesTaxInclusive"]),
    )
