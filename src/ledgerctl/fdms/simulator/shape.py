"""The 400 check of the simulated FDMS: a SubmitReceipt body's fields, types and decimals
(money and percentages at most 2 decimals as written, price and quantity at most 6)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ledgerctl.fdms.domain import protocol


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _places_ok(value: Any, places: int) -> bool:
    """As written: ``15.500`` has 3 places even though it equals 15.5 (FDMS refuses it)."""
    if not _is_num(value):
        return False
    exponent = Decimal(value).as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -places


@dataclass
class Shape:
    """Collects 400 errors as {json path: [messages]}."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, path: str, text: str) -> None:
        self.errors.setdefault(path, []).append(text)

    def need(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        check: Callable[[Any], bool],
        text: str,
        optional: bool = False,
    ) -> None:
        if key not in data or data[key] is None:
            if not optional:
                self.add(f"{path}.{key}", "The field is required.")
        elif not check(data[key]):
            self.add(f"{path}.{key}", text)


def _money(places: int = 2) -> Callable[[Any], bool]:
    return lambda v: _places_ok(v, places)


def _date_ok(value: Any) -> bool:
    try:
        protocol.parse_fdms_datetime(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _shape_lines(shape: Shape, lines: Sequence[Any]) -> None:
    for i, line in enumerate(lines):
        p = f"receipt.receiptLines[{i}]"
        if not isinstance(line, dict):
            shape.add(p, "must be an object")
            continue
        shape.need(
            line,
            "receiptLineType",
            p,
            lambda v: v in ("Sale", "Discount"),
            "must be Sale or Discount",
        )
        shape.need(line, "receiptLineNo", p, lambda v: isinstance(v, int), "must be an integer")
        shape.need(
            line, "receiptLineName", p, lambda v: isinstance(v, str) and v != "", "must be text"
        )
        shape.need(line, "receiptLinePrice", p, _money(6), "at most 6 decimals", optional=True)
        shape.need(line, "receiptLineQuantity", p, _money(6), "at most 6 decimals")
        shape.need(line, "receiptLineTotal", p, _money(), "at most 2 decimals")
        shape.need(line, "taxPercent", p, _money(), "at most 2 decimals", optional=True)
        shape.need(line, "taxID", p, lambda v: isinstance(v, int), "must be an integer")


def _shape_taxes_payments(shape: Shape, receipt: Mapping[str, Any]) -> None:
    for i, tax in enumerate(receipt.get("receiptTaxes") or []):
        p = f"receipt.receiptTaxes[{i}]"
        if not isinstance(tax, dict):
            shape.add(p, "must be an object")
            continue
        shape.need(tax, "taxPercent", p, _money(), "at most 2 decimals", optional=True)
        shape.need(tax, "taxID", p, lambda v: isinstance(v, int), "must be an integer")
        shape.need(tax, "taxAmount", p, _money(), "at most 2 decimals")
        shape.need(tax, "salesAmountWithTax", p, _money(), "at most 2 decimals")
    for i, pay in enumerate(receipt.get("receiptPayments") or []):
        p = f"receipt.receiptPayments[{i}]"
        if not isinstance(pay, dict):
            shape.add(p, "must be an object")
            continue
        shape.need(
            pay, "moneyTypeCode", p, lambda v: v in protocol.MONEY_TYPES, "unknown money type"
        )
        shape.need(pay, "paymentAmount", p, _money(), "at most 2 decimals")


def shape_errors(body: Any) -> dict[str, list[str]]:
    """400 errors of a SubmitReceipt body (empty when well formed)."""
    shape = Shape()
    receipt = body.get("receipt") if isinstance(body, dict) else None
    if not isinstance(receipt, dict):
        shape.add("receipt", "The receipt field is required.")
        return shape.errors
    r, p = receipt, "receipt"
    shape.need(r, "receiptType", p, lambda v: v in protocol.RECEIPT_TYPES, "unknown type")
    shape.need(
        r,
        "receiptCurrency",
        p,
        lambda v: isinstance(v, str) and len(v) == 3,
        "must be a 3-letter code",
    )
    shape.need(r, "receiptCounter", p, lambda v: isinstance(v, int) and v > 0, "must be > 0")
    shape.need(r, "receiptGlobalNo", p, lambda v: isinstance(v, int) and v > 0, "must be > 0")
    shape.need(
        r,
        "invoiceNo",
        p,
        lambda v: isinstance(v, str) and 0 < len(v) <= 50,
        "must be 1 to 50 characters",
    )
    shape.need(r, "receiptDate", p, _date_ok, "must be yyyy-MM-ddTHH:mm:ss")
    shape.need(r, "receiptLinesTaxInclusive", p, lambda v: isinstance(v, bool), "must be bool")
    for key in ("receiptLines", "receiptTaxes", "receiptPayments"):
        shape.need(r, key, p, lambda v: isinstance(v, list), "must be a list")
    shape.need(r, "receiptTotal", p, _money(), "at most 2 decimals")
    shape.need(
        r,
        "receiptDeviceSignature",
        p,
        lambda v: (
            isinstance(v, dict)
            and isinstance(v.get("hash"), str)
            and isinstance(v.get("signature"), str)
        ),
        "hash and signature are required",
    )
    if not shape.errors:
        _shape_lines(shape, r["receiptLines"])
        _shape_taxes_payments(shape, r)
    return shape.errors
