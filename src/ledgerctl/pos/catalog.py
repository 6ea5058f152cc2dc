"""The product catalog: add, change, list, and import from CSV/Excel (all or nothing).

A product has a SKU, name, unit (each, kg, box ...), retail price, optional wholesale price,
tax class (standard, zero, exempt: the classes of the tax rule files) and a standard cost
(used for goods received without a cost and for stock that was never received).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlmodel import col, select

from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.pos.lookup import product, products_by_sku, tax_profile
from ledgerctl.pos.rules import regime_book
from ledgerctl.pos.tables import Product
from ledgerctl.pos.tabular import Cell, decimal_cell, read_table
from ledgerctl.work import Work, use_case

_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
_UNIT = re.compile(r"^[A-Za-z][A-Za-z0-9 ._-]{0,15}$")
COLUMNS = ("sku", "name", "unit", "price", "wholesale_price", "tax_class", "cost")


@dataclass
class ProductInput:
    """Product fields as given; None leaves a field unchanged on update."""

    sku: str
    name: str | None = None
    unit: str | None = None
    price: Decimal | None = None
    wholesale_price: Decimal | None = None
    tax_class: str | None = None
    cost: Decimal | None = None
    status: str | None = None
    where: str = field(default="", compare=False)


def tax_classes(work: Work) -> set[str]:
    """Tax classes every regime of the tenant's country knows."""
    book = regime_book(tax_profile(work).country, work.ctx.home)
    sets = [set(r.classes) for r, _ in book.regimes]
    return set.intersection(*sets) if sets else set()


def _check(item: ProductInput, classes: set[str]) -> None:
    at = f"{item.where}: " if item.where else ""
    if not _SKU.match(item.sku):
        raise UsageError(f"{at}sku {item.sku!r} must be 1-64 letters, digits, '.', '_', '/' or '-'")
    if item.name is not None and not item.name.strip():
        raise UsageError(f"{at}name of {item.sku} must not be empty")
    if item.unit is not None and not _UNIT.match(item.unit):
        raise UsageError(f"{at}unit {item.unit!r} of {item.sku} must be a short word (each, kg)")
    if item.tax_class is not None and item.tax_class not in classes:
        raise UsageError(
            f"{at}tax class {item.tax_class!r} of {item.sku} must be one of "
            f"{', '.join(sorted(classes))}"
        )
    for label, value in (
        ("price", item.price),
        ("wholesale price", item.wholesale_price),
        ("cost", item.cost),
    ):
        if value is not None and (value < 0 or value != value.quantize(Decimal("0.0001"))):
            raise UsageError(
                f"{at}{label} {value} of {item.sku} must be 0 or more with at most 4 decimals"
            )
    if item.status is not None and item.status not in ("active", "inactive"):
        raise UsageError(f"{at}status {item.status!r} must be active or inactive")


@dataclass(frozen=True)
class ProductRow:
    """A product of the catalog."""

    sku: str
    name: str
    unit: str
    price: Decimal
    wholesale_price: Decimal | None
    tax_class: str
    cost: Decimal
    status: str


def product_row(p: Product) -> ProductRow:
    return ProductRow(
        p.sku, p.name, p.unit, p.price, p.wholesale_price, p.tax_class, p.cost, p.status
    )


def _apply(p: Product, item: ProductInput) -> None:
    for name in ("name", "unit", "price", "tax_class", "cost", "status"):
        value = getattr(item, name)
        if value is not None:
            setattr(p, name, value.strip() if isinstance(value, str) else value)
    if item.wholesale_price is not None:
        p.wholesale_price = item.wholesale_price


@use_case("pos.product")
def add_product(work: Work, item: ProductInput) -> ProductRow:
    """A new product (exit 4 if the SKU exists)."""
    if item.name is None or item.price is None:
        raise UsageError(f"product {item.sku}: --name and --price are required")
    _check(item, tax_classes(work))
    if products_by_sku(work, [item.sku]):
        raise Conflict(
            f"product {item.sku} already exists; change it with "
            f"`ledgerctl pos product set {item.sku} ...`"
        )
    p = Product(tenant_id=work.tenant_id, sku=item.sku, name="", price=Decimal(0))
    _apply(p, item)
    work.session.add(p)
    work.session.flush()
    row = product_row(p)
    work.audit("pos.product.add", "product", p.sku, None, asdict(row))
    return row


@use_case("pos.product")
def set_product(work: Work, item: ProductInput) -> ProductRow:
    """Change the given fields of an existing product."""
    _check(item, tax_classes(work))
    p = product(work, item.sku)
    before = asdict(product_row(p))
    _apply(p, item)
    work.session.add(p)
    row = product_row(p)
    work.audit("pos.product.set", "product", p.sku, before, asdict(row))
    return row


@use_case("pos.read", write=False)
def list_products(work: Work, search: str | None = None) -> list[ProductRow]:
    """Products whose SKU or name contains ``search`` (all when None), by SKU."""
    query = select(Product).where(Product.tenant_id == work.tenant_id)
    if search:
        like = f"%{search}%"
        query = query.where(col(Product.sku).like(like) | col(Product.name).like(like))
    return [product_row(p) for p in work.session.exec(query.order_by(Product.sku)).all()]


def _parse_row(cell: Cell, cells: dict[str, str]) -> ProductInput:
    def money(name: str, required: bool = False) -> Decimal | None:
        return decimal_cell(cell, name, cells.get(name, ""), places=4, required=required)

    return ProductInput(
        sku=cells["sku"],
        name=cells.get("name") or None,
        unit=cells.get("unit") or None,
        price=money("price"),
        wholesale_price=money("wholesale_price"),
        tax_class=cells.get("tax_class") or None,
        cost=money("cost"),
        where=f"{cell.file}:{cell.line}",
    )


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


@use_case("pos.product")
def import_products(work: Work, path: Path) -> ImportResult:
    """Add new SKUs and update existing ones from a CSV/XLSX file; any bad row rejects the
    whole file (nothing written). New SKUs need name and price."""
    items: dict[str, ProductInput] = {}
    classes = tax_classes(work)
    for cell, cells in read_table(path, ("sku",), sheet="Products"):
        item = _parse_row(cell, cells)
        if item.sku in items:
            raise UsageError(
                f"{item.where}: sku {item.sku} appears twice (first at {items[item.sku].where})"
            )
        _check(item, classes)
        items[item.sku] = item
    existing = products_by_sku(work, items)
    added = updated = unchanged = 0
    for sku, item in items.items():
        if sku not in existing:
            if item.name is None or item.price is None:
                raise UsageError(f"{item.where}: new product {sku} needs name and price")
            continue
        before = product_row(existing[sku])
        _apply(existing[sku], item)
        if product_row(existing[sku]) == before:
            unchanged += 1
        else:
            work.session.add(existing[sku])
            updated += 1
    for sku, item in items.items():
        if sku not in existing:
            p = Product(tenant_id=work.tenant_id, sku=sku, name="", price=Decimal(0))
            _apply(p, item)
            work.session.add(p)
            added += 1
    work.audit(
        "pos.product.import",
        "product_file",
        Path(path).name,
        None,
        {"added": added, "updated": updated, "skus": sorted(items)[:500]},
    )
    return ImportResult(added, updated, unchanged)
