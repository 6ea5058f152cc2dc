"""Read side of sales and returns: listings and one sale in full (lines, taxes, payments).

``sale_view(work, number)`` is what another group (fiscal receipts) reads to describe a sale:
its header, every line with its taxes, the tax totals with their rates, and the tenders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from ledgerctl.pos.lookup import sites_by_id
from ledgerctl.pos.returns import load_sale
from ledgerctl.pos.tables import (
    PostingJob,
    Product,
    Return,
    Sale,
    SaleLine,
    SalePayment,
    SaleTax,
)
from ledgerctl.tenancy.api import Party, branch_scope
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class SaleLineView:
    line_no: int
    sku: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    tax_class: str
    net: Decimal
    taxes: dict[str, Decimal]
    gross: Decimal
    cost: Decimal
    tax_total: Decimal


@dataclass(frozen=True)
class SaleView:
    """A recorded sale in full. ``taxes``: code -> (rate, amount); ``payments``: (tender,
    amount applied, amount tendered)."""

    sale: Sale
    branch: str
    customer: str | None
    lines: tuple[SaleLineView, ...]
    taxes: dict[str, tuple[str, Decimal]]
    payments: tuple[tuple[str, Decimal, Decimal], ...]
    posting_status: str
    posting_error: str
    entry_number: str | None
    returns: tuple[str, ...]


def _posting(work: Work, doc_type: str, doc_id: int) -> PostingJob | None:
    return work.session.exec(
        select(PostingJob).where(
            PostingJob.tenant_id == work.tenant_id,
            PostingJob.doc_type == doc_type,
            PostingJob.doc_id == doc_id,
        )
    ).first()


def sale_view(work: Work, number: str) -> SaleView:
    """Sale ``number`` with lines, taxes, payments, posting status and returns against it."""
    sale = load_sale(work, number)
    t = work.tenant_id
    lines = work.session.exec(
        select(SaleLine, Product)
        .join(Product, Product.id == SaleLine.product_id)  # type: ignore[arg-type]
        .where(SaleLine.tenant_id == t, SaleLine.sale_id == sale.id)
        .order_by(SaleLine.line_no)  # type: ignore[arg-type]
    ).all()
    taxes = work.session.exec(
        select(SaleTax).where(SaleTax.tenant_id == t, SaleTax.sale_id == sale.id)
    ).all()
    pays = work.session.exec(
        select(SalePayment).where(SalePayment.tenant_id == t, SalePayment.sale_id == sale.id)
    ).all()
    returns = work.session.exec(
        select(Return.number)
        .where(Return.tenant_id == t, Return.sale_id == sale.id)
        .order_by(Return.id)  # type: ignore[arg-type]
    ).all()
    customer = work.session.get(Party, sale.customer_id) if sale.customer_id else None
    job = _posting(work, "sale", sale.id)  # type: ignore[arg-type]
    return SaleView(
        sale,
        sites_by_id(work)[sale.location_id].code,
        customer.code if customer else None,
        tuple(
            SaleLineView(
                ln.line_no,
                p.sku,
                p.name,
                ln.quantity,
                ln.unit_price,
                ln.tax_class,
                ln.net,
                {c: Decimal(a) for c, a in ln.taxes.items()},
                ln.gross,
                ln.cost,
                ln.tax_total,
            )
            for ln, p in lines
        ),
        {x.code: (x.rate, x.amount) for x in taxes},
        tuple((p.tender, p.amount, p.tendered) for p in pays),
        job.status if job else "",
        job.error if job else "",
        job.entry_number if job else None,
        tuple(returns),
    )


@dataclass(frozen=True)
class TaxShown:
    code: str
    rate: str
    amount: Decimal


@dataclass(frozen=True)
class PaymentShown:
    tender: str
    amount: Decimal
    tendered: Decimal


@dataclass(frozen=True)
class LineShown:
    line_no: int
    sku: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    tax_class: str
    net: Decimal
    taxes: str
    gross: Decimal


@dataclass(frozen=True)
class SaleShown:
    """``pos sale show``: one sale as one object, its lines, taxes and payments as lists."""

    number: str
    date: date
    branch: str
    kind: str
    customer: str
    prices: str
    regime: str
    net: Decimal
    gross: Decimal
    tendered: Decimal
    change: Decimal
    cost: Decimal
    posting: str
    entry: str
    posting_error: str
    returns: tuple[str, ...]
    lines: tuple[LineShown, ...]
    taxes: tuple[TaxShown, ...]
    payments: tuple[PaymentShown, ...]


def _shown(view: SaleView) -> SaleShown:
    s = view.sale
    lines = tuple(
        LineShown(
            ln.line_no,
            ln.sku,
            ln.name,
            ln.quantity,
            ln.unit_price,
            ln.tax_class,
            ln.net,
            ", ".join(f"{c} {a}" for c, a in ln.taxes.items()),
            ln.gross,
        )
        for ln in view.lines
    )
    return SaleShown(
        s.number,
        s.sale_date,
        view.branch,
        s.kind,
        view.customer or "",
        f"tax-{s.price_mode}",
        f"{s.regime} ({s.scheme})",
        s.net,
        s.gross,
        s.tendered,
        s.change_given,
        s.cost,
        view.posting_status,
        view.entry_number or "",
        view.posting_error,
        view.returns,
        lines,
        tuple(TaxShown(c, r, a) for c, (r, a) in view.taxes.items()),
        tuple(PaymentShown(t, a, d) for t, a, d in view.payments),
    )


@use_case("pos.read", write=False)
def show_sale(work: Work, number: str) -> SaleShown:
    """Sale ``number`` with lines, taxes, payments, posting status and returns against it."""
    return _shown(sale_view(work, number))


def _filtered(
    query: Any,
    model: Any,
    day: Any,
    sites: dict[int, Any],
    scope: Any,
    branch: str | None,
    start: date | None,
    end: date | None,
) -> Any:
    """Branch, branch scope and date filters shared by the sale and return listings."""
    if branch:
        query = query.where(
            model.location_id.in_([i for i, s in sites.items() if s.code == branch.upper()])
        )
    if scope is not None:
        query = query.where(model.branch_id.in_(sorted(scope)))
    if start:
        query = query.where(day >= start)
    if end:
        query = query.where(day <= end)
    return query


@dataclass(frozen=True)
class SaleRow:
    number: str
    date: date
    branch: str
    kind: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    posting: str


@dataclass(frozen=True)
class ReturnRow:
    number: str
    date: date
    sale: str
    branch: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    reason: str


@use_case("pos.read", write=False)
def list_sales(
    work: Work,
    *,
    branch: str | None = None,
    start: date | None = None,
    end: date | None = None,
    status: str | None = None,
    limit: int = 200,
) -> list[SaleRow]:
    """Sales, newest last; a branch-scoped actor sees their branches only."""
    sites = sites_by_id(work)
    query = (
        select(Sale, PostingJob.status)
        .join(
            PostingJob,
            (PostingJob.doc_id == Sale.id)  # type: ignore[arg-type]
            & (PostingJob.doc_type == "sale")
            & (PostingJob.tenant_id == Sale.tenant_id),
            isouter=True,
        )
        .where(Sale.tenant_id == work.tenant_id)
    )
    query = _filtered(query, Sale, Sale.sale_date, sites, branch_scope(work), branch, start, end)
    if status:
        query = query.where(PostingJob.status == status)
    query = query.order_by(col(Sale.sale_date).desc(), col(Sale.id).desc()).limit(limit)
    rows = [
        SaleRow(
            s.number,
            s.sale_date,
            sites[s.location_id].code,
            s.kind,
            s.net,
            s.tax_total,
            s.gross,
            st or "",
        )
        for s, st in work.session.exec(query).all()
    ]
    return list(reversed(rows))


@use_case("pos.read", write=False)
def list_returns(
    work: Work,
    *,
    branch: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 200,
) -> list[ReturnRow]:
    """Returns, newest last; a branch-scoped actor sees their branches only."""
    sites = sites_by_id(work)
    query = (
        select(Return, Sale.number)
        .join(Sale, Sale.id == Return.sale_id)  # type: ignore[arg-type]
        .where(Return.tenant_id == work.tenant_id)
    )
    query = _filtered(
        query, Return, Return.return_date, sites, branch_scope(work), branch, start, end
    )
    query = query.order_by(col(Return.id).desc()).limit(limit)
    rows = [
        ReturnRow(
            r.number,
            r.return_date,
            n,
            sites[r.location_id].code,
            r.net,
            r.tax_total,
            r.gross,
            r.reason,
        )
        for r, n in work.session.exec(query).all()
    ]
    return list(reversed(rows))
