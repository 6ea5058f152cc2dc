"""The review workbook (output/pipeline/balance_data.xlsx): a product of the pipeline.

Four sheets: Transactions, Queue_Review (what analysts edit), Monthly_Summary, Settlement.
``write_review_workbook`` writes it and records its SHA-256 in ``pipeline_outputs``, so an
analyst's edit is noticed (``workbook_is_ours``) and read back by ``review.sync_workbook``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.pipeline.outputs import WORKBOOK_NAME, sha256_of
from ledgerctl.pipeline.review_edits import H_CAT, H_FP, H_SHARED, H_SPLIT, QUEUE, SHARED_VALUES
from ledgerctl.pipeline.tables import PipelineOutput
from ledgerctl.pipeline.workbook_data import (
    latest_period,
    monthly_summary,
    queue_sheet,
    transactions_sheet,
)

if TYPE_CHECKING:
    from ledgerctl.pipeline.config import PipelineConfig

OUTPUTS = PipelineOutput.__table__  # type: ignore[attr-defined]


def recorded_sha(
    ctx: AppContext, name: str = WORKBOOK_NAME, permission: str = "pipeline.read"
) -> str | None:
    from ledgerctl.access import read_transaction

    with read_transaction(ctx, permission) as (conn, access):
        return conn.execute(
            select(OUTPUTS.c.sha256).where(
                OUTPUTS.c.tenant_id == access.tenant_id, OUTPUTS.c.name == name
            )
        ).scalar()


def record_output(conn: Connection, tenant_id: int, name: str, sha: str, rows: int) -> None:
    values = {"sha256": sha, "rows": rows, "written_at": utcnow()}
    done = conn.execute(
        update(OUTPUTS)
        .where(OUTPUTS.c.tenant_id == tenant_id, OUTPUTS.c.name == name)
        .values(**values)
    )
    if not done.rowcount:
        conn.execute(insert(OUTPUTS).values(tenant_id=tenant_id, name=name, **values))


def _transactions(conn: Connection, t: int) -> Any:
    from ledgerctl.outputs.api import ExcelColumn, Sheet

    txns, n_txns = transactions_sheet(conn, t)
    t_cols = [
        ExcelColumn("date", "Date", "date"),
        ExcelColumn("description", "Description", width=40),
        ExcelColumn("merchant", "Merchant", width=22),
        ExcelColumn("category", "Category", width=18),
        ExcelColumn("amount", "Amount", "money", total=True),
        ExcelColumn("currency", "Currency", width=9),
        ExcelColumn("owner", "Owner", width=12),
        ExcelColumn("bank", "Bank", width=14),
        ExcelColumn("account", "Account", width=16),
        ExcelColumn("shared", "Shared", width=8),
        ExcelColumn("split_pct", "Split %", "number", number_format="0.00"),
        ExcelColumn("fingerprint", "Fingerprint", width=38),
    ]
    t_notes = (
        [
            f"Showing the latest {len(txns):,} of {n_txns:,} transactions; "
            "transactions.parquet has them all."
        ]
        if n_txns > len(txns)
        else []
    )
    return Sheet("Transactions", t_cols, txns, notes=t_notes)


def _queue(conn: Connection, t: int, categories: list[str]) -> Any:
    from ledgerctl.outputs.api import ExcelColumn, ListValidation, RangeValidation, Sheet

    queue, n_queue = queue_sheet(conn, t)
    q_cols = [
        ExcelColumn("fingerprint", H_FP, width=38),
        ExcelColumn("date", "Date", "date"),
        ExcelColumn("description", "Description", width=40),
        ExcelColumn("merchant", "Merchant", width=22),
        ExcelColumn("auto_category", "Auto category", width=18),
        ExcelColumn("amount", "Amount", "money"),
        ExcelColumn("currency", "Currency", width=9),
        ExcelColumn("owner", "Owner", width=12),
        ExcelColumn("account", "Account", width=16),
        ExcelColumn(
            "category",
            H_CAT,
            width=18,
            validation=ListValidation(categories, error="Pick a category from the list."),
        ),
        ExcelColumn(
            "shared",
            H_SHARED,
            width=9,
            validation=ListValidation(
                SHARED_VALUES,
                error="Y = shared (default split), N = personal, S = split by Split %.",
            ),
        ),
        ExcelColumn(
            "split_pct",
            H_SPLIT,
            "number",
            width=9,
            number_format="0.00",
            validation=RangeValidation(
                0, 100, error="Enter a percentage from 0 to 100 (your share with S)."
            ),
        ),
    ]
    q_notes = (
        [
            f"Showing {len(queue):,} of {n_queue:,} rows waiting for review; the rest "
            "appear after these are reviewed."
        ]
        if n_queue > len(queue)
        else []
    )
    return Sheet(QUEUE, q_cols, queue, notes=q_notes, extra_validation_rows=0)


def _monthly(conn: Connection, t: int) -> Any:
    from ledgerctl.outputs.api import BarChart, ExcelColumn, Sheet

    periods, monthly = monthly_summary(conn, t)
    m_keys = ["m" + p.replace("-", "_") for p in periods]
    m_cols = [
        ExcelColumn("category", "Category", width=20),
        *[ExcelColumn(k, p, "money", total=True) for k, p in zip(m_keys, periods, strict=True)],
        ExcelColumn("total", "Total", "money", total=True),
    ]
    chart = (
        BarChart("Net amount by category and month", "category", m_keys, y_title="Amount")
        if m_keys
        else None
    )
    return Sheet("Monthly_Summary", m_cols, monthly, totals_label="Total", chart=chart)


def _settlement(
    conn: Connection, t: int, config: PipelineConfig, settlement_period: str | None
) -> Any:
    from ledgerctl.outputs.api import ExcelColumn, Sheet
    from ledgerctl.pipeline import store
    from ledgerctl.pipeline.domain.settlement import compute

    period = settlement_period or latest_period(conn, t)
    owners = list(config.owners)
    s_cols = [
        ExcelColumn("date", "Date", "date"),
        ExcelColumn("description", "Description", width=40),
        ExcelColumn("paid_by", "Paid by", width=12),
        ExcelColumn("paid_to", "Paid to", width=12),
        ExcelColumn("kind", "Kind", width=9),
        ExcelColumn("split_pct", "Split %", "number", number_format="0.00"),
        ExcelColumn("amount", "Amount", "money", total=True),
        *[ExcelColumn(f"share_{o}", f"Share {o}", "money", total=True) for o in owners],
        ExcelColumn("fingerprint", "Fingerprint", width=38),
    ]
    if period is None or len(owners) < 2:
        s_rows: list[dict[str, Any]] = []
        s_notes = [
            "Settlement needs two or more owners in rules/pipeline.yaml and stored "
            "transactions; then run `ledgerctl pipeline settle --period YYYY-MM`."
        ]
    else:
        result = compute(config, period, store.settle_inputs(conn, t, period))
        s_rows = result.line_rows()
        s_notes = [
            f"Settlement {period}: {result.result}",
            *[f"{p['owner']}: {p['position']:,.2f}" for p in result.position_rows()],
            *result.notes,
        ]
    totals = "Total" if s_rows else None
    return Sheet("Settlement", s_cols, s_rows, notes=s_notes, totals_label=totals)


def build_sheets(
    ctx: AppContext, conn: Connection, t: int, settlement_period: str | None = None
) -> list[Any]:
    """The four sheets of balance_data.xlsx."""
    from ledgerctl.pipeline.config import load_config, review_categories

    config = load_config(ctx.home)
    return [
        _transactions(conn, t),
        _queue(conn, t, review_categories(ctx.home, config)),
        _monthly(conn, t),
        _settlement(conn, t, config, settlement_period),
    ]


def write_review_workbook(
    ctx: AppContext,
    path: Path,
    *,
    settlement_period: str | None = None,
    permission: str = "pipeline.process",
) -> Path:
    """Write balance_data.xlsx and remember its hash (so an analyst's edit is noticed)."""
    from ledgerctl.access import read_transaction
    from ledgerctl.outputs.api import write_workbook
    from ledgerctl.work import unit_of_work

    with read_transaction(ctx, permission) as (conn, access):
        sheets = build_sheets(ctx, conn, access.tenant_id, settlement_period)
    write_workbook(path, sheets)
    with unit_of_work(ctx, permission) as work:
        record_output(
            work.session.connection(),
            work.tenant_id,
            WORKBOOK_NAME,
            sha256_of(path),
            len(sheets[1].rows),
        )
    return path


def workbook_is_ours(ctx: AppContext, path: Path, permission: str) -> bool:
    """True when the workbook is missing or unchanged since ledgerctl wrote it."""
    return not path.exists() or recorded_sha(ctx, permission=permission) == sha256_of(path)
