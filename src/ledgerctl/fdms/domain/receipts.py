"""Build the FDMS receipt JSON from a ``ReceiptDraft`` (pure: no DB, no network).

``build_receipt`` checks the draft against the rules FDMS validates (so the operator gets a
clear error before anything is stored), applies the sign of the receipt type, computes line
totals and the taxes per group with the spec's rounding, and returns the receipt object in
the order FDMS documents it, plus the exact string to hash and sign.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from ledgerctl.core.errors import UsageError
from ledgerctl.fdms.domain.drafts import Buyer, DraftLine, DraftPayment, ReceiptDraft
from ledgerctl.fdms.domain.protocol import MONEY_TYPES, RECEIPT_TYPES, fdms_datetime, receipt_string
from ledgerctl.fdms.domain.taxes import ApplicableTax, line_total, resolve_tax, tax_amounts

ZERO = Decimal("0.00")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_HS_CODE = re.compile(r"^(\d{4}|\d{8})$")
_TIN = re.compile(r"^\d{10}$")
MAX_NOTE_AGE = timedelta(days=365)


@dataclass(frozen=True)
class Numbering:
    """What the device assigns to the next receipt."""

    device_id: int
    fiscal_day_no: int
    receipt_counter: int
    global_no: int
    receipt_date: datetime
    previous_hash: str | None


@dataclass(frozen=True)
class OriginalReceipt:
    """The receipt a credit/debit note refers to, with what was credited/debited so far."""

    device_id: int
    global_no: int
    fiscal_day_no: int
    currency: str
    total: Decimal
    receipt_date: datetime
    tax_ids: frozenset[int]
    credited: Decimal = ZERO
    debited: Decimal = ZERO


@dataclass(frozen=True)
class BuiltReceipt:
    """The receipt object (no signature yet) and the string to hash and sign."""

    receipt: dict[str, Any]
    string: str
    total: Decimal


def _places(value: Decimal, places: int) -> bool:
    return value == value.quantize(Decimal(1).scaleb(-places))


def _check_amount(value: Decimal, where: str, places: int = 2) -> Decimal:
    if not value.is_finite() or not _places(value, places):
        raise UsageError(f"{where}: {value} has more than {places} decimal places")
    if value < 0:
        raise UsageError(
            f"{where}: write {value} as a positive amount (the receipt type gives "
            "the sign; use a Discount line for a discount)"
        )
    return value


def _line_amount(line: DraftLine, where: str) -> Decimal:
    if line.quantity <= 0:
        raise UsageError(f"{where}: quantity must be more than 0, not {line.quantity}")
    if not _places(line.quantity, 6):
        raise UsageError(f"{where}: quantity {line.quantity} has more than 6 decimal places")
    price = None if line.unit_price is None else _check_amount(line.unit_price, f"{where} price", 6)
    total = None if line.total is None else _check_amount(line.total, f"{where} total")
    if price is None and total is None:
        raise UsageError(f"{where}: give a unit price or a line total")
    if price is not None:
        computed = line_total(price, line.quantity)
        if total is not None and total != computed:
            raise UsageError(
                f"{where}: total {total} is not price {price} × quantity "
                f"{line.quantity} = {computed}"
            )
        return computed
    assert total is not None
    return total


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _percent(tax: ApplicableTax) -> Decimal | None:
    return None if tax.percent is None else tax.percent.quantize(Decimal("0.01"))


def _hs_code(line: DraftLine, where: str, vat_registered: bool, default: str | None) -> str | None:
    code = line.hs_code or (default if vat_registered else None)
    if code is None:
        if vat_registered:
            raise UsageError(
                f"{where}: an HS code (4 or 8 digits) is required on every line of a "
                "VAT-registered taxpayer's receipt"
            )
        return None
    if not _HS_CODE.match(code):
        raise UsageError(f"{where}: HS code {code!r} must be 4 or 8 digits")
    return code


def _build_lines(
    draft: ReceiptDraft,
    taxes: Sequence[ApplicableTax],
    when: datetime,
    sign: int,
    vat_registered: bool,
    default_hs: str | None,
) -> tuple[
    list[dict[str, Any]], dict[tuple[int, str], Decimal], dict[tuple[int, str], ApplicableTax]
]:
    out: list[dict[str, Any]] = []
    sums: dict[tuple[int, str], Decimal] = {}
    group_tax: dict[tuple[int, str], ApplicableTax] = {}
    for no, line in enumerate(draft.lines, start=1):
        where = f"line {no} ({line.name})" if line.name else f"line {no}"
        if not line.name.strip():
            raise UsageError(f"{where}: every line needs a name")
        if line.line_type not in ("Sale", "Discount"):
            raise UsageError(f"{where}: line type {line.line_type!r} must be Sale or Discount")
        amount = _line_amount(line, where)
        tax = resolve_tax(
            taxes,
            when.date(),
            where=where,
            tax_id=line.tax_id,
            percent=line.tax_percent,
            exempt=line.tax_exempt,
        )
        if not vat_registered and tax.percent is not None:
            raise UsageError(
                f"{where}: {tax.describe()} is a VAT tax and this taxpayer is not "
                "VAT-registered; use an exempt tax"
            )
        hs = _hs_code(line, where, vat_registered, default_hs)
        line_sign = sign * (-1 if line.line_type == "Discount" else 1)
        item: dict[str, Any] = {"receiptLineType": line.line_type, "receiptLineNo": no}
        if hs:
            item["receiptLineHSCode"] = hs
        item["receiptLineName"] = line.name.strip()
        if line.unit_price is not None:
            item["receiptLinePrice"] = line_sign * line.unit_price
        item["receiptLineQuantity"] = line.quantity
        item["receiptLineTotal"] = _money(line_sign * amount)
        if line.tax_code:
            item["taxCode"] = line.tax_code
        if tax.percent is not None:
            item["taxPercent"] = _percent(tax)
        item["taxID"] = tax.tax_id
        out.append(item)
        key = (tax.tax_id, line.tax_code or "")
        sums[key] = sums.get(key, ZERO) + item["receiptLineTotal"]
        group_tax[key] = tax
    return out, sums, group_tax


def _build_taxes(
    sums: dict[tuple[int, str], Decimal],
    group_tax: dict[tuple[int, str], ApplicableTax],
    inclusive: bool,
) -> list[dict[str, Any]]:
    out = []
    for key in sorted(sums):
        tax = group_tax[key]
        amount, sales = tax_amounts(sums[key], tax.percent, inclusive)
        item: dict[str, Any] = {}
        if key[1]:
            item["taxCode"] = key[1]
        if tax.percent is not None:
            item["taxPercent"] = _percent(tax)
        item.update(taxID=tax.tax_id, taxAmount=_money(amount), salesAmountWithTax=_money(sales))
        out.append(item)
    return out


def _build_payments(
    payments: Sequence[DraftPayment], total: Decimal, sign: int
) -> list[dict[str, Any]]:
    if not payments:
        return [{"moneyTypeCode": "Cash", "paymentAmount": total}]
    out: list[dict[str, Any]] = []
    paid = ZERO
    for i, p in enumerate(payments, start=1):
        kind = next((m for m in MONEY_TYPES if m.lower() == p.money_type.strip().lower()), None)
        if kind is None:
            raise UsageError(
                f"payment {i}: money type {p.money_type!r} is unknown; use one of "
                f"{', '.join(MONEY_TYPES)}"
            )
        amount = _check_amount(p.amount, f"payment {i} ({kind})")
        signed = _money(sign * amount)
        out.append({"moneyTypeCode": kind, "paymentAmount": signed})
        paid += signed
    if paid != total:
        raise UsageError(
            f"payments add up to {abs(paid)} but the receipt total is {abs(total)}; "
            "make the payments match the total"
        )
    return out


def _buyer(buyer: Buyer) -> dict[str, Any]:
    if not buyer.register_name.strip():
        raise UsageError("buyer: the buyer's register name is required when buyer data is given")
    if not _TIN.match(buyer.tin or ""):
        raise UsageError(f"buyer: TIN {buyer.tin!r} must be the buyer's 10-digit TIN")
    data: dict[str, Any] = {"buyerRegisterName": buyer.register_name.strip()}
    if buyer.trade_name:
        data["buyerTradeName"] = buyer.trade_name
    if buyer.vat_number:
        data["vatNumber"] = buyer.vat_number
    data["buyerTIN"] = buyer.tin
    contacts = {k: v for k, v in (("phoneNo", buyer.phone), ("email", buyer.email)) if v}
    if contacts:
        data["buyerContacts"] = contacts
    address = {
        k: v
        for k, v in (
            ("province", buyer.province),
            ("city", buyer.city),
            ("street", buyer.street),
            ("houseNo", buyer.house_no),
        )
        if v
    }
    if address:
        data["buyerAddress"] = address
    return data


def _check_note(
    draft: ReceiptDraft,
    original: OriginalReceipt | None,
    currency: str,
    total: Decimal,
    tax_ids: set[int],
    when: datetime,
) -> None:
    kind = "credit note" if draft.receipt_type == "CreditNote" else "debit note"
    if original is None:
        raise UsageError(f"a {kind} must name the receipt it corrects (--original GLOBAL_NO)")
    if not (draft.notes or "").strip():
        raise UsageError(f"a {kind} needs notes saying why (--notes TEXT)")
    if original.currency != currency:
        raise UsageError(
            f"the {kind} is in {currency} but receipt {original.global_no} is in "
            f"{original.currency}; use {original.currency}"
        )
    if when - original.receipt_date > MAX_NOTE_AGE:
        raise UsageError(
            f"receipt {original.global_no} is older than 12 months; FDMS refuses "
            f"a {kind} against it"
        )
    extra = sorted(tax_ids - original.tax_ids)
    if extra:
        raise UsageError(
            f"the {kind} uses tax id(s) {extra} that receipt {original.global_no} "
            "does not have; use only the original's taxes"
        )
    if draft.receipt_type == "CreditNote":
        room = original.total + original.credited + original.debited
        if -total > room:
            raise UsageError(
                f"the credit note ({-total}) is more than what is left to credit on "
                f"receipt {original.global_no} ({room})"
            )


def _note_reference(original: OriginalReceipt) -> dict[str, Any]:
    return {
        "deviceID": original.device_id,
        "receiptGlobalNo": original.global_no,
        "fiscalDayNo": original.fiscal_day_no,
    }


def check_header(draft: ReceiptDraft) -> tuple[str, int]:
    """Receipt type, currency and lines present; returns (currency, sign)."""
    if draft.receipt_type not in RECEIPT_TYPES:
        raise UsageError(
            f"receipt type {draft.receipt_type!r} must be one of {', '.join(RECEIPT_TYPES)}"
        )
    currency = draft.currency.strip().upper()
    if not _CURRENCY.match(currency):
        raise UsageError(f"currency {draft.currency!r} is not a 3-letter ISO code (e.g. USD, ZWG)")
    if not draft.lines:
        raise UsageError("a receipt needs at least one line (--line) or a --total")
    return currency, -1 if draft.receipt_type == "CreditNote" else 1


def default_invoice_no(device_id: int, global_no: int) -> str:
    return f"{device_id}-{global_no:08d}"


def build_receipt(
    draft: ReceiptDraft,
    taxes: Sequence[ApplicableTax],
    numbering: Numbering,
    *,
    vat_registered: bool,
    original: OriginalReceipt | None = None,
    default_hs_code: str | None = None,
) -> BuiltReceipt:
    """The FDMS receipt for ``draft`` with the device's numbering (see the module docstring)."""
    currency, sign = check_header(draft)
    when = numbering.receipt_date
    lines, sums, group_tax = _build_lines(draft, taxes, when, sign, vat_registered, default_hs_code)
    receipt_taxes = _build_taxes(sums, group_tax, draft.tax_inclusive)
    total = sum((t["salesAmountWithTax"] for t in receipt_taxes), ZERO)
    if (total < 0 < sign) or (total > 0 > sign):
        raise UsageError(
            f"the receipt total {total} has the wrong sign for a "
            f"{draft.receipt_type}; check the discounts"
        )
    if draft.expected_total is not None and sign * draft.expected_total != total:
        raise UsageError(
            f"total {draft.expected_total} does not match the lines: they come to "
            f"{abs(total)} with taxes; fix the lines or the --total"
        )
    payments = _build_payments(draft.payments, total, sign)
    if draft.receipt_type != "FiscalInvoice":
        _check_note(draft, original, currency, total, set(t["taxID"] for t in receipt_taxes), when)
    invoice_no = (draft.invoice_no or "").strip() or default_invoice_no(
        numbering.device_id, numbering.global_no
    )
    if len(invoice_no) > 50:
        raise UsageError(f"invoice number {invoice_no[:20]}... is longer than 50 characters")
    receipt: dict[str, Any] = {
        "receiptType": draft.receipt_type,
        "receiptCurrency": currency,
        "receiptCounter": numbering.receipt_counter,
        "receiptGlobalNo": numbering.global_no,
        "invoiceNo": invoice_no,
    }
    if draft.buyer is not None:
        receipt["buyerData"] = _buyer(draft.buyer)
    if draft.notes:
        receipt["receiptNotes"] = draft.notes.strip()
    receipt["receiptDate"] = fdms_datetime(when)
    if original is not None and draft.receipt_type != "FiscalInvoice":
        receipt["creditDebitNote"] = _note_reference(original)
    receipt.update(
        receiptLinesTaxInclusive=draft.tax_inclusive,
        receiptLines=lines,
        receiptTaxes=receipt_taxes,
        receiptPayments=payments,
        receiptTotal=total,
    )
    string = receipt_string(numbering.device_id, receipt, numbering.previous_hash)
    return BuiltReceipt(receipt, string, total)
