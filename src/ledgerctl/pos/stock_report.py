"""Use cases of ``pos stock levels`` and ``pos stock movements``: the read side of stock,
as typed rows (a branch-scoped actor sees their own branches only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import col, select

from ledgerctl.pos.lookup import Site, default_site, sites_by_id
from ledgerctl.pos.tables import Product, StockLevel, StockMovement
from ledgerctl.tenancy.api import branch_scope
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class LevelRow:
    """Stock of one product at one branch."""

    branch: str
    sku: str
    name: str
    unit: str
    quantity: Decimal
    reserved: Decimal
    available: Decimal
    unit_cost: Decimal
    value: Decimal


@dataclass(frozen=True)
class MovementRow:
    """One stock movement."""

    id: int
    date: date
    branch: str
    sku: str
    kind: str
    quantity: Decimal
    value: Decimal
    reference: str


def _visible_locations(work: Work, branch: str | None) -> dict[int, Site]:
    sites = sites_by_id(work)
    if branch:
        chosen = default_site(work, branch)
        return {chosen.location.id: chosen}  # type: ignore[dict-item]
    scope = branch_scope(work)
    return {i: s for i, s in sites.items() if scope is None or s.branch.id in scope}


@use_case("pos.read", write=False)
def stock_levels(work: Work, branch: str | None = None, sku: str | None = None) -> list[LevelRow]:
    """On hand, reserved, available, average cost and value per branch and product."""
    sites = _visible_locations(work, branch)
    query = (
        select(StockLevel, Product)
        .join(Product, Product.id == StockLevel.product_id)  # type: ignore[arg-type]
        .where(
            StockLevel.tenant_id == work.tenant_id, col(StockLevel.location_id).in_(sorted(sites))
        )
    )
    if sku:
        query = query.where(Product.sku == sku)
    rows = [
        LevelRow(
            sites[level.location_id].code,
            p.sku,
            p.name,
            p.unit,
            level.quantity,
            level.reserved,
            level.quantity - level.reserved,
            level.unit_cost,
            level.value,
        )
        for level, p in work.session.exec(query).all()
    ]
    return sorted(rows, key=lambda r: (r.branch, r.sku))


@use_case("pos.read", write=False)
def stock_movements(
    work: Work,
    branch: str | None = None,
    sku: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 200,
) -> list[MovementRow]:
    """The newest movements (oldest first in the result), filtered."""
    sites = _visible_locations(work, branch)
    query = (
        select(StockMovement, Product.sku)
        .join(Product, Product.id == StockMovement.product_id)  # type: ignore[arg-type]
        .where(
            StockMovement.tenant_id == work.tenant_id,
            col(StockMovement.location_id).in_(sorted(sites)),
        )
    )
    if sku:
        query = query.where(Product.sku == sku)
    if start:
        query = query.where(StockMovement.moved_on >= start)
    if end:
        query = query.where(StockMovement.moved_on <= end)
    query = query.order_by(col(StockMovement.id).desc()).limit(limit)
    rows = [
        MovementRow(
            m.id,  # type: ignore[arg-type]
            m.moved_on,
            sites[m.location_id].code,
            s,
            m.kind,
            m.quantity,
            m.value,
            m.reference,
        )
        for m, s in work.session.exec(query).all()
    ]
    return list(reversed(rows))
