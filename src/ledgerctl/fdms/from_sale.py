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

from sqlmodel import select

from ledgerctl.context import AppContext
from ledgerctl.core.errors import UsageError
from ledgerctl.fdms.cli_parse import TaxChoice, tax_choice
from ledgerctl.fdms.drafts import DraftLine, DraftPayment, ReceiptDraft

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


def _line_tax(net: Decimal, tax: Decimal, choice: TaxChoice | None) -> dict[str, object]:
    if choice is not None:
        return {"tax_id": choice.tax_id, "tax_percent": choice.percent, "tax_exempt": choice.exempt}
    if not net:
        return {"tax_percent": Decimal("0")}
    return {"tax_percent": (tax * 100 / net).quantize(Decimal("0.01"))}


def sale_draft(
    ctx: AppContext, number: str, tax_map: dict[str, TaxChoice], hs_code: str | None = None
) -> ReceiptDraft:
    """Read sale ``number`` (pos.read, branch scope applies) and fill a ReceiptDraft."""
    from ledgerctl.pos.api import Product, SaleLine, SalePayment, load_sale
    from ledgerctl.work import unit_of_work

    with unit_of_work(ctx, "pos.read", write=False) as work:
        sale = load_sale(work, number)
        rows = work.session.exec(
            select(SaleLine, Product.name)
            .join(Product, Product.id == SaleLine.product_id)
            .where(SaleLine.tenant_id == work.tenant_id, SaleLine.sale_id == sale.id)
            .order_by(SaleLine.line_no)
        ).all()  # type: ignore[arg-type]
        pays = work.session.exec(
            select(SalePayment).where(
                SalePayment.tenant_id == work.tenant_id, SalePayment.sale_id == sale.id
            )
        ).all()
        currency = work.tenant.base_currency
        lines = tuple(
            DraftLine(
                name=name,
                quantity=line.quantity,
                total=line.gross,
                hs_code=hs_code,
                **_line_tax(
                    line.net,
                    line.tax_total,  # type: ignore[arg-type]
                    tax_map.get(line.tax_class.lower()),
                ),
            )
            for line, name in rows
        )
        payments = tuple(
            DraftPayment(TENDER_TYPES.get(p.tender, "Other"), p.amount) for p in pays if p.amount
        )
        return ReceiptDraft(
            receipt_type="FiscalInvoice",
            currency=currency,
            lines=lines,
            payments=payments,
            tax_inclusive=True,
            invoice_no=sale.number,
            expected_total=sale.gross,
            source=f"pos:{sale.number}",
        )


def submit_from_sale(
    ctx: AppContext,
    number: str,
    tax_items: list[str],
    hs_code: str | None = None,
    device_id: int | None = None,
):  # type: ignore[no-untyped-def]
    """`fdms receipt from-sale`: the sale's draft, issued like any other receipt."""
    from ledgerctl.fdms import receipt_service

    draft = sale_draft(ctx, number, parse_tax_map(tax_items), hs_code)
    return draft, receipt_service.submit_receipt(ctx, draft, device_id)
