"""The Parquet files for Power BI: transactions plus dimension tables, typed by the specs in
``outputs`` (real decimal and date types), written atomically under output/pipeline/.

Reading is Core-only and columnar: rows are fetched in partitions and turned into Arrow arrays
per partition, so a million transactions never become a million Python dicts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ledgerctl.pipeline.outputs import (
    CALENDAR_COLUMNS,
    MONTH_COLUMNS,
    PARQUET_TABLES,
    PARTITION,
    TRANSACTION_COLUMNS,
    UNCATEGORIZED,
)

if TYPE_CHECKING:
    import pyarrow as pa


# --- columnar helpers -------------------------------------------------------------------


def cents_array(values: Sequence[int | None], precision: int = 18) -> pa.Array:
    """Integer minor units → decimal128(precision, 2) without a Decimal per value."""
    import numpy as np
    import pyarrow as pa

    ints = pa.array(values, pa.int64())
    filled = ints.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    words = np.empty((len(filled), 2), dtype="<i8")
    words[:, 0] = filled
    words[:, 1] = filled >> 63  # sign extension of the 128-bit two's complement
    validity = ints.buffers()[0] if ints.null_count else None
    return pa.Array.from_buffers(
        pa.decimal128(precision, 2),
        len(ints),
        [validity, pa.py_buffer(words.tobytes())],
        null_count=ints.null_count,
    )


def date_array(values: Sequence[Any]) -> pa.Array:
    """Dates as date32 (SQLite hands back ISO text, Postgres dates)."""
    import pyarrow as pa

    array = pa.array(values)
    if pa.types.is_null(array.type):
        return pa.nulls(len(array), pa.date32())
    return array.cast(pa.date32())


TXN_SQL = """
SELECT t.fingerprint, t.txn_date, t.post_date, t.amount, t.currency, t.description,
       t.merchant, t.category, t.bank, t.account, t.owner, t.balance, t.reference, t.schema_id,
       t.file_id, t.line_no
