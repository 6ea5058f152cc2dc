"""Fast bulk INSERT: one driver-level ``executemany`` per table, no per-row ORM or Core work.

SQLAlchemy's ``insert()`` executemany builds a parameter dict per row and compiles it again
for each batch; for a 100,000-sale import (a million rows) that is most of the time.
``insert_rows`` runs each value through its column's own bind processor (so Money, UTC times
and JSON are stored exactly as the ORM would store them) and hands plain tuples to the
driver's ``executemany`` in the caller's transaction. It returns no ids: read them back by a
unique key when needed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from ledgerctl.core.errors import UsageError
from ledgerctl.db.types import Money

CHUNK = 20_000


def _minor_units(scale: int) -> Callable[[Any], int]:
    """Money to integer minor units, as ``Money.process_bind_param`` does (refusing values
    with more decimals than the column keeps), without its per-call overhead."""

    def convert(value: Any) -> int:
        if type(value) is not Decimal:
            if isinstance(value, float):
                raise TypeError("money must be Decimal, never float")
            value = Decimal(value)
        scaled = value.scaleb(scale)
        units = int(scaled)
        if units != scaled:
            raise UsageError(f"amount {value} has more than {scale} decimal places")
        return units

    return convert


def _processors(
    conn: Connection, table: Table, names: Sequence[str], raw: Collection[str]
) -> list[Callable[[Any], Any] | None]:
    dialect = conn.dialect
    out: list[Callable[[Any], Any] | None] = []
    for name in names:
        kind = table.c[name].type
        if name in raw:
            out.append(None)
        elif isinstance(kind, Money):
            out.append(_minor_units(kind.scale))
        else:
            out.append(kind._cached_bind_processor(dialect))
    return out


def insert_rows(
    conn: Connection,
    table: Table,
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    raw: Collection[str] = (),
) -> int:
    """Insert ``rows`` (tuples in the order of ``names``); returns how many. Columns named in
    ``raw`` are passed as given (already in their stored form, e.g. JSON text)."""
    procs = _processors(conn, table, names, raw)
    mark = "%s" if conn.dialect.paramstyle in ("format", "pyformat") else "?"
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(mark for _ in names)})"
    convert = [(i, p) for i, p in enumerate(procs) if p is not None]
    width = len(names)
    batch: list[Any] = []
    count = 0
    for row in rows:
        if len(row) != width:
            raise ValueError(f"{table.name}: a row has {len(row)} values for {width} columns")
        values = list(row)
        for i, proc in convert:
            if values[i] is not None:
                values[i] = proc(values[i])
        batch.append(tuple(values))
        if len(batch) >= CHUNK:
            conn.exec_driver_sql(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)
        count += len(batch)
    return count


def insert_dicts(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> int:
    """``insert_rows`` for dict rows (all with the keys of the first)."""
    if not rows:
        return 0
    names = list(rows[0])
    return insert_rows(conn, table, names, (tuple(r[n] for n in names) for r in rows))


def ids_by_key(
    conn: Connection, table: Table, key: str, values: Sequence[Any], **where: Any
) -> dict[Any, int]:
    """``{key value: id}`` for rows of ``table`` whose unique ``key`` is in ``values`` (and
    whose columns equal ``where``, e.g. ``tenant_id=3``), read in chunks."""
    from sqlalchemy import select

    found: dict[Any, int] = {}
    filters = [table.c[name] == value for name, value in where.items()]
    for start in range(0, len(values), 900):
        chunk = values[start : start + 900]
        rows = conn.execute(
            select(table.c[key], table.c.id).where(*filters, table.c[key].in_(chunk))
        )
        found.update({k: i for k, i in rows})
    return found
