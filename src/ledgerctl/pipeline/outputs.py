"""Output files of the pipeline, under output/pipeline/ (atomic, predictable names).

Parquet for Power BI (``transactions.parquet`` plus dimension tables ``merchants``,
``categories``, ``accounts``, ``calendar``, ``months``) typed by the column specs below — the
same specs generate the data dictionary in docs/pipeline.md — and the Excel review workbook
``balance_data.xlsx`` (Transactions, Queue_Review, Monthly_Summary, Settlement).

The Parquet writer is in ``parquet``, the workbook's in ``workbook``; ``refresh`` decides
which of them a run rewrites.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.outputs.api import Column, data_dictionary_markdown, money

WORKBOOK_NAME = "balance_data.xlsx"
UNCATEGORIZED = "Uncategorized"
PARTITION = 100_000
EXCEL_TRANSACTIONS_LIMIT = 50_000
EXCEL_QUEUE_LIMIT = 20_000

TRANSACTION_COLUMNS = [
    Column(
        "fingerprint",
        "string",
        "Identity of the transaction across exports (32 hex "
        "characters, '-', occurrence number of same-day twins).",
        nullable=False,
    ),
    Column("date", "date", "Transaction date.", nullable=False),
    Column("post_date", "date", "Date the bank posted it, when the export gives one."),
    Column(
        "period",
        "category",
        "Month of the transaction, YYYY-MM (joins months.period).",
        nullable=False,
    ),
    money("amount", "Signed amount: money in > 0, money out < 0.", nullable=False),
    Column("currency", "category", "ISO currency code.", nullable=False),
    Column("description", "string", "Description as the bank wrote it.", nullable=False),
    Column(
        "merchant",
        "category",
        "Clean merchant name from rules/merchant_lookup.csv (joins merchants.merchant).",
    ),
    Column(
        "category",
        "category",
        "Category: the analyst's choice if reviewed, else the "
        "merchant lookup's, else 'Uncategorized' (joins categories.category).",
        nullable=False,
    ),
    Column("auto_category", "category", "Category from the merchant lookup ('' if none)."),
    Column(
        "shared",
        "category",
        "Analyst's decision: Y shared (default split), N personal, "
        "S split by split_pct; empty when not reviewed.",
    ),
    Column(
        "split_pct",
        "decimal",
        "With S: percentage of the expense borne by the owner who paid (0-100).",
        precision=5,
        scale=2,
    ),
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
    Column(
        "merchant", "string", "Clean merchant name ('' when the lookup knows none).", nullable=False
    ),
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
    parts = [
        data_dictionary_markdown(cols, f"{name}.parquet", desc)
        for name, cols, desc in PARQUET_TABLES
    ]
    return "\n".join(parts)


def money_of(minor: int | None) -> Decimal:
    """Integer minor units (cents) as an exact amount."""
    return (Decimal(minor or 0) / 100).quantize(Decimal("0.01"))


def as_date(value: Any) -> date | None:
    """A date from the database (SQLite hands back ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes (to notice an analyst's edit of an output)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def refresh(
    ctx: AppContext, output_type: str, *, changed: bool, workbook_ok: bool
) -> tuple[list[Path], list[str]]:
    """Rewrite the outputs that are asked for and out of date (or missing)."""
    from ledgerctl.access import read_transaction
    from ledgerctl.pipeline.parquet import parquet_paths, write_powerbi
    from ledgerctl.pipeline.paths import display_path, output_dir
    from ledgerctl.pipeline.workbook import write_review_workbook

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
            written.append(write_review_workbook(ctx, workbook))
        else:
            notes.append(
                f"{display_path(ctx, workbook)} was not rewritten: fix the edits reported "
                "above, then run again"
            )
    return written, notes
