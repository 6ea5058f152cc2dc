"""`fdms receipt from-sale SALE`: a `pos` sale of the same tenant as a fiscal receipt.

One receipt line per sale line (product name, quantity, the line's tax-inclusive total). The
line's tax is named by its effective percentage (line tax ÷ line net, to 2 decimals, the way
FDMS lists taxes) unless ``--tax CLASS=TAX`` maps the pos tax class to a device tax
(``15.5``, ``exempt`` or ``id:N``). Tenders become FDMS money types (``TENDER_TYPES``). The
sale number is the invoice number and ``pos:<number>`` the idempotency key, so asking again
returns the receipt already issued instead of issuing a second one. A VAT-registered
taxpayer's receipt needs an HS code on every line: ``--hs-code`` gives the one for the sale.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ledgerctl.context import AppContext
from ledgerctl.core.errors import UsageError
from ledgerctl.fdms.domain.drafts import DraftLine, DraftPayment, ReceiptDraft
from ledgerctl.fdms.inputs import TaxChoice, tax_choice

if TYPE_CHECKING:
    from ledgerctl.fdms.receipt import ReceiptResult

TENDER_TYPES = {
    "cash": "Cash",
    "card": "Card",
    "momo": "MobileWallet",
    "account": "Credit",
    "bank": "BankTransfer",
    "deposit": "Other",
}


def parse_tax_map(items: list[str]) -> dict[str, TaxChoice]:
    """``CLASS=TAX`` options → pos tax class → device tax."""
    found: dict[str, TaxChoice] = {}
    for no, item in enumerate(items, 1):
        cls, sep, tax = item.partition("=")
        if not sep or not cls.strip():
            raise UsageError(
                f"--tax {no}: {item!r} — write CLASS=TAX, e.g. standard=15.5, "
                "exempt=exempt or standard=id:517"
            )
        found[cls.strip().lower()] = tax_choice(tax, f"--tax {no}")
    return found


def _line_tax(net: Decimal, tax: Decimal, choice: TaxChoice | None) -> TaxChoice:
    """The mapped device tax, else the line's effective percentage (0 for a zero net)."""
    if choice is not None:
        return choice
    if not net:
        return TaxChoice(percent=Decimal("0"))
    return TaxChoice(percent=(tax * 100 / net).quantize(Decimal("0.01")))


def sale_draft(
    ctx: AppContext, number: str, tax_map: dict[str, TaxChoice], hs_code: str | None = None
) -> ReceiptDraft:
    """Read sale ``number`` (pos.read, branch scope applies) and fill a ReceiptDraft."""
    from ledgerctl.pos.api import sale_document

    doc = sale_document.run(ctx, number)
    lines = []
    for line in doc.lines:
        tax = _line_tax(line.net, line.tax, tax_map.get(line.tax_class.lower()))
        lines.append(
            DraftLine(
                name=line.name,
                quantity=line.quantity,
                total=line.gross,
                tax_id=tax.tax_id,
                tax_percent=tax.percent,
                tax_exempt=tax.exempt,
                hs_code=hs_code,
            )
        )
    payments = tuple(
        DraftPayment(TENDER_TYPES.get(p.tender, "Other"), p.amount) for p in doc.tenders if p.amount
    )
    return ReceiptDraft(
        receipt_type="FiscalInvoice",
        currency=doc.currency,
        lines=tuple(lines),
        payments=payments,
        tax_inclusive=True,
        invoice_no=doc.number,
        expected_total=doc.gross,
        source=f"pos:{doc.number}",
    )


def submit_from_sale(
    ctx: AppContext,
    number: str,
    tax_items: list[str],
    hs_code: str | None = None,
    device_id: int | None = None,
) -> tuple[ReceiptDraft, ReceiptResult]:
    """`fdms receipt from-sale`: the sale's draft, issued like any other receipt."""
    from ledgerctl.fdms.receipt import submit_receipt

    draft = sale_draft(ctx, number, parse_tax_map(tax_items), hs_code)
    return draft, submit_receipt(ctx, draft, device_id)
