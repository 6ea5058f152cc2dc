"""``sale_document``: a recorded sale as other groups read it (fiscal receipts): its lines
with their taxes, the tax totals with their rates, and the tenders. Frozen values only, so
no pos table crosses the group boundary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerctl.pos.views import sale_view
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class DocumentLine:
    """One sale line: product, quantity, unit price, net, tax (sum) and tax-inclusive total."""

    line_no: int
    sku: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    tax_class: str
    net: Decimal
    tax: Decimal
    gross: Decimal


@dataclass(frozen=True)
class DocumentTax:
    code: str
    rate: str
    amount: Decimal


@dataclass(frozen=True)
class DocumentTender:
    """A tender of the sale: what was applied to it, and what was handed over."""

    tender: str
    amount: Decimal
    tendered: Decimal


@dataclass(frozen=True)
class SaleDocument:
    number: str
    date: date
    branch: str
    kind: str
    customer: str | None
    currency: str
    net: Decimal
    gross: Decimal
    lines: tuple[DocumentLine, ...]
    taxes: tuple[DocumentTax, ...]
    tenders: tuple[DocumentTender, ...]


@use_case("pos.read", write=False)
def sale_document(work: Work, number: str) -> SaleDocument:
    """Sale ``number`` (exit 3 if unknown, 7 outside the actor's branches) as a document."""
    view = sale_view(work, number)
    s = view.sale
    return SaleDocument(
        s.number,
        s.sale_date,
        view.branch,
        s.kind,
        view.customer,
        work.tenant.base_currency,
        s.net,
        s.gross,
        tuple(
            DocumentLine(
                ln.line_no,
                ln.sku,
                ln.name,
                ln.quantity,
                ln.unit_price,
                ln.tax_class,
                ln.net,
                ln.tax_total,
                ln.gross,
            )
            for ln in view.lines
        ),
        tuple(DocumentTax(c, r, a) for c, (r, a) in view.taxes.items()),
        tuple(DocumentTender(t, a, d) for t, a, d in view.payments),
    )
