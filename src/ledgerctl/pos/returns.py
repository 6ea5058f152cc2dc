"""Returns against an original sale (inside a Work): partial allowed, never more than sold.

Each returned line takes its share of what the customer paid for the sale line (gross), of
each of its taxes and of its cost, with cumulative rounding (``costing.share``); its net is
the gross share less the tax shares. The sale's own regime and rounding are reversed, not
recomputed, and returning everything in several goes gives back exactly what was charged.
Stock comes back at the original cost; the refund goes out by tender (or to the customer's
account). Number: ``<BRANCH>-RET-2026-000001``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, insert
from sqlmodel import col, select

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.core.money import format_money
from ledgerctl.pos import entries
from ledgerctl.pos.domain.costing import share
from ledgerctl.pos.domain.tender import NEEDS_CUSTOMER
from ledgerctl.pos.lookup import Site, default_site, sites_by_id
from ledgerctl.pos.periods import refuse_closed
from ledgerctl.pos.posting import DocRef, build, post_documents
from ledgerctl.pos.rules import account_map
from ledgerctl.pos.stockbook import Move, StockBook
from ledgerctl.pos.tables import (
    Product,
    Return,
    ReturnLine,
    ReturnRefund,
    ReturnTax,
    Sale,
    SaleLine,
    SalePayment,
)
from ledgerctl.sequences.api import allocate
from ledgerctl.tenancy.api import require_branch
from ledgerctl.work import Work, use_case

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReturnLineDraft:
    sku: str
    quantity: Decimal


@dataclass(frozen=True)
class ReturnRecorded:
    """A return recorded: its number and totals (cost: back into stock)."""

    number: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    cost: Decimal


@dataclass
class _Part:
    line: SaleLine
    product: Product
    quantity: Decimal
    net: Decimal
    taxes: dict[str, Decimal]
    cost: Decimal

    @property
    def tax_total(self) -> Decimal:
        return sum(self.taxes.values(), ZERO)

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax_total


def load_sale(work: Work, number: str) -> Sale:
    """The tenant's sale ``number`` (exit 3 if none; exit 7 outside the actor's branches)."""
    sale = work.session.exec(
        select(Sale).where(Sale.tenant_id == work.tenant_id, Sale.number == number)
    ).first()
    if sale is None:
        raise NotFound(f"sale {number} not found; see `ledgerctl pos sale list`")
    require_branch(work, sites_by_id(work)[sale.location_id].branch)
    return sale


def _returned_before(work: Work, line_ids: list[int]) -> dict[int, Decimal]:
    rows = work.session.exec(
        select(ReturnLine.sale_line_id, func.sum(ReturnLine.quantity))
        .where(ReturnLine.tenant_id == work.tenant_id, col(ReturnLine.sale_line_id).in_(line_ids))
        .group_by(ReturnLine.sale_line_id)  # type: ignore[arg-type]
    ).all()
    return {lid: qty for lid, qty in rows}


def _split(line: SaleLine, product: Product, qty: Decimal, before: Decimal) -> _Part:
    """The returned units' share of what was paid (gross) and of each tax; net is the rest,
    so a refund is exactly the customer's share of the price and all returns of a line add
    up to the line."""
    taxes = {
        code: share(Decimal(amount), qty, line.quantity, before)
        for code, amount in line.taxes.items()
    }
    gross = share(line.gross, qty, line.quantity, before)
    return _Part(
        line,
        product,
        qty,
        gross - sum(taxes.values(), ZERO),
        taxes,
        share(line.cost, qty, line.quantity, before),
    )


def _parts(work: Work, sale: Sale, wanted: Sequence[ReturnLineDraft] | None) -> list[_Part]:
    rows = work.session.exec(
        select(SaleLine, Product)
        .join(Product, Product.id == SaleLine.product_id)  # type: ignore[arg-type]
        .where(SaleLine.tenant_id == work.tenant_id, SaleLine.sale_id == sale.id)
        .order_by(SaleLine.line_no)  # type: ignore[arg-type]
    ).all()
    before = _returned_before(work, [ln.id for ln, _ in rows])  # type: ignore[misc]
    left = {ln.id: ln.quantity - before.get(ln.id, Decimal(0)) for ln, _ in rows}  # type: ignore[arg-type]
    if wanted is None:
        wanted = [ReturnLineDraft(p.sku, left[ln.id]) for ln, p in rows if left[ln.id] > 0]
        if not wanted:
            raise Conflict(f"everything sold on {sale.number} was returned already")
    parts = []
    for item in wanted:
        if item.quantity <= 0 or item.quantity != item.quantity.quantize(Decimal("0.001")):
            raise UsageError(
                f"returned quantity of {item.sku} must be positive with at most 3 decimals"
            )
        matching = [(ln, p) for ln, p in rows if p.sku == item.sku]
        if not matching:
            raise UsageError(
                f"{item.sku} is not on sale {sale.number}; see "
                f"`ledgerctl pos sale show {sale.number}`"
            )
        need = item.quantity
        for ln, p in matching:
            take = min(need, left[ln.id])
            if take > 0:
                parts.append(_split(ln, p, take, ln.quantity - left[ln.id]))
                left[ln.id] -= take
                need -= take
        if need > 0:
            sold = sum((ln.quantity for ln, _ in matching), Decimal(0))
            raise Conflict(
                f"cannot return {item.quantity} of {item.sku} on {sale.number}: "
                f"{sold} sold, only {item.quantity - need} not yet returned"
            )
    return parts


def _refunds(
    work: Work, sale: Sale, gross: Decimal, refunds: Sequence[tuple[str, Decimal]]
) -> list[tuple[str, Decimal]]:
    tenders = account_map(work.ctx.home).tenders
    if not refunds:
        paid = work.session.exec(
            select(SalePayment.tender).where(
                SalePayment.tenant_id == work.tenant_id,
                SalePayment.sale_id == sale.id,
                SalePayment.amount > 0,
            )
        ).all()
        tender = paid[0] if len(set(paid)) == 1 and paid[0] != "deposit" else "cash"
        return [(tender, gross)]
    total = sum((a for _, a in refunds), ZERO)
    for tender, amount in refunds:
        if tender not in tenders or tender == "deposit":
            raise UsageError(
                f"refund tender {tender!r} must be one of "
                f"{', '.join(t for t in tenders if t != 'deposit')}"
            )
        if amount <= 0:
            raise UsageError(f"refund {tender}={amount}: the amount must be positive")
        if tender in NEEDS_CUSTOMER and sale.customer_id is None:
            raise UsageError(f"sale {sale.number} has no customer; refund it by another tender")
    if total != gross:
        raise UsageError(
            f"refunds add up to {format_money(total)} but the return is worth "
            f"{format_money(gross)}; make them equal"
        )
    return list(refunds)


def _store(
    work: Work,
    ret: Return,
    parts: list[_Part],
    taxes: dict[str, Decimal],
    refunds: list[tuple[str, Decimal]],
) -> None:
    conn, t = work.session.connection(), work.tenant_id
    conn.execute(
        insert(ReturnLine.__table__),  # type: ignore[attr-defined]
        [
            {
                "tenant_id": t,
                "return_id": ret.id,
                "sale_line_id": p.line.id,
                "product_id": p.product.id,
                "quantity": p.quantity,
                "net": p.net,
                "tax_total": p.tax_total,
                "gross": p.gross,
                "cost": p.cost,
                "taxes": {c: str(a) for c, a in p.taxes.items()},
            }
            for p in parts
        ],
    )
    if taxes:
        conn.execute(
            insert(ReturnTax.__table__),  # type: ignore[attr-defined]
            [
                {"tenant_id": t, "return_id": ret.id, "code": c, "amount": a}
                for c, a in taxes.items()
            ],
        )
    conn.execute(
        insert(ReturnRefund.__table__),  # type: ignore[attr-defined]
        [
            {"tenant_id": t, "return_id": ret.id, "tender": tender, "amount": amount}
            for tender, amount in refunds
        ],
    )


def _restock(work: Work, site: Site, ret: Return, parts: list[_Part]) -> Decimal:
    book = StockBook(
        work,
        {(site.location.id, p.product.id) for p in parts},  # type: ignore[misc]
        {p.product.id: p.product for p in parts},  # type: ignore[misc]
        {site.location.id: site.location},  # type: ignore[dict-item]
    )
    variance = ZERO
    for p in parts:
        key = (site.location.id, p.product.id)
        variance += book.put(key, p.quantity, p.cost)  # type: ignore[arg-type]
        book.record(
            Move(key, ret.return_date, "return", p.quantity, p.cost, "return", ret.id, ret.number)  # type: ignore[arg-type]
        )
    book.flush()
    return variance


@use_case("pos.return")
def record_return(
    work: Work,
    sale_number: str,
    lines: Sequence[ReturnLineDraft] | None,
    day: date,
    *,
    refunds: Sequence[tuple[str, Decimal]] = (),
    reason: str = "",
    branch: str | None = None,
) -> ReturnRecorded:
    """Take goods back against ``sale_number`` (``lines`` None: everything not yet returned).

    Exit 4 for more than was sold (or left), a closed period; exit 2 for bad quantities or
    refunds that do not add up to the return's value."""
    sale = load_sale(work, sale_number)
    if day < sale.sale_date:
        raise UsageError(f"return date {day} is before the sale date {sale.sale_date}")
    site = default_site(work, branch) if branch else sites_by_id(work)[sale.location_id]
    parts = _parts(work, sale, lines)
    refuse_closed(work, [(day, "")])
    taxes: dict[str, Decimal] = {}
    for p in parts:
        for code, amount in p.taxes.items():
            taxes[code] = taxes.get(code, ZERO) + amount
    net, cost = sum((p.net for p in parts), ZERO), sum((p.cost for p in parts), ZERO)
    gross = net + sum(taxes.values(), ZERO)
    paid_back = _refunds(work, sale, gross, refunds)
    number = allocate(
        work,
        f"pos.return.{site.code}",
        on=day,
        reset="yearly",
        pattern=f"{site.code}-RET-{{year}}-{{n:06d}}",
    )
    ret = Return(
        tenant_id=work.tenant_id,
        number=number,
        sale_id=sale.id,  # type: ignore[arg-type]
        branch_id=site.branch.id,  # type: ignore[arg-type]
        location_id=site.location.id,  # type: ignore[arg-type]
        return_date=day,
        reason=reason,
        net=net,
        tax_total=gross - net,
        gross=gross,
        cost=cost,
        created_by=work.actor.name,
    )
    work.session.add(ret)
    work.session.flush()
    _store(work, ret, parts, taxes, paid_back)
    ret.variance = _restock(work, site, ret, parts)
    work.session.add(ret)
    entry = build(
        lambda: entries.return_entry(
            account_map(work.ctx.home),
            day=day,
            number=number,
            sale_number=sale.number,
            branch=site.code,
            net=net,
            taxes=taxes,
            refunds=paid_back,
            cost=cost,
            variance=ret.variance,
        )
    )
    post_documents(work, [DocRef("return", ret.id, number, day)], [entry])  # type: ignore[arg-type]
    work.audit(
        "pos.return.record",
        "return",
        number,
        None,
        {
            "sale": sale.number,
            "branch": site.code,
            "date": day,
            "net": net,
            "taxes": taxes,
            "gross": gross,
            "cost": cost,
            "refunds": dict(paid_back),
            "lines": [[p.product.sku, str(p.quantity)] for p in parts],
            "reason": reason,
        },
    )
    return ReturnRecorded(ret.number, ret.net, ret.tax_total, ret.gross, ret.cost)
