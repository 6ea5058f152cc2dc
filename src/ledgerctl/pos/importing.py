"""`pos sale import FILE`: a day's till export (CSV or Excel) recorded as sales, all or none.

One row per sale line::

    receipt,date,branch,kind,customer,sku,quantity,unit_price,payment,prices
    T1-000123,2026-02-03,ACC-01,retail,,RICE-5KG,2,,cash=250.00,
    T1-000123,2026-02-03,ACC-01,retail,,SOAP,1,6.50,,

``receipt``, ``date``, ``sku`` and ``quantity`` are required. Rows of one receipt are one
sale; its header fields (date, branch, kind, customer, payment, prices) may be repeated on
every row or given once, but must not disagree. ``payment`` is ``TENDER=AMOUNT`` pairs
separated by ``;`` (empty: exact cash). ``branch`` empty: the receipt's branch from an
earlier row, else the ``--branch`` given. Every row
is checked before anything is written; a bad row rejects the whole file with
``file:LINE: field: problem``. A receipt imported before with the same content is skipped, so
importing a file twice records it once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ledgerctl.context import AppContext
from ledgerctl.core.clock import parse_date
from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.pos.drafts import LineDraft, PaymentDraft, Recorded, SaleDraft
from ledgerctl.pos.lookup import products_by_sku
from ledgerctl.pos.sales import record_sales
from ledgerctl.pos.tabular import Cell, decimal_cell, read_table
from ledgerctl.work import Work, unit_of_work

REQUIRED = ("receipt", "date", "sku", "quantity")
HEADER_FIELDS = ("date", "branch", "kind", "customer", "payment", "prices")


@dataclass
class _Receipt:
    cell: Cell
    head: dict[str, tuple[str, Cell]] = field(default_factory=dict)
    lines: list[LineDraft] = field(default_factory=list)


def _payments(cell: Cell, text: str) -> tuple[PaymentDraft, ...]:
    out = []
    for part in (p.strip() for p in text.split(";") if p.strip()):
        tender, sep, amount = part.partition("=")
        if not sep:
            raise UsageError(f"{cell.where('payment')}: {part!r}: write TENDER=AMOUNT[;...]")
        value = decimal_cell(cell, "payment", amount.strip(), places=2, positive=True)
        out.append(PaymentDraft(tender.strip().lower(), value))  # type: ignore[arg-type]
    return tuple(out)


def _head(receipt: _Receipt, cell: Cell, cells: dict[str, str]) -> None:
    for name in HEADER_FIELDS:
        value = cells.get(name, "")
        if not value:
            continue
        if name in receipt.head and receipt.head[name][0] != value:
            first = receipt.head[name][1]
            raise UsageError(
                f"{cell.where(name)}: {value!r} differs from {first.file}:"
                f"{first.line} ({receipt.head[name][0]!r}) for receipt "
                f"{cells['receipt']}"
            )
        receipt.head.setdefault(name, (value, cell))


def _group(path: Path, default_branch: str | None) -> dict[tuple[str, str], _Receipt]:
    receipts: dict[tuple[str, str], _Receipt] = {}
    branch_of: dict[str, str] = {}  # a row without a branch continues its receipt's branch
    for cell, cells in read_table(path, REQUIRED, sheet="Sales"):
        if not cells.get("receipt"):
            raise UsageError(f"{cell.where('receipt')}: a value is required")
        branch = (
            cells.get("branch") or branch_of.get(cells["receipt"]) or default_branch or ""
        ).upper()
        branch_of[cells["receipt"]] = branch
        receipt = receipts.setdefault((branch, cells["receipt"]), _Receipt(cell))
        _head(receipt, cell, cells)
        qty = decimal_cell(cell, "quantity", cells["quantity"], places=3, positive=True)
        price = decimal_cell(
            cell, "unit_price", cells.get("unit_price", ""), places=4, required=False
        )
        if not cells["sku"]:
            raise UsageError(f"{cell.where('sku')}: a value is required")
        receipt.lines.append(
            LineDraft(
                cells["sku"],
                qty,  # type: ignore[arg-type]
                price,
                f"{cell.file}:{cell.line}",
            )
        )
    if not receipts:
        raise UsageError(f"{Path(path).name}: no sales in the file")
    return receipts


def _draft(key: tuple[str, str], r: _Receipt) -> SaleDraft:
    head = {name: value for name, (value, _) in r.head.items()}
    if "date" not in head:
        raise UsageError(f"{r.cell.where('date')}: a value is required for receipt {key[1]}")
    day: date = parse_date(head["date"], field=r.head["date"][1].where("date"))
    payments = _payments(r.head["payment"][1], head["payment"]) if "payment" in head else ()
    return SaleDraft(
        day,
        tuple(r.lines),
        payments,
        branch=key[0] or None,
        kind=head.get("kind", "retail").lower(),
        customer=head.get("customer"),
        price_mode=head.get("prices"),
        till_receipt=key[1],
        source="import",
        origin=f"{r.cell.file}:{r.cell.line}",
    )


def _check_skus(work: Work, drafts: list[SaleDraft]) -> None:
    known = products_by_sku(work, {ln.sku for d in drafts for ln in d.lines})
    for line in (ln for d in drafts for ln in d.lines):
        if line.sku not in known:
            raise NotFound(
                f"{line.origin}: sku: unknown SKU {line.sku!r}; add it with "
                "`ledgerctl pos product add` or fix the file"
            )


def read_drafts(work: Work, path: Path, default_branch: str | None) -> list[SaleDraft]:
    """Every sale of the file, checked row by row (nothing written)."""
    drafts = [_draft(k, r) for k, r in _group(path, default_branch).items()]
    _check_skus(work, drafts)
    return drafts


def import_sales(
    work: Work, path: Path, *, branch: str | None = None, defer_posting: bool = False
) -> Recorded:
    """Record every sale of the file in the caller's transaction (all or nothing)."""
    drafts = read_drafts(work, path, branch)
    return record_sales(work, drafts, defer_posting=defer_posting, label=Path(path).name)


