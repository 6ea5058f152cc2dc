"""Export a tenant's pos data for people: one Excel workbook and Parquet files (typed,
self-documenting columns), as the offboarding runbook's "export all reports, customer list".

Files in the export folder, per tenant ``SLUG``:

- ``SLUG-export.xlsx``: sheets Customers, Products, Stock, Sales, Returns, Trial balance
  (frozen headers, filters, money formats; a sheet stops at 1,000,000 rows, the Parquet files
  have everything);
- ``sales.parquet``, ``sale_lines.parquet``, ``stock_movements.parquet``, ``journal.parquet``,
  ``customers.parquet``, ``products.parquet`` (columns below, descriptions stored in the
  files). The data dictionary in docs/pos.md is generated from ``PARQUET``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from ledgerctl.outputs.api import Column, money
from ledgerctl.work import Work

MAX_SHEET_ROWS = 1_000_000


@dataclass(frozen=True)
class Dataset:
    """One exported table: file name, description, columns and the SQL that reads it
    (``:t`` is the tenant id; amounts come back in minor units and are scaled)."""

    name: str
    description: str
    columns: tuple[Column, ...]
    sql: str


def _qty(name: str, description: str) -> Column:
    return Column(name, "decimal", description, scale=3)


PARQUET = (
    Dataset(
        "sales",
        "One row per sale.",
        (
            Column(
                "number", "string", "Invoice number, gapless per branch and year.", nullable=False
            ),
            Column("sale_date", "date", "Date of the sale."),
            Column("branch", "category", "Branch code."),
            Column("kind", "category", "retail or wholesale."),
            Column("customer", "string", "Customer code (empty for walk-in customers)."),
            Column("price_mode", "category", "Prices were tax-inclusive or tax-exclusive."),
            Column("regime", "category", "Tax regime applied (by sale date)."),
            money("net", "Net value (sum of the lines' nets)."),
            money("tax", "Total tax (sum of the lines' rounded taxes)."),
            money("gross", "What the customer pays: net + tax."),
            money("change_given", "Change handed back in cash."),
            money("cost", "Cost of the goods sold (moving average)."),
            Column("till_receipt", "string", "The till's own receipt id, when imported."),
            Column("posting", "category", "Ledger posting status: posted, pending or failed."),
            Column("entry", "string", "Journal entry number that carries the sale."),
        ),
        "SELECT s.number, s.sale_date, b.code, s.kind, p.code, s.price_mode, s.regime, s.net, "
        "s.tax_total, s.gross, s.change_given, s.cost, s.till_receipt, j.status, j.entry_number "
        "FROM pos_sales s JOIN branches b ON b.id = s.branch_id LEFT JOIN parties p ON "
        "p.id = s.customer_id LEFT JOIN pos_postings j ON j.tenant_id = s.tenant_id AND "
        "j.doc_type = 'sale' AND j.doc_id = s.id WHERE s.tenant_id = :t ORDER BY s.id",
    ),
    Dataset(
        "sale_lines",
        "One row per sale line, with its taxes.",
        (
            Column("number", "string", "Invoice number of the sale.", nullable=False),
            Column("line_no", "int", "Line number within the sale."),
            Column("sku", "string", "Product SKU."),
            _qty("quantity", "Quantity sold (3 decimals)."),
            Column("unit_price", "decimal", "Unit price as charged (4 decimals).", scale=4),
            Column("tax_class", "category", "standard, zero or exempt."),
            money("net", "Net value of the line."),
            money("tax", "Taxes of the line (each rounded half-up to the pesewa)."),
            money("gross", "Net + taxes."),
            money("cost", "Cost of the goods of the line."),
            Column("taxes", "string", 'Each tax of the line as JSON, e.g. {"VAT":"15.00"}.'),
        ),
        "SELECT s.number, l.line_no, pr.sku, l.quantity, l.unit_price, l.tax_class, l.net, "
        "l.tax_total, l.gross, l.cost, l.taxes FROM pos_sale_lines l JOIN pos_sales s ON "
        "s.id = l.sale_id JOIN pos_products pr ON pr.id = l.product_id WHERE l.tenant_id = :t "
        "ORDER BY l.id",
    ),
    Dataset(
        "stock_movements",
        "Every change of stock.",
        (
            Column("moved_on", "date", "Date of the movement."),
            Column("branch", "category", "Branch code."),
            Column("sku", "string", "Product SKU."),
            Column(
                "kind",
                "category",
                "receipt, sale, return, transfer_out, transfer_in, adjustment or variance.",
            ),
            _qty("quantity", "Signed quantity (negative: out)."),
            money("value", "Signed value at cost."),
            Column("reference", "string", "Document number."),
        ),
        "SELECT m.moved_on, l.code, pr.sku, m.kind, m.quantity, m.value, m.reference FROM "
        "pos_stock_movements m JOIN pos_locations l ON l.id = m.location_id JOIN pos_products "
        "pr ON pr.id = m.product_id WHERE m.tenant_id = :t ORDER BY m.id",
    ),
    Dataset(
        "journal",
        "Every ledger posting of the tenant (all groups).",
        (
            Column("number", "string", "Journal entry number."),
            Column("entry_date", "date", "Date of the entry."),
            Column("description", "string", "Entry description."),
            Column("reference", "string", "Document the entry comes from."),
            Column("account", "category", "Account code."),
            money("amount", "Signed amount: debit positive, credit negative."),
            Column("currency", "category", "ISO currency code."),
        ),
        "SELECT e.number, e.entry_date, e.description, e.reference, a.code, p.amount, "
        "p.currency FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN accounts "
        "a ON a.id = p.account_id WHERE p.tenant_id = :t ORDER BY p.entry_id, p.line_no",
    ),
    Dataset(
        "customers",
        "Customers.",
        (
            Column("code", "string", "Customer code."),
            Column("name", "string", "Name."),
            Column("phone", "string", "Phone."),
            Column("email", "string", "E-mail."),
            Column("address", "string", "Address."),
            Column("tin", "string", "Tax id."),
        ),
        "SELECT code, name, phone, email, address, tax_id FROM parties WHERE tenant_id = :t "
        "ORDER BY code",
    ),
    Dataset(
        "products",
        "The catalog.",
        (
            Column("sku", "string", "SKU."),
            Column("name", "string", "Name."),
            Column("unit", "category", "Unit of sale."),
            Column("price", "decimal", "Retail price (4 decimals).", scale=4),
            Column("wholesale_price", "decimal", "Wholesale price (4 decimals).", scale=4),
            Column("tax_class", "category", "standard, zero or exempt."),
            Column("cost", "decimal", "Standard unit cost (4 decimals).", scale=4),
            Column("status", "category", "active or inactive."),
        ),
        "SELECT sku, name, unit, price, wholesale_price, tax_class, cost, status FROM "
        "pos_products WHERE tenant_id = :t ORDER BY sku",
    ),
)


def _read(work: Work, dataset: Dataset) -> list[dict[str, Any]]:
    from decimal import Decimal

    scales = {c.name: c.scale for c in dataset.columns if c.type == "decimal"}
    names = [c.name for c in dataset.columns]
    out = []
    for row in work.session.connection().execute(text(dataset.sql), {"t": work.tenant_id}):
        item = dict(zip(names, row, strict=True))
        for name, scale in scales.items():
            if item[name] is not None:
                item[name] = Decimal(item[name]).scaleb(-scale)
        if item.get("sale_date") is not None and not isinstance(item.get("sale_date"), date):
            item["sale_date"] = date.fromisoformat(str(item["sale_date"]))
        for key in ("moved_on", "entry_date"):
            if key in item and item[key] is not None and not isinstance(item[key], date):
                item[key] = date.fromisoformat(str(item[key]))
        out.append(item)
    return out


def write_parquet_files(work: Work, folder: Path) -> list[Path]:
    from ledgerctl.outputs.api import write_parquet

    written = []
    for dataset in PARQUET:
        rows = _read(work, dataset)
        written.append(
            write_parquet(
                folder / f"{dataset.name}.parquet",
                rows,
                dataset.columns,
                description=dataset.description,
            )
        )
    return written


def _sheets(work: Work) -> list[Any]:
    from ledgerctl.ledger.api import trial_balance
    from ledgerctl.outputs.api import ExcelColumn, Sheet
    from ledgerctl.pos import ar_report, stock_report, views
    from ledgerctl.pos.catalog import list_products

    def sheet(title: str, items: Sequence[Any], money_keys: tuple[str, ...] = ()) -> Sheet:
        rows = [r if isinstance(r, dict) else asdict(r) for r in items]
        keys = list(rows[0]) if rows else ["(none)"]
        cols = [ExcelColumn(k, k, "money" if k in money_keys else "text") for k in keys]
        notes = (
            (f"first {MAX_SHEET_ROWS:,} of {len(rows):,} rows; all are in the Parquet files",)
            if len(rows) > MAX_SHEET_ROWS
            else ()
        )
        return Sheet(title, cols, rows[:MAX_SHEET_ROWS], notes=notes)

    sales = views.list_sales(work, limit=1_000_000)
    tb = trial_balance(work, date.today()).table()
    return [
        sheet("Customers", ar_report.list_customers(work), ("balance",)),
        sheet("Products", list_products(work), ("price", "wholesale_price", "cost")),
        sheet("Stock", stock_report.stock_levels(work), ("value",)),
        sheet("Sales", sales, ("net", "tax", "gross")),
        sheet("Returns", views.list_returns(work, limit=1_000_000), ("net", "tax", "gross")),
        sheet("Trial balance", tb, ("debit", "credit")),
    ]


def write_workbook_file(work: Work, target: Path) -> Path:
    from ledgerctl.outputs.api import write_workbook

    return write_workbook(target, _sheets(work))
