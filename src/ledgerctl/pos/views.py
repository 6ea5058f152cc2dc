"""Read side of sales and returns: listings and one sale in full (lines, taxes, payments).

``sale_view(work, number)`` is what another group (fiscal receipts) reads to describe a sale:
its header, every line with its taxes, the tax totals with their rates, and the tenders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import select

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
from ledgerctl.work import Work


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
        .join(Product, Product.id == SaleLine.product_id)
        .where(  # type: ignore[arg-type]
            SaleLine.tenant_id == t, SaleLine.sale_id == sale.id
        )
        .order_by(SaleLine.line_no)
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
        .order_by(Return.id)
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


def sale_rows(view: SaleView) -> list[dict[str, object]]:
    """A sale as field/value rows for ``pos sale show``."""
    s = view.sale
    rows: list[dict[str, object]] = [
        {"field": "number", "value": s.number},
        {"field": "date", "value": s.sale_date},
        {"field": "branch", "value": view.branch},
        {"field": "kind", "value": s.kind},
        {"field": "customer", "value": view.customer or ""},
        {"field": "prices", "value": f"tax-{s.price_mode}"},
        {"field": "regime", "value": f"{s.regime} ({s.scheme})"},
    ]
    for ln in view.lines:
        taxes = ", ".join(f"{c} {a}" for c, a in ln.taxes.items())
        rows.append(
            {
                "field": f"line {ln.line_no}",
                "value": f"{ln.sku} {ln.quantity} x "
                f"{ln.unit_price} = net {ln.net} + {taxes or 'no tax'} = {ln.gross}",
            }
        )
    rows += [{"field": "net", "value": s.net}]
    rows += [{"field": f"tax {c} ({r})", "value": a} for c, (r, a) in view.taxes.items()]
    rows += [{"field": "gross", "value": s.gross}]
    rows += [{"field": f"paid {t}", "value": a} for t, a, _ in view.payments]
    rows += [
        {"field": "tendered", "value": s.tendered},
        {"field": "change", "value": s.change_given},
        {"field": "cost", "value": s.cost},
        {
            "field": "posting",
            "value": view.posting_status
            + (f" ({view.entry_number})" if view.entry_number else "")
            + (f": {view.posting_error}" if view.posting_error else ""),
        },
        {"field": "returns", "value": ", ".join(view.returns)},
    ]
    return rows


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


def list_sales(
    work: Work,
    *,
    branch: str | None = None,
    start: date | None = None,
    end: date | None = None,
    status: str | None = None,
    limit: int = 200,
) -> list[dict[str, object]]:
    """Sales, newest last; a branch-scoped actor sees their branches only."""
    sites = sites_by_id(work)
    query = (
        select(Sale, PostingJob.status)
        .join(
            PostingJob,
            (PostingJob.doc_id == Sale.id)
            & (PostingJob.doc_type == "sale")  # type: ignore[arg-type]
            & (PostingJob.tenant_id == Sale.tenant_id),
            isouter=True,
        )
        .where(Sale.tenant_id == work.tenant_id)
    )
    query = _filtered(query, Sale, Sale.sale_date, sites, branch_scope(work), branch, start, end)
    if status:
        query = query.where(PostingJob.status == status)
    query = query.order_by(Sale.sale_date.desc(), Sale.id.desc()).limit(limit)  # type: ignore[attr-defined,union-attr]
    rows = [
        {
            "number": s.number,
            "date": s.sale_date,
            "branch": sites[s.location_id].code,
            "kind": s.kind,
            "net": s.net,
            "tax": s.tax_total,
            "gross": s.gross,
            "posting": st or "",
        }
        for s, st in work.session.exec(query).all()
    ]
    return list(reversed(rows))


def list_returns(
    work: Work,
    *,
    branch: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 200,
) -> list[dict[str, object]]:
    """Returns, newest last; a branch-scoped actor sees their branches only."""
    sites = sites_by_id(work)
    query = (
        select(Return, Sale.number)
        .join(Sale, Sale.id == Return.sale_id)
        .where(  # type: ignore[arg-type]
            Return.tenant_id == work.tenant_id
        )
    )
    query = _filtered(
        query, Return, Return.return_date, sites, branch_scope(work), branch, start, end
    )
    query = query.order_by(Return.id.desc()).limit(limit)  # type: ignore[union-attr]
    rows = [
        {
            "number": r.number,
            "date": r.return_date,
            "sale": n,
            "branch": sites[r.location_id].code,
            "net": r.net,
            "tax": r.tax_total,
            "gross": r.gross,
            "reason": r.reason,
        }
        for r, n in work.session.exec(query).all()
    ]
    return list(reversed(rows))
