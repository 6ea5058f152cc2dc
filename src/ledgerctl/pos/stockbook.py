"""``StockBook``: the stock levels one unit of work touches, locked, changed in memory and
written back once, with the movements that explain every change.

Levels are read with ``SELECT … FOR UPDATE`` on Postgres (the SQLite writer already holds the
database write lock), so two tills selling the same product queue instead of both spending the
same units. Costs follow ``ledgerctl.pos.domain.costing``. A take that would leave less than zero
available is refused (exit 4) unless the location allows negative stock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import bindparam, insert, select, update

from ledgerctl.core.errors import Conflict
from ledgerctl.db.bulk import insert_rows
from ledgerctl.pos.domain import costing
from ledgerctl.pos.domain.costing import Level
from ledgerctl.pos.tables import Location, Product, StockLevel, StockMovement
from ledgerctl.work import Work

Key = tuple[int, int]  # (location_id, product_id)
ZERO_QTY = Decimal("0.000")


class Move(NamedTuple):
    """A movement to record: signed quantity and value at a location."""

    key: Key
    day: date
    kind: str
    quantity: Decimal
    value: Decimal
    doc_type: str
    doc_id: int
    reference: str


class StockBook:
    """Levels of ``keys`` for one unit of work."""

    def __init__(
        self,
        work: Work,
        keys: Iterable[Key],
        products: dict[int, Product],
        locations: dict[int, Location],
    ) -> None:
        self.work = work
        self.products = products
        self.locations = locations
        self.levels: dict[Key, Level] = {}
        self.ids: dict[Key, int] = {}
        self.moves: list[Move] = []
        self.variances: dict[Key, Decimal] = {}
        self._load(set(keys))

    def _load(self, keys: set[Key]) -> None:
        table = StockLevel.__table__  # type: ignore[attr-defined]
        by_location: dict[int, set[int]] = {}
        for loc, prod in keys:
            by_location.setdefault(loc, set()).add(prod)
        conn = self.work.session.connection()
        for loc, prods in by_location.items():
            wanted = sorted(prods)
            for start in range(0, len(wanted), 900):
                query = select(
                    table.c.id,
                    table.c.product_id,
                    table.c.quantity,
                    table.c.value,
                    table.c.unit_cost,
                    table.c.reserved,
                ).where(
                    table.c.tenant_id == self.work.tenant_id,
                    table.c.location_id == loc,
                    table.c.product_id.in_(wanted[start : start + 900]),
                )
                if conn.dialect.name == "postgresql":
                    query = query.with_for_update()
                for ident, prod, qty, value, unit, reserved in conn.execute(query):
                    self.levels[(loc, prod)] = Level(qty, value, unit, reserved)
                    self.ids[(loc, prod)] = ident
        for key in keys - set(self.levels):
            self.levels[key] = Level(ZERO_QTY, Decimal("0.00"), self.products[key[1]].cost)

    def level(self, key: Key) -> Level:
        return self.levels[key]

    def take(
        self, key: Key, quantity: Decimal, *, where: str = "", allow_negative: bool | None = None
    ) -> Decimal:
        """Take ``quantity`` out; returns its cost. Exit 4 if available stock would go below
        zero where the location does not allow it."""
        level = self.levels[key]
        allowed = (
            self.locations[key[0]].allow_negative_stock
            if allow_negative is None
            else allow_negative
        )
        if not allowed and quantity > level.available:
            product, location = self.products[key[1]], self.locations[key[0]]
            raise Conflict(
                f"{where + ': ' if where else ''}stock of {product.sku} at {location.code} would "
                f"go negative (on hand {level.quantity}, reserved {level.reserved}, taking "
                f"{quantity}); receive stock first, or allow negative stock with `ledgerctl pos "
                f"branch set {location.code} --allow-negative-stock`"
            )
        self.levels[key], cost = costing.take(level, quantity)
        return cost

    def put(self, key: Key, quantity: Decimal, value: Decimal) -> Decimal:
        """Put ``quantity`` worth ``value`` in; returns the costing variance (see costing.put).
        The next movement recorded into ``key`` carries a ``variance`` movement with it, so
        the movements of a level always add up to its quantity and value."""
        self.levels[key], variance = costing.put(self.levels[key], quantity, value)
        if variance:
            self.variances[key] = self.variances.get(key, Decimal("0.00")) + variance
        return variance

    def reserve(self, key: Key, quantity: Decimal, *, where: str = "") -> None:
        """Hold ``quantity`` for a customer: refused (exit 4) beyond what is available."""
        level = self.levels[key]
        if quantity > level.available and not self.locations[key[0]].allow_negative_stock:
            raise Conflict(
                f"{where + ': ' if where else ''}only {level.available} of "
                f"{self.products[key[1]].sku} available at "
                f"{self.locations[key[0]].code}; cannot reserve {quantity}"
            )
        self.levels[key] = Level(
            level.quantity, level.value, level.unit_cost, level.reserved + quantity
        )

    def unreserve(self, key: Key, quantity: Decimal) -> None:
        level = self.levels[key]
        self.levels[key] = Level(
            level.quantity, level.value, level.unit_cost, max(level.reserved - quantity, ZERO_QTY)
        )

    def record(self, move: Move) -> None:
        self.moves.append(move)
        variance = self.variances.pop(move.key, None) if move.quantity > 0 else None
        if variance:
            self.moves.append(
                Move(
                    move.key,
                    move.day,
                    "variance",
                    Decimal("0.000"),
                    -variance,
                    move.doc_type,
                    move.doc_id,
                    move.reference,
                )
            )

    def flush(self) -> None:
        """Write changed levels and the recorded movements."""
        conn = self.work.session.connection()
        table = StockLevel.__table__  # type: ignore[attr-defined]
        changed = [
            {
                "_id": self.ids[k],
                "quantity": lv.quantity,
                "value": lv.value,
                "unit_cost": lv.unit_cost,
                "reserved": lv.reserved,
            }
            for k, lv in self.levels.items()
            if k in self.ids
        ]
        if changed:
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values(
                    quantity=bindparam("quantity"),
                    value=bindparam("value"),
                    unit_cost=bindparam("unit_cost"),
                    reserved=bindparam("reserved"),
                ),
                changed,
            )
        new = [
            {
                "tenant_id": self.work.tenant_id,
                "location_id": k[0],
                "product_id": k[1],
                "quantity": lv.quantity,
                "value": lv.value,
                "unit_cost": lv.unit_cost,
                "reserved": lv.reserved,
            }
            for k, lv in self.levels.items()
            if k not in self.ids
        ]
        if new:
            conn.execute(insert(table), new)
            self.ids.update(self._ids_of([(r["location_id"], r["product_id"]) for r in new]))  # type: ignore[misc]
        if self.moves:
            t = self.work.tenant_id
            insert_rows(
                conn,
                StockMovement.__table__,  # type: ignore[attr-defined]
                (
                    "tenant_id",
                    "location_id",
                    "product_id",
                    "moved_on",
                    "kind",
                    "quantity",
                    "value",
                    "doc_type",
                    "doc_id",
                    "reference",
                ),
                (
                    (
                        t,
                        m.key[0],
                        m.key[1],
                        m.day,
                        m.kind,
                        m.quantity,
                        m.value,
                        m.doc_type,
                        m.doc_id,
                        m.reference,
                    )
                    for m in self.moves
                ),
            )
            self.moves = []

    def _ids_of(self, keys: list[Key]) -> dict[Key, int]:
        table = StockLevel.__table__  # type: ignore[attr-defined]
        wanted = set(keys)
        rows = self.work.session.connection().execute(
            select(table.c.id, table.c.location_id, table.c.product_id).where(
                table.c.tenant_id == self.work.tenant_id,
                table.c.location_id.in_(sorted({k[0] for k in wanted})),
            )
        )
        return {(loc, prod): ident for ident, loc, prod in rows if (loc, prod) in wanted}
