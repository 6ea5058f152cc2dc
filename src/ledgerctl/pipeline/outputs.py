"""Output files of the pipeline, under output/pipeline/ (atomic, predictable names).

Parquet for Power BI (``transactions.parquet`` plus dimension tables ``merchants``,
``categories``, ``accounts``, ``calendar``, ``months``) typed by the column specs below — the
same specs generate the data dictionary in docs/pipeline.md — and the Excel review workbook
``balance_data.xlsx`` (Transactions, Queue_Review, Monthly_Summary, Settlement).

Reading is Core-only and columnar: rows are fetched in partitions and turned into Arrow arrays
per partition, so a million transactions never become a million Python dicts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ledgerctl.context import AppContext
from ledgerctl.outputs.columns import Column, data_dictionary_markdown, money

if TYPE_CHECKING:
    import pyarrow as pa

WORKBOOK_NAME = "balance_data.xlsx"
UNCATEGORIZED = "Uncategorized"
PARTITION = 100_000
EXCEL_TRANSACTIONS_LIMIT = 50_000
EXCEL_QUEUE_LIMIT = 20_000

TRANSACTION_COLUMNS = [
    Column("fingerprint", "string", "Identity of the transaction across exports (32 hex "
           "characters, '-', occurrence number of same-day twins).", nullable=False),
    Column("date", "date", "Transaction date.", nullable=False),
    Column("post_date", "date", "Date the bank posted it, when the export gives one."),
    Column("period", "category", "Month of the transaction, YYYY-MM (joins months.period).",
           nullable=False),
    money("amount", "Signed amount: money in > 0, money out < 0.", nullable=False),
    Column("currency", "category", "ISO currency code.", nullable=False),
    Column("description", "string", "Description as the bank wrote it.", nullable=False),
    Column("merchant", "category", "Clean merchant name from rules/merchant_lookup.csv "
           "(joins merchants.merchant)."),
    Column("category", "category", "Category: the analyst's choice if reviewed, else the "
           "merchant lookup's, else 'Uncategorized' (joins categories.category).",
           nullable=False),
    Column("auto_category", "category", "Category from the merchant lookup ('' if none)."),
    Column("shared", "category", "Analyst's decision: Y shared (default split), N personal, "
           "S split by split_pct; empty when not reviewed."),
    Column("split_pct", "decimal", "With S: percentage of the expense borne by the owner "
           "who paid (0-100).", precision=5, scale=2),
    Column("reviewed", "bool", "True once an analyst reviewed the row.", nullable=False),
    Column("bank", "category", "Bank (from the bank-format schema)."),
    Column("account", "category", "Account name or number (joins accounts.account)."),
    Column("owner", "category", "Owner of the account (csv_inbox/<owner>/)."),
    money("balance", "Running balance after the transaction, when the bank gives one."),
    Column("reference", "string", "Bank reference, when given."),
    Column("schema_id", "category", "Bank-format schema that read the file."),
    Column("source_file", "category", "File the transaction was first read from."),
    Column("line_no", "int", "Line of the transaction in that file."),
]

MERCHANT_COLUMNS = [
    Column("merchant", "string", "Clean merchant name ('' when the lookup knows none).",
           nullable=False),
    Column("category", "category", "Category the merchant lookup gives it."),
    Column("transactions", "int", "Number of transactions.", nullable=False),
    money("total", "Sum of the signed amounts.", nullable=False),
    Column("first_date", "date", "First transaction."),
    Column("last_date", "date", "Last transaction."),
]

CATEGORY_COLUMNS = [
    Column("category", "string", "Category (as in transactions.category).", nullable=False),
    Column("transactions", "int", "Number of transactions.", nullable=False),
    money("money_in", "Sum of the positive amounts.", nullable=False),
    money("money_out", "Sum of the negative amounts (negative).", nullable=False),
    money("net", "Sum of all amounts.", nullable=False),
]

ACCOUNT_COLUMNS = [
    Column("bank", "string", "Bank.", nullable=False),
    Column("account", "string", "Account name or number.", nullable=False),
    Column("owner", "string", "Owner of the account."),
    Column("currency", "category", "ISO currency code.", nullable=False),
    Column("transactions", "int", "Number of transactions.", nullable=False),
    money("net", "Sum of all amounts.", nullable=False),
    Column("first_date", "date", "First transaction."),
    Column("last_date", "date", "Last transaction."),
]

CALENDAR_COLUMNS = [
    Column("date", "date", "Every day from the first to the last transaction.", nullable=False),
    Column("year", "int", "Calendar year.", nullable=False),
    Column("quarter", "int", "Quarter 1-4.", nullable=False),
    Column("month", "int", "Month 1-12.", nullable=False),
    Column("month_name", "category", "Month name (January...).", nullable=False),
    Column("period", "category", "YYYY-MM (joins months.period).", nullable=False),
    Column("weekday", "category", "Day name (Monday...).", nullable=False),
    Column("is_weekend", "bool", "Saturday or Sunday.", nullable=False),
]

MONTH_COLUMNS = [
    Column("period", "string", "YYYY-MM.", nullable=False),
    Column("year", "int", "Calendar year.", nullable=False),
    Column("month", "int", "Month 1-12.", nullable=False),
    Column("month_start", "date", "First day.", nullable=False),
    Column("month_end", "date", "Last day.", nullable=False),
    Column("transactions", "int", "Number of transactions.", nullable=False),
    money("money_in", "Sum of the positive amounts.", nullable=False),
    money("money_out", "Sum of the negative amounts (negative).", nullable=False),
    money("net", "Sum of all amounts.", nullable=False),
]

PARQUET_TABLES: list[tuple[str, list[Column], str]] = [
    ("transactions", TRANSACTION_COLUMNS, "One row per bank transaction (fact table)."),
    ("merchants", MERCHANT_COLUMNS, "One row per clean merchant name."),
    ("categories", CATEGORY_COLUMNS, "One row per category."),
    ("accounts", ACCOUNT_COLUMNS, "One row per bank account."),
    ("calendar", CALENDAR_COLUMNS, "One row per day (date dimension)."),
    ("months", MONTH_COLUMNS, "One row per month with transactions."),
]


def data_dictionary() -> str:
    """Markdown data dictionary of every Parquet file (pasted into docs/pipeline.md)."""
    parts = [data_dictionary_markdown(cols, f"{name}.parquet", desc)
             for name, cols, desc in PARQUET_TABLES]
    return "\n".join(parts)


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
    return pa.Array.from_buffers(pa.decimal128(precision, 2), len(ints),
                                 [validity, pa.py_buffer(words.tobytes())],
                                 null_count=ints.null_count)


def date_array(values: Sequence[Any]) -> pa.Array:
    """Dates as date32 (SQLite hands back ISO text, Postgres dates)."""
    import pyarrow as pa

    array = pa.array(values)
    if pa.types.is_null(array.type):
        return pa.nulls(len(array), pa.date32())
    return array.cast(pa.date32())


def money_of(minor: int | None) -> Decimal:
    return (Decimal(minor or 0) / 100).quantize(Decimal("0.01"))


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


TXN_SQL = """
SELECT t.fingerprint, t.txn_date, t.post_date, t.amount, t.currency, t.description,
       t.merchant, t.category, d.category, d.shared, d.split_pct, t.bank, t.account, t.owner,
       t.balance, t.reference, t.schema_id, f.path, t.line_no