def iter_rows(drafts: list[SaleDraft]) -> Iterator[dict[str, object]]:
    """Sales as import rows (the file format above), e.g. to write a sample file."""
    for d in drafts:
        pay = ";".join(f"{p.tender}={p.amount}" for p in d.payments)
        for i, ln in enumerate(d.lines):
            yield {
                "receipt": d.till_receipt,
                "date": d.sale_date,
                "branch": d.branch or "",
                "kind": d.kind,
                "customer": d.customer or "",
                "sku": ln.sku,
                "quantity": ln.quantity,
                "unit_price": ln.unit_price if ln.unit_price is not None else "",
                "payment": pay if i == 0 else "",
                "prices": d.price_mode or "",
            }


COLUMNS = (
    "receipt",
    "date",
    "branch",
    "kind",
    "customer",
    "sku",
    "quantity",
    "unit_price",
    "payment",
    "prices",
)


@dataclass(frozen=True)
class ImportResult:
    """What ``pos sale import`` recorded: sales, duplicates skipped, gross and the posting."""

    sales: int
    duplicates: int
    gross: Decimal
    posting: str
    error: str
    first: str
    last: str


def import_file(
    ctx: AppContext, path: Path, branch: str | None, defer_posting: bool
) -> ImportResult:
    """Record a till export in one unit of work under the job lock ``pos.sale-import`` (the
    job run is its own transaction, so this takes the context)."""
    from ledgerctl.jobs.api import job_run

    with (
        job_run(ctx, "pos.sale-import", permission="pos.import") as run,
        unit_of_work(ctx, "pos.import") as work,
    ):
        recorded = import_sales(work, path, branch=branch, defer_posting=defer_posting)
        sales = recorded.sales
        run.processed = len(sales)
        run.detail = f"{path.name}: {len(sales)} sales, {len(recorded.duplicates)} duplicates"
        return ImportResult(
            len(sales),
            len(recorded.duplicates),
            sum((s.gross for s in sales), Decimal("0.00")),
            recorded.posting_status,
            recorded.posting_error,
            sales[0].number if sales else "",
            sales[-1].number if sales else "",
        )
