"""Stock inside a Work: goods received, adjustments, reservations, levels and movements.

``receive_stock`` and ``adjust_stock`` write a stock document (``…-GRN-2026-00001``,
``…-ADJ-2026-00001``), its movements, the new levels and its journal entry (Dr inventory /
Cr accounts payable, or against stock adjustments) in the caller's transaction.
``reserve_stock``/``release_reservation`` hold goods for a customer (lay-by) without moving
them; a sale can consume a reservation (``SaleDraft.reservations``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, update
from sqlmodel import col, select

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.core.money import round_money
from ledgerctl.ledger.api import accounts_by_code
from ledgerctl.pos import entries
from ledgerctl.pos.lookup import Site, default_site, product, products_by_sku, sites_by_id
from ledgerctl.pos.periods import refuse_closed
from ledgerctl.pos.posting import DocRef, build, post_documents
from ledgerctl.pos.rules import account_map
from ledgerctl.pos.stockbook import Move, StockBook
from ledgerctl.pos.tables import Product, Reservation, StockDoc, StockMovement
from ledgerctl.sequences.api import allocate
from ledgerctl.work import Work, use_case

QTY = Decimal("0.001")


@dataclass(frozen=True)
class StockLine:
    """SKU, quantity (signed for adjustments) and an optional unit cost."""

    sku: str
    quantity: Decimal
    unit_cost: Decimal | None = None


def _products(work: Work, lines: Sequence[StockLine]) -> dict[str, Product]:
    found = products_by_sku(work, [ln.sku for ln in lines])
    for ln in lines:
        if ln.sku not in found:
            raise NotFound(f"unknown SKU {ln.sku!r}; add it with `ledgerctl pos product add`")
        if ln.quantity != ln.quantity.quantize(QTY) or ln.quantity == 0:
            raise UsageError(
                f"quantity {ln.quantity} of {ln.sku} must be non-zero with at most 3 decimals"
            )
        if ln.unit_cost is not None and (
            ln.unit_cost < 0 or ln.unit_cost != ln.unit_cost.quantize(Decimal("0.0001"))
        ):
            raise UsageError(
                f"unit cost {ln.unit_cost} of {ln.sku} must be 0 or more with at most 4 decimals"
            )
    return found


def _number(work: Work, site: Site, kind: str, day: date) -> str:
    tag = "GRN" if kind == "receipt" else "ADJ"
    return allocate(
        work,
        f"pos.{tag.lower()}.{site.code}",
        pattern=f"{site.code}-{tag}-{{year}}-{{n:05d}}",
        reset="yearly",
        on=day,
    )


def _apply(
    book: StockBook, site: Site, products: dict[str, Product], kind: str, lines: Sequence[StockLine]
) -> tuple[list[tuple[Product, Decimal, Decimal]], Decimal]:
    done, variance = [], Decimal("0.00")
    for ln in lines:
        p = products[ln.sku]
        key = (site.location.id, p.id)
        if ln.quantity > 0:
            unit = (
                ln.unit_cost
                if ln.unit_cost is not None
                else (
                    book.level(key).unit_cost  # type: ignore[arg-type]
                    if kind == "adjustment" and book.level(key).unit_cost  # type: ignore[arg-type]
                    else p.cost
                )
            )
            value = round_money(ln.quantity * unit)
            variance += book.put(key, ln.quantity, value)  # type: ignore[arg-type]
        else:
            if kind == "receipt":
                raise UsageError(
                    f"received quantity of {ln.sku} must be positive; use "
                    "`ledgerctl pos stock adjust` to take stock out"
                )
            value = -book.take(key, -ln.quantity, where=f"adjustment of {ln.sku}")  # type: ignore[arg-type]
        done.append((p, ln.quantity, value))
    return done, variance


def _stock_doc(
    work: Work,
    kind: str,
    branch: str | None,
    lines: Sequence[StockLine],
    day: date,
    reason: str,
    credit_account: str = "",
) -> StockDoc:
    if not lines:
        raise UsageError("give at least one line: SKU=QTY[@UNIT_COST]")
    site = default_site(work, branch)
    products = _products(work, lines)
    refuse_closed(work, [(day, "")])
    book = StockBook(
        work,
        {(site.location.id, p.id) for p in products.values()},  # type: ignore[misc]
        {p.id: p for p in products.values()},  # type: ignore[misc]
        {site.location.id: site.location},  # type: ignore[dict-item]
    )
    done, variance = _apply(book, site, products, kind, lines)
    value = sum((v for _, _, v in done), Decimal("0.00"))
    doc = StockDoc(
        tenant_id=work.tenant_id,
        number=_number(work, site, kind, day),
        kind=kind,
        branch_id=site.branch.id,  # type: ignore[arg-type]
        doc_date=day,
        reason=reason,
        credit_account=credit_account,
        value=value,
        variance=variance,
        created_by=work.actor.name,
    )
    work.session.add(doc)
    work.session.flush()
    for p, qty, val in done:
        book.record(
            Move(
                (site.location.id, p.id),  # type: ignore[arg-type]
                day,
                kind,
                qty,
                val,
                "stock",
                doc.id,  # type: ignore[arg-type]
                doc.number,
            )
        )
    book.flush()
    entry = build(
        lambda: entries.stock_entry(
            account_map(work.ctx.home),
            day=day,
            number=doc.number,
            kind=kind,
            branch=site.code,
            value=value,
            variance=variance,
            credit_account=credit_account,
        )
    )
    post_documents(work, [DocRef("stock", doc.id, doc.number, day)], [entry])  # type: ignore[arg-type]
    work.audit(
        f"pos.stock.{kind}",
        "stock_doc",
        doc.number,
        None,
        {
            "branch": site.code,
            "date": day,
            "value": value,
            "variance": variance,
            "lines": [[p.sku, str(q), str(v)] for p, q, v in done],
            "reason": reason,
        },
    )
    return doc


@dataclass(frozen=True)
class StockRecorded:
    """A stock document written: its number, value and (adjustments) variance."""

    number: str
    value: Decimal
    variance: Decimal


def _recorded(doc: StockDoc) -> StockRecorded:
    return StockRecorded(doc.number, doc.value, doc.variance)


@use_case("pos.stock")
def receive_stock(
    work: Work,
    branch: str | None,
    lines: Sequence[StockLine],
    day: date,
    *,
    credit_account: str | None = None,
    reference: str = "",
) -> StockRecorded:
    """Goods received at a branch at their unit cost (default: the product's standard cost);
    credited to accounts payable unless ``credit_account`` says otherwise."""
    account = credit_account or account_map(work.ctx.home).receipts_credit
    if account not in accounts_by_code(work):
        raise NotFound(
            f"--credit-account {account} is not in the chart; see `ledgerctl ledger accounts`"
        )
    return _recorded(_stock_doc(work, "receipt", branch, lines, day, reference, account))


@use_case("pos.stock")
def adjust_stock(
    work: Work, branch: str | None, lines: Sequence[StockLine], day: date, reason: str
) -> StockRecorded:
    """Correct stock after a count or a write-off: positive lines in (at the average cost),
    negative lines out; the value goes to the stock adjustments account."""
    if not reason.strip():
        raise UsageError("an adjustment needs a reason; pass --reason TEXT")
    return _recorded(_stock_doc(work, "adjustment", branch, lines, day, reason.strip()))


def reserve_stock(
    work: Work, branch: str | None, sku: str, quantity: Decimal, reference: str
) -> Reservation:
    """Hold ``quantity`` of ``sku`` at a branch (refused beyond what is available)."""
    site = default_site(work, branch)
    p = product(work, sku)
    if quantity <= 0 or quantity != quantity.quantize(QTY):
        raise UsageError(f"reserved quantity {quantity} must be positive with at most 3 decimals")
    key = (site.location.id, p.id)
    book = StockBook(work, {key}, {p.id: p}, {site.location.id: site.location})  # type: ignore[arg-type, dict-item]
    book.reserve(key, quantity, where=reference)  # type: ignore[arg-type]
    book.flush()
    res = Reservation(
        tenant_id=work.tenant_id,
        location_id=site.location.id,  # type: ignore[arg-type]
        product_id=p.id,  # type: ignore[arg-type]
        quantity=quantity,
        reference=reference,
    )
    work.session.add(res)
    work.session.flush()
    work.audit(
        "pos.stock.reserve",
        "reservation",
        res.id,
        None,
        {"branch": site.code, "sku": sku, "quantity": quantity, "reference": reference},
    )
    return res


def release_reservation(work: Work, reservation_id: int) -> Reservation:
    """Give reserved goods back to available stock (a lay-by cancelled)."""
    res = work.session.exec(
        select(Reservation).where(
            Reservation.tenant_id == work.tenant_id, Reservation.id == reservation_id
        )
    ).first()
    if res is None or res.status != "active":
        raise NotFound(f"no active stock reservation {reservation_id}")
    p = work.session.get(Product, res.product_id)
    site = sites_by_id(work)[res.location_id]
    key = (res.location_id, res.product_id)
    book = StockBook(work, {key}, {p.id: p}, {res.location_id: site.location})  # type: ignore[dict-item, union-attr]
    book.unreserve(key, res.quantity)
    book.flush()
    res.status = "released"
    work.session.add(res)
    work.audit(
        "pos.stock.release", "reservation", res.id, {"status": "active"}, {"status": "released"}
    )
    return res


def release_reservations(work: Work, reservation_ids: Sequence[int], reference: str) -> int:
    """Give many active reservations back at once (lay-bys defaulted by the daily job): one
    stock book, one update, one audit row. Reservations no longer active are skipped;
    returns how many were released."""
    table = Reservation.__table__  # type: ignore[attr-defined]
    conn, wanted = work.session.connection(), sorted(set(reservation_ids))
    rows = []  # type: ignore[var-annotated]
    for start in range(0, len(wanted), 900):
        rows += conn.execute(
            select(table.c.id, table.c.location_id, table.c.product_id, table.c.quantity).where(
                table.c.tenant_id == work.tenant_id,
                table.c.status == "active",
                table.c.id.in_(wanted[start : start + 900]),
            )
        ).all()
    if not rows:
        return 0
    products = products_by_id(work, {r.product_id for r in rows})
    sites = sites_by_id(work)
    book = StockBook(
        work,
        {(r.location_id, r.product_id) for r in rows},
        products,
        {r.location_id: sites[r.location_id].location for r in rows},
    )
    for r in rows:
        book.unreserve((r.location_id, r.product_id), r.quantity)
    book.flush()
    ids = [r.id for r in rows]
    for start in range(0, len(ids), 900):
        conn.execute(
            update(table).where(table.c.id.in_(ids[start : start + 900])).values(status="released")
        )
    work.audit(
        "pos.stock.release",
        "reservation_batch",
        reference,
        None,
        {"count": len(ids), "reservations": ids[:5000]},
    )
    return len(ids)


def products_by_id(work: Work, ids: set[int]) -> dict[int, Product]:
    wanted = sorted(ids)
    found: dict[int, Product] = {}
    for start in range(0, len(wanted), 900):
        found.update(
            {
                p.id: p  # type: ignore[misc]
                for p in work.session.exec(
                    select(Product).where(
                        Product.tenant_id == work.tenant_id,
                        col(Product.id).in_(wanted[start : start + 900]),
                    )
                ).all()
            }
        )
    return found


def movement_totals(work: Work) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """Sum of movement quantities and values per (location, product): what levels must equal."""
    rows = work.session.exec(
        select(
            StockMovement.location_id,
            StockMovement.product_id,
            func.sum(StockMovement.quantity),
            func.sum(StockMovement.value),
        )
        .where(StockMovement.tenant_id == work.tenant_id)
        .group_by(StockMovement.location_id, StockMovement.product_id)  # type: ignore[arg-type]
    ).all()
    return {(loc, prod): (q, v) for loc, prod, q, v in rows}