FROM pipeline_transactions t
JOIN pipeline_files f ON f.id = t.file_id AND f.tenant_id = t.tenant_id
LEFT JOIN pipeline_decisions d ON d.tenant_id = t.tenant_id AND d.fingerprint = t.fingerprint
WHERE t.tenant_id = :t
ORDER BY t.txn_date, t.id
"""


def _transaction_batches(conn: Connection, tenant_id: int) -> Iterator[dict[str, pa.Array]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    result = conn.execution_options(stream_results=True, yield_per=PARTITION).execute(
        text(TXN_SQL), {"t": tenant_id})
    for part in result.partitions(PARTITION):
        (fps, dates, posts, amounts, currencies, descs, merchants, autos, chosen, shared, split,
         banks, accounts, owners, balances, refs, schemas, files, lines) = zip(*part, strict=True)
        day = date_array(dates)
        auto = pa.array(autos, pa.string())
        pick = pa.array(chosen, pa.string())
        category = pc.coalesce(pick, pc.if_else(pc.equal(auto, ""), None, auto),
                               pa.scalar(UNCATEGORIZED))
        yield {
            "fingerprint": pa.array(fps, pa.string()), "date": day,
            "post_date": date_array(posts),
            "period": pc.utf8_slice_codeunits(day.cast(pa.string()), 0, 7),
            "amount": cents_array(amounts), "currency": pa.array(currencies, pa.string()),
            "description": pa.array(descs, pa.string()),
            "merchant": pa.array(merchants, pa.string()), "category": category,
            "auto_category": auto, "shared": pa.array(shared, pa.string()),
            "split_pct": cents_array(split, precision=5),
            "reviewed": pc.invert(pc.is_null(pa.array(shared, pa.string()))),
            "bank": pa.array(banks, pa.string()), "account": pa.array(accounts, pa.string()),
            "owner": pa.array(owners, pa.string()), "balance": cents_array(balances),
            "reference": pa.array(refs, pa.string()), "schema_id": pa.array(schemas, pa.string()),
            "source_file": pa.array(files, pa.string()), "line_no": pa.array(lines, pa.int64()),
        }


def transaction_columns(conn: Connection, tenant_id: int) -> dict[str, Any]:
    """Every transaction of the tenant as Arrow columns (chunked by partition)."""
    import pyarrow as pa

    from ledgerctl.outputs.parquet import arrow_type

    chunks: dict[str, list[pa.Array]] = {c.name: [] for c in TRANSACTION_COLUMNS}
    for batch in _transaction_batches(conn, tenant_id):
        for name, array in batch.items():
            chunks[name].append(array)
    return {c.name: pa.chunked_array(chunks[c.name], type=arrow_type(c))
            for c in TRANSACTION_COLUMNS}


EFFECTIVE = ("COALESCE(d.category, CASE WHEN t.category = '' THEN NULL ELSE t.category END, "
             f"'{UNCATEGORIZED}')")
JOIN_D = ("FROM pipeline_transactions t LEFT JOIN pipeline_decisions d "
          "ON d.tenant_id = t.tenant_id AND d.fingerprint = t.fingerprint WHERE t.tenant_id = :t")


def _rows(conn: Connection, sql: str, tenant_id: int) -> list[Any]:
    return list(conn.execute(text(sql), {"t": tenant_id}))


def dimension_rows(conn: Connection, tenant_id: int) -> dict[str, list[dict[str, Any]]]:
    """Rows of the dimension tables, aggregated in SQL."""
    merchants = [{"merchant": m, "category": c or None, "transactions": n, "total": money_of(s),
                  "first_date": as_date(a), "last_date": as_date(b)}
                 for m, c, n, s, a, b in _rows(conn, (
                     "SELECT merchant, MAX(category), COUNT(*), SUM(amount), MIN(txn_date), "
                     "MAX(txn_date) FROM pipeline_transactions WHERE tenant_id = :t "
                     "GROUP BY merchant ORDER BY merchant"), tenant_id)]
    categories = [{"category": c, "transactions": n, "money_in": money_of(i),
                   "money_out": money_of(o), "net": money_of(s)}
                  for c, n, i, o, s in _rows(conn, (
                      f"SELECT {EFFECTIVE} AS cat, COUNT(*), "
                      "SUM(CASE WHEN t.amount > 0 THEN t.amount ELSE 0 END), "
                      "SUM(CASE WHEN t.amount < 0 THEN t.amount ELSE 0 END), SUM(t.amount) "
                      f"{JOIN_D} GROUP BY {EFFECTIVE} ORDER BY 1"), tenant_id)]
    accounts = [{"bank": b, "account": a, "owner": o, "currency": c, "transactions": n,
                 "net": money_of(s), "first_date": as_date(x), "last_date": as_date(y)}
                for b, a, o, c, n, s, x, y in _rows(conn, (
                    "SELECT bank, account, MAX(owner), currency, COUNT(*), SUM(amount), "
                    "MIN(txn_date), MAX(txn_date) FROM pipeline_transactions WHERE tenant_id = :t "
                    "GROUP BY bank, account, currency ORDER BY bank, account, currency"),
                    tenant_id)]
    months: dict[str, dict[str, Any]] = {}
    for day, n, i, o, s in _rows(conn, (
            "SELECT txn_date, COUNT(*), SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), "
            "SUM(CASE WHEN amount < 0 THEN amount ELSE 0 END), SUM(amount) "
            "FROM pipeline_transactions WHERE tenant_id = :t GROUP BY txn_date"), tenant_id):
        d = as_date(day)
        assert d is not None
        key = f"{d:%Y-%m}"
        m = months.setdefault(key, {"period": key, "year": d.year, "month": d.month,
                                    "month_start": d.replace(day=1),
                                    "month_end": _month_end(d), "transactions": 0,
                                    "money_in": 0, "money_out": 0, "net": 0})
        m["transactions"] += n
        m["money_in"] += i
        m["money_out"] += o
        m["net"] += s
    month_rows = []
    for key in sorted(months):
        m = months[key]
        m.update(money_in=money_of(m["money_in"]), money_out=money_of(m["money_out"]),
                 net=money_of(m["net"]))
        month_rows.append(m)
    return {"merchants": merchants, "categories": categories, "accounts": accounts,
            "months": month_rows, "calendar": _calendar(month_rows)}


def _month_end(d: date) -> date:
    nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


def _calendar(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not months:
        return []
    day, last = months[0]["month_start"], months[-1]["month_end"]
    out = []
    while day <= last:
        out.append({"date": day, "year": day.year, "quarter": (day.month - 1) // 3 + 1,
                    "month": day.month, "month_name": f"{day:%B}", "period": f"{day:%Y-%m}",
                    "weekday": f"{day:%A}", "is_weekend": day.weekday() >= 5})
        day += timedelta(days=1)
    return out


def write_powerbi(conn: Connection, tenant_id: int, out_dir: Path) -> list[Path]:
    """Write every Parquet table of the tenant to ``out_dir``; returns the paths."""
    from ledgerctl.outputs.parquet import write_parquet

    written = [write_parquet(out_dir / "transactions.parquet",
                             transaction_columns(conn, tenant_id), TRANSACTION_COLUMNS,
                             description=PARQUET_TABLES[0][2])]
    dims = dimension_rows(conn, tenant_id)
    for name, columns, description in PARQUET_TABLES[1:]:
        written.append(write_parquet(out_dir / f"{name}.parquet", dims[name], columns,
                                     description=description))
    return written


def parquet_paths(out_dir: Path) -> list[Path]:
    return [out_dir / f"{name}.parquet" for name, _, _ in PARQUET_TABLES]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def refresh(ctx: AppContext, output_type: str, *, changed: bool,
            workbook_ok: bool) -> tuple[list[Path], list[str]]:
    """Rewrite the outputs that are asked for and out of date (or missing)."""
    from ledgerctl.access import read_transaction
    from ledgerctl.pipeline import review
    from ledgerctl.pipeline.service import output_dir

    out_dir = output_dir(ctx)
    written: list[Path] = []
    notes: list[str] = []
    want_parquet = output_type in ("all", "powerbi")
    want_excel = output_type in ("all", "excel")
    workbook = out_dir / WORKBOOK_NAME
    if want_parquet and (changed or not all(p.exists() for p in parquet_paths(out_dir))):
        with read_transaction(ctx, "pipeline.process") as (conn, access):
            written += write_powerbi(conn, access.tenant_id, out_dir)
    if want_excel and (changed or not workbook.exists()):
        if workbook_ok:
            written.append(review.write_review_workbook(ctx, workbook))
        else:
            notes.append(f"{display(ctx, workbook)} was not rewritten: fix the edits reported "
                         "above, then run again")
    return written, notes


def display(ctx: AppContext, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ctx.home.resolve()).as_posix()
    except ValueError:
        return str(path)
