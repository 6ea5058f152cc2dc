"""``ReceiptDraft``: the plain input every fiscal receipt is built from (pure data).

Whoever issues a receipt — the `fdms receipt submit` command, a JSON file, or another group
such as `pos` turning a sale into a receipt — fills a ``ReceiptDraft`` and hands it to
``ledgerctl.fdms.service.submit_receipt``. The client then numbers, taxes, hashes, signs,
stores and sends it. A draft never carries numbers, dates, taxes amounts or signatures.

Conventions:

- Amounts are ``Decimal`` and written as on an invoice, positive: for a credit note the
  builder makes line amounts and payments negative (FDMS wants negative credit notes).
  A ``Discount`` line is written positive and reduces the receipt.
- A line names its tax by ``tax_id`` (from `fdms config`), or by ``tax_percent``
  (``Decimal("15.5")``), or ``tax_exempt=True``; the tax must be in the device configuration
  and valid on the receipt date. ``tax_code`` is an optional label printed and signed.
- ``unit_price`` × ``quantity`` gives the line total (rounded half-up to cents); give
  ``total`` instead of (or as well as, then it must match) the price.
- ``tax_inclusive`` (default) means prices include tax, as in a shop.
- ``payments`` empty means one Cash payment of the whole total.
- ``source`` is an idempotency key (e.g. ``"pos:S-000123"``): a second draft with the same
  source returns the receipt already issued instead of issuing another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import parse_number

RECEIPT_TYPE_ALIASES = {
    "fiscalinvoice": "FiscalInvoice",
    "invoice": "FiscalInvoice",
    "creditnote": "CreditNote",
    "credit-note": "CreditNote",
    "credit": "CreditNote",
    "debitnote": "DebitNote",
    "debit-note": "DebitNote",
    "debit": "DebitNote",
}


@dataclass(frozen=True)
class DraftLine:
    """One receipt line (a sale, or a discount with ``line_type="Discount"``)."""

    name: str
    quantity: Decimal = Decimal(1)
    unit_price: Decimal | None = None
    total: Decimal | None = None
    tax_id: int | None = None
    tax_percent: Decimal | None = None
    tax_exempt: bool = False
    tax_code: str | None = None
    hs_code: str | None = None
    line_type: str = "Sale"


@dataclass(frozen=True)
class DraftPayment:
    """A payment: ``money_type`` one of Cash, Card, MobileWallet, Coupon, Credit, BankTransfer,
    Other; ``amount`` positive (negated on a credit note)."""

    money_type: str
    amount: Decimal


@dataclass(frozen=True)
class Buyer:
    """The buyer, when the receipt names one (register name and 10-digit TIN required)."""

    register_name: str
    tin: str
    trade_name: str | None = None
    vat_number: str | None = None
    phone: str | None = None
    email: str | None = None
    province: str | None = None
    city: str | None = None
    street: str | None = None
    house_no: str | None = None


@dataclass(frozen=True)
class NoteReference:
    """The earlier receipt a credit or debit note corrects: its receiptGlobalNo on this device
    (``device_id`` defaults to the issuing device)."""

    global_no: int
    device_id: int | None = None


@dataclass(frozen=True)
class ReceiptDraft:
    """Everything needed to issue one fiscal receipt (see the module docstring)."""

    receipt_type: str
    currency: str
    lines: tuple[DraftLine, ...]
    payments: tuple[DraftPayment, ...] = ()
    tax_inclusive: bool = True
    invoice_no: str | None = None
    buyer: Buyer | None = None
    notes: str | None = None
    original: NoteReference | None = None
    expected_total: Decimal | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (Decimals kept), e.g. for audit rows."""
        return asdict(self)


def receipt_type(text: str) -> str:
    """``invoice`` / ``credit-note`` / ``DebitNote``... → the FDMS receipt type."""
    found = RECEIPT_TYPE_ALIASES.get(text.strip().lower().replace("_", "-"))
    found = found or RECEIPT_TYPE_ALIASES.get(text.strip().lower().replace("-", ""))
    if not found:
        raise UsageError(
            f"receipt type {text!r} is unknown; use invoice, credit-note or debit-note"
        )
    return found


# --- drafts from JSON (``fdms receipt submit --from-json FILE``) ----------------------------


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, (bool, float)):
        raise UsageError(f"{where}: write amounts as strings or exact numbers, not {value!r}")
    return parse_number(value if isinstance(value, int | Decimal) else str(value), field=where)


def _opt_decimal(data: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    return None if data.get(key) is None else _decimal(data[key], f"{where}.{key}")


def _known(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise UsageError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def line_from_dict(data: Mapping[str, Any], where: str) -> DraftLine:
    _known(data, {f for f in DraftLine.__dataclass_fields__}, where)
    if not data.get("name"):
        raise UsageError(f"{where}.name: every line needs a name")
    return DraftLine(
        name=str(data["name"]),
        quantity=_decimal(data.get("quantity", 1), f"{where}.quantity"),
        unit_price=_opt_decimal(data, "unit_price", where),
        total=_opt_decimal(data, "total", where),
        tax_id=None if data.get("tax_id") is None else int(data["tax_id"]),
        tax_percent=_opt_decimal(data, "tax_percent", where),
        tax_exempt=bool(data.get("tax_exempt", False)),
        tax_code=data.get("tax_code"),
        hs_code=None if data.get("hs_code") is None else str(data["hs_code"]),
        line_type=str(data.get("line_type", "Sale")),
    )


def draft_from_dict(data: Mapping[str, Any]) -> ReceiptDraft:
    """A draft from plain JSON data (field names as in the dataclasses)."""
    _known(data, {f for f in ReceiptDraft.__dataclass_fields__}, "receipt")
    lines = tuple(line_from_dict(x, f"lines[{i}]") for i, x in enumerate(data.get("lines", [])))
    payments = tuple(
        DraftPayment(
            str(p.get("money_type", "Cash")), _decimal(p.get("amount"), f"payments[{i}].amount")
        )
        for i, p in enumerate(data.get("payments", []))
    )
    buyer, original = data.get("buyer"), data.get("original")
    if buyer:
        _known(buyer, set(Buyer.__dataclass_fields__), "buyer")
    if original:
        _known(original, set(NoteReference.__dataclass_fields__), "original")
    return ReceiptDraft(
        receipt_type=receipt_type(str(data.get("receipt_type", "invoice"))),
        currency=str(data.get("currency", "")),
        lines=lines,
        payments=payments,
        tax_inclusive=bool(data.get("tax_inclusive", True)),
        invoice_no=data.get("invoice_no"),
        buyer=Buyer(**buyer) if buyer else None,
        notes=data.get("notes"),
        original=NoteReference(**original) if original else None,
        expected_total=_opt_decimal(data, "expected_total", "receipt"),
        source=data.get("source"),
    )