FROM pipeline_transactions t
WHERE t.tenant_id = :t
ORDER BY t.id
"""


def _raw_partitions(conn: Connection, sql: str, tenant_id: int) -> Iterator[list[tuple]]:
    """Rows as plain DBAPI tuples, PARTITION at a time, in the caller's transaction.

    The driver's own cursor skips SQLAlchemy's per-row Row objects (a million rows); on
    Postgres it is a server-side cursor, so memory stays flat.
    """
    raw = conn.connection.driver_connection
    assert raw is not None
    if conn.dialect.name == "sqlite":
        cursor = raw.cursor()
        cursor.execute(sql.replace(":t", "?"), (tenant_id,))
    else:
        cursor = raw.cursor(name="pipeline_export")
        cursor.execute(sql.replace(":t", "%s"), (tenant_id,))
    try:
        while part := cursor.fetchmany(PARTITION):
            yield part
    finally:
        cursor.close()


def _transaction_batches(conn: Connection, tenant_id: int) -> Iterator[dict[str, pa.Array]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    paths: dict[int, str] = dict(
        conn.execute(
            text("SELECT id, path FROM pipeline_files WHERE tenant_id = :t"), {"t": tenant_id}
        ).all()
    )
    ids = sorted(paths)
    dictionary = pa.array([paths[i] for i in ids], pa.string())
    position = {file_id: n for n, file_id in enumerate(ids)}
    # decisions are few next to transactions: a dict beats joining a million rows
    decided = {
        fp: (cat, shared, split)
        for fp, cat, shared, split in conn.execute(
            text(
                "SELECT fingerprint, category, shared, split_pct FROM pipeline_decisions "
                "WHERE tenant_id = :t"
            ),
            {"t": tenant_id},
        )
    }
    none = (None, None, None)
    for part in _raw_partitions(conn, TXN_SQL, tenant_id):
        (
            fps,
            dates,
            posts,
            amounts,
            currencies,
            descs,
            merchants,
            autos,
            banks,
            accounts,
            owners,
            balances,
            refs,
            schemas,
            files,
            lines,
        ) = zip(*part, strict=True)
        if decided:
            chosen, shared, split = zip(*[decided.get(fp, none) for fp in fps], strict=True)
        else:
            chosen = shared = split = (None,) * len(fps)
        source = pa.DictionaryArray.from_arrays(
            pa.array([position[f] for f in files], pa.int32()), dictionary
        )
        day = date_array(dates)
        auto = pa.array(autos, pa.string())
        pick = pa.array(chosen, pa.string())
        category = pc.coalesce(
            pick, pc.if_else(pc.equal(auto, ""), None, auto), pa.scalar(UNCATEGORIZED)
        )
        yield {
            "fingerprint": pa.array(fps, pa.string()),
            "date": day,
            "post_date": date_array(posts),
            "period": pc.utf8_slice_codeunits(day.cast(pa.string()), 0, 7),
            "amount": cents_array(amounts),
            "currency": pa.array(currencies, pa.string()),
            "description": pa.array(descs, pa.string()),
            "merchant": pa.array(merchants, pa.string()),
            "category": category,
            "auto_category": auto,
            "shared": pa.array(shared, pa.string()),
            "split_pct": cents_array(split, precision=5),
            "reviewed": pc.invert(pc.is_null(pa.array(shared, pa.string()))),
            "bank": pa.array(banks, pa.string()),
            "account": pa.array(accounts, pa.string()),
            "owner": pa.array(owners, pa.string()),
            "balance": cents_array(balances),
            "reference": pa.array(refs, pa.string()),
            "schema_id": pa.array(schemas, pa.string()),
            "source_file": source.cast(pa.string()),
            "line_no": pa.array(lines, pa.int64()),
        }


def transaction_columns(conn: Connection, tenant_id: int) -> dict[str, Any]:
    """Every transaction of the tenant as Arrow columns (chunked by partition)."""
    import pyarrow as pa

    from ledgerctl.outputs.api import arrow_type

    chunks: dict[str, list[pa.Array]] = {c.name: [] for c in TRANSACTION_COLUMNS}
    for batch in _transaction_batches(conn, tenant_id):
        for name, array in batch.items():
            chunks[name].append(array)
    return {
        c.name: pa.chunked_array(chunks[c.name], type=arrow_type(c)) for c in TRANSACTION_COLUMNS
    }


def _blank_to_null(array: Any) -> Any:
    import pyarrow.compute as pc

    return pc.if_else(pc.equal(array, ""), None, array)


def dimensions(cols: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The dimension tables, aggregated from the transaction columns with Arrow (no SQL)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    amount = cols["amount"]
    zero = pa.scalar(Decimal("0.00"), amount.type)
    table = pa.table(
        {
            "merchant": cols["merchant"],
            "auto_category": cols["auto_category"],
            "category": cols["category"],
            "amount": amount,
            "date": cols["date"],
            "money_in": pc.if_else(pc.greater(amount, zero), amount, zero),
            "money_out": pc.if_else(pc.less(amount, zero), amount, zero),
            "bank": cols["bank"],
            "account": cols["account"],
            "owner": cols["owner"],
            "currency": cols["currency"],
            "period": cols["period"],
        }
    )
    m = (
        table.group_by("merchant")
        .aggregate(
            [
                ("auto_category", "max"),
                ("amount", "count"),
                ("amount", "sum"),
                ("date", "min"),
                ("date", "max"),
            ]
        )
        .sort_by("merchant")
    )
    merchants = {
        "merchant": m["merchant"],
        "category": _blank_to_null(m["auto_category_max"]),
        "transactions": m["amount_count"],
        "total": m["amount_sum"],
        "first_date": m["date_min"],
        "last_date": m["date_max"],
    }
    c = (
        table.group_by("category")
        .aggregate(
            [("amount", "count"), ("money_in", "sum"), ("money_out", "sum"), ("amount", "sum")]
        )
        .sort_by("category")
    )
    categories = {
        "category": c["category"],
        "transactions": c["amount_count"],
        "money_in": c["money_in_sum"],
        "money_out": c["money_out_sum"],
        "net": c["amount_sum"],
    }
    a = (
        table.group_by(["bank", "account", "currency"])
        .aggregate(
            [
                ("owner", "max"),
                ("amount", "count"),
                ("amount", "sum"),
                ("date", "min"),
                ("date", "max"),
            ]
        )
        .sort_by([("bank", "ascending"), ("account", "ascending"), ("currency", "ascending")])
    )
    accounts = {
        "bank": a["bank"],
        "account": a["account"],
        "owner": a["owner_max"],
        "currency": a["currency"],
        "transactions": a["amount_count"],
        "net": a["amount_sum"],
        "first_date": a["date_min"],
        "last_date": a["date_max"],
    }
    p = (
        table.group_by("period")
        .aggregate(
            [("amount", "count"), ("money_in", "sum"), ("money_out", "sum"), ("amount", "sum")]
        )
        .sort_by("period")
    )
    month_rows = []
    for row in p.to_pylist():
        start = date.fromisoformat(row["period"] + "-01")
        month_rows.append(
            {
                "period": row["period"],
                "year": start.year,
                "month": start.month,
                "month_start": start,
                "month_end": _month_end(start),
                "transactions": row["amount_count"],
                "money_in": row["money_in_sum"],
                "money_out": row["money_out_sum"],
                "net": row["amount_sum"],
            }
        )
    months = {c.name: [r[c.name] for r in month_rows] for c in MONTH_COLUMNS}
    calendar_rows = _calendar(month_rows)
    calendar = {c.name: [r[c.name] for r in calendar_rows] for c in CALENDAR_COLUMNS}
    return {
        "merchants": merchants,
        "categories": categories,
        "accounts": accounts,
        "months": months,
        "calendar": calendar,
    }


def _month_end(d: date) -> date:
    nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


def _calendar(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not months:
        return []
    day, last = months[0]["month_start"], months[-1]["month_end"]
    out = []
    while day <= last:
        out.append(
            {
                "date": day,
                "year": day.year,
                "quarter": (day.month - 1) // 3 + 1,
                "month": day.month,
                "month_name": f"{day:%B}",
                "period": f"{day:%Y-%m}",
                "weekday": f"{day:%A}",
                "is_weekend": day.weekday() >= 5,
            }
        )
        day += timedelta(days=1)
    return out


def write_powerbi(conn: Connection, tenant_id: int, out_dir: Path) -> list[Path]:
    """Write every Parquet table of the tenant to ``out_dir``; returns the paths."""
    from ledgerctl.outputs.api import write_parquet

    cols = transaction_columns(conn, tenant_id)
    written = [
        write_parquet(
            out_dir / "transactions.parquet",
            cols,
            TRANSACTION_COLUMNS,
            description=PARQUET_TABLES[0][2],
        )
    ]
    dims = dimensions(cols)
    for name, columns, description in PARQUET_TABLES[1:]:
        written.append(
            write_parquet(out_dir / f"{name}.parquet", dims[name], columns, description=description)
        )
    return written


def parquet_paths(out_dir: Path) -> list[Path]:
    return [out_dir / f"{name}.parquet" for name, _, _ in PARQUET_TABLES]
