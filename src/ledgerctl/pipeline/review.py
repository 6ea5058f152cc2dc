"""The review loop: the Excel workbook analysts edit, and reading their edits back.

``write_review_workbook`` writes output/pipeline/balance_data.xlsx and records its SHA-256 in
``pipeline_outputs``. ``sync_workbook`` (run by ``pipeline process``) reads the workbook back
only when its bytes changed since ledgerctl wrote it. ``apply_workbook`` validates every
edited row of Queue_Review first; one invalid edit and nothing of that workbook is applied
(exit 2, every problem named by sheet row). Valid decisions are stored by fingerprint in
``pipeline_decisions`` (they survive every later run) and audited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.engine import Connection

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import UsageError
from ledgerctl.pipeline.outputs import (
    EXCEL_QUEUE_LIMIT,
    EXCEL_TRANSACTIONS_LIMIT,
    UNCATEGORIZED,
    WORKBOOK_NAME,
    as_date,
    display,
    money_of,
    sha256_of,
)
from ledgerctl.pipeline.tables import PipelineDecision, PipelineOutput, PipelineTransaction

QUEUE = "Queue_Review"
H_FP, H_CAT, H_SHARED, H_SPLIT = "Fingerprint", "Category", "Shared", "Split %"
SHARED_VALUES = ("Y", "N", "S")
DECISIONS = PipelineDecision.__table__  # type: ignore[attr-defined]
OUTPUTS = PipelineOutput.__table__  # type: ignore[attr-defined]
TXN = PipelineTransaction.__table__  # type: ignore[attr-defined]


@dataclass
class SyncState:
    applied: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Edit:
    row: int
    fingerprint: str
    category: str | None
    shared: str
    split_pct: Decimal | None


# --- reading edits back -----------------------------------------------------------------


def _parse_row(
    where: str, number: int, values: dict[str, Any], categories: dict[str, str], errors: list[str]
) -> Edit | None:
    from ledgerctl.outputs.api import to_decimal, to_text

    fp = to_text(values.get(H_FP))
    cat_text = to_text(values.get(H_CAT))
    shared = to_text(values.get(H_SHARED)).upper()
    raw_split = values.get(H_SPLIT)
    if not cat_text and not shared and (raw_split is None or to_text(raw_split) == ""):
        return None
    prefix = f"{where}, row {number}"
    bad = len(errors)
    if not fp:
        errors.append(f"{prefix}: the {H_FP} cell is empty; do not edit that column")
    category = None
    if cat_text:
        category = categories.get(cat_text.lower())
        if category is None:
            errors.append(
                f"{prefix}: category {cat_text!r} is not a known category "
                "(rules/pipeline.yaml categories or rules/merchant_lookup.csv)"
            )
    if shared and shared not in SHARED_VALUES:
        errors.append(f"{prefix}: Shared {shared!r} must be Y, N or S")
    split: Decimal | None = None
    try:
        split = to_decimal(raw_split, f"{prefix}, column {H_SPLIT!r}")
    except UsageError as exc:
        errors.append(exc.message)
    if split is not None and not Decimal(0) <= split <= Decimal(100):
        errors.append(f"{prefix}: Split % {split} is not a percentage from 0 to 100")
    elif split is not None and split != split.quantize(Decimal("0.01")):
        errors.append(f"{prefix}: Split % {split} has more than 2 decimal places")
    if shared == "S" and split is None:
        errors.append(f"{prefix}: Shared S needs a Split % (0-100)")
    if split is not None and shared != "S":
        errors.append(f"{prefix}: a Split % goes with Shared S only")
    if len(errors) > bad:
        return None
    return Edit(
        number,
        fp,
        category,
        shared or "N",
        None if split is None else split.quantize(Decimal("0.01")),
    )


def read_edits(path: Path, categories: list[str]) -> tuple[list[Edit], list[str]]:
    """Every edited Queue_Review row, and the problems found (by sheet row)."""
    from ledgerctl.outputs.api import read_rows

    by_name = {c.lower(): c for c in categories}
    where = f"{Path(path).name}, sheet {QUEUE!r}"
    edits: list[Edit] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, values in read_rows(path, QUEUE, required=[H_FP, H_CAT, H_SHARED, H_SPLIT]):
        edit = _parse_row(where, number, values, by_name, errors)
        if edit is None:
            continue
        if edit.fingerprint in seen:
            errors.append(
                f"{where}, row {number}: fingerprint {edit.fingerprint} also on row "
                f"{seen[edit.fingerprint]}; do not copy rows"
            )
            continue
        seen[edit.fingerprint] = number
        edits.append(edit)
    return edits, errors


def _existing(
    conn: Connection, tenant_id: int, prints: list[str]
) -> tuple[set[str], dict[str, Any]]:
    known: set[str] = set()
    decisions: dict[str, Any] = {}
    q_txn = select(TXN.c.fingerprint).where(
        TXN.c.tenant_id == tenant_id, TXN.c.fingerprint.in_(bindparam("f", expanding=True))
    )
    q_dec = select(DECISIONS).where(
        DECISIONS.c.tenant_id == tenant_id,
        DECISIONS.c.fingerprint.in_(bindparam("f", expanding=True)),
    )
    for start in range(0, len(prints), 500):
        chunk = prints[start : start + 500]
        known.update(conn.execute(q_txn, {"f": chunk}).scalars())
        for row in conn.execute(q_dec, {"f": chunk}).mappings():
            decisions[row["fingerprint"]] = dict(row)
    return known, decisions


def _decision_view(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"category": row["category"], "shared": row["shared"], "split_pct": row["split_pct"]}


def apply_workbook(
    ctx: AppContext,
    path: Path,
    *,
    permission: str = "pipeline.review",
    source: str = "review apply",
) -> int:
    """Validate and store the edits of a workbook; returns how many decisions changed."""
    from ledgerctl.pipeline.config import review_categories
    from ledgerctl.work import unit_of_work

    edits, errors = read_edits(path, review_categories(ctx.home))
    sha = sha256_of(path)
    changed = 0
    with unit_of_work(ctx, permission) as work:
        conn = work.session.connection()
        known, decisions = _existing(conn, work.tenant_id, [e.fingerprint for e in edits])
        for edit in edits:
            if edit.fingerprint not in known:
                errors.append(
                    f"{Path(path).name}, sheet {QUEUE!r}, row {edit.row}: fingerprint "
                    f"{edit.fingerprint!r} is not a stored transaction; the "
                    f"{H_FP} column must not be edited (export the workbook again)"
                )
        if errors:
            raise UsageError(
                f"{len(errors)} invalid edit(s) in {Path(path).name}; nothing "
                "from it was applied:\n  " + "\n  ".join(errors)
            )
        now = utcnow()
        for edit in edits:
            before = decisions.get(edit.fingerprint)
            after = {"category": edit.category, "shared": edit.shared, "split_pct": edit.split_pct}
            if _decision_view(before) == after:
                continue
            values = {
                **after,
                "decided_at": now,
                "decided_by": work.actor.name[:64],
                "source": f"{source}: {Path(path).name}"[:255],
            }
            if before is None:
                conn.execute(
                    insert(DECISIONS).values(
                        tenant_id=work.tenant_id, fingerprint=edit.fingerprint, **values
                    )
                )
            else:
                conn.execute(
                    update(DECISIONS).where(DECISIONS.c.id == before["id"]).values(**values)
                )
            work.audit(
                "pipeline.review.decide",
                "pipeline_transaction",
                edit.fingerprint,
                _decision_view(before),
                after,
            )
            changed += 1
        record_output(conn, work.tenant_id, WORKBOOK_NAME, sha, len(edits))
    return changed


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


def sync_workbook(
    ctx: AppContext, path: Path, *, source: str = "process", permission: str = "pipeline.process"
) -> SyncState:
    """Apply the analyst's edits if the workbook changed since ledgerctl wrote it."""
    if not path.exists():
        return SyncState()
    if recorded_sha(ctx, permission=permission) == sha256_of(path):
        return SyncState()
    try:
        return SyncState(applied=apply_workbook(ctx, path, permission=permission, source=source))
    except UsageError as exc:
        return SyncState(errors=[exc.message])


# --- writing the workbook ---------------------------------------------------------------


def _transactions_sheet(conn: Connection, t: int) -> tuple[list[dict[str, Any]], int]:
    total = conn.execute(
        text("SELECT count(*) FROM pipeline_transactions WHERE tenant_id = :t"), {"t": t}
    ).scalar_one()
    rows = conn.execute(
        text(
            "SELECT t.txn_date, t.description, t.merchant, t.category, d.category, t.amount, "
            "t.currency, t.owner, t.bank, t.account, d.shared, d.split_pct, t.fingerprint "
            "FROM pipeline_transactions t LEFT JOIN pipeline_decisions d "
            "ON d.tenant_id = t.tenant_id AND d.fingerprint = t.fingerprint WHERE t.tenant_id = :t "
            "ORDER BY t.txn_date DESC, t.id DESC LIMIT :n"
        ),
        {"t": t, "n": EXCEL_TRANSACTIONS_LIMIT},
    )
    out = [
        {
            "date": as_date(day),
            "description": desc,
            "merchant": merchant,
            "category": chosen or auto or UNCATEGORIZED,
            "amount": money_of(amount),
            "currency": cur,
            "owner": owner,
            "bank": bank,
            "account": account,
            "shared": shared or "",
            "split_pct": None if split is None else money_of(split),
            "fingerprint": fp,
        }
        for (
            day,
            desc,
            merchant,
            auto,
            chosen,
            amount,
            cur,
            owner,
            bank,
            account,
            shared,
            split,
            fp,
        ) in rows
    ]
    out.reverse()
    return out, total


def _queue_sheet(conn: Connection, t: int) -> tuple[list[dict[str, Any]], int]:
    base = (
        "FROM pipeline_transactions t LEFT JOIN pipeline_decisions d "
        "ON d.tenant_id = t.tenant_id AND d.fingerprint = t.fingerprint "
        "WHERE t.tenant_id = :t AND d.id IS NULL"
    )
    total = conn.execute(text(f"SELECT count(*) {base}"), {"t": t}).scalar_one()
    rows = conn.execute(
        text(
            "SELECT t.fingerprint, t.txn_date, t.description, t.merchant, t.category, t.amount, "
            f"t.currency, t.owner, t.account {base} "
            "ORDER BY CASE WHEN t.category = '' THEN 0 ELSE 1 END, t.txn_date DESC, t.id DESC "
            "LIMIT :n"
        ),
        {"t": t, "n": EXCEL_QUEUE_LIMIT},
    )
    return [
        {
            "fingerprint": fp,
            "date": as_date(day),
            "description": desc,
            "merchant": merchant,
            "auto_category": auto or "",
            "amount": money_of(amount),
            "currency": cur,
            "owner": owner,
            "account": account,
            "category": None,
            "shared": None,
            "split_pct": None,
        }
        for fp, day, desc, merchant, auto, amount, cur, owner, account in rows
    ], total


def _monthly(conn: Connection, t: int, months: int = 12) -> tuple[list[str], list[dict]]:
    rows = conn.execute(
        text(
            "SELECT t.txn_date, COALESCE(d.category, CASE WHEN t.category = '' THEN NULL "
            f"ELSE t.category END, '{UNCATEGORIZED}'), SUM(t.amount) "
            "FROM pipeline_transactions t LEFT JOIN pipeline_decisions d "
            "ON d.tenant_id = t.tenant_id AND d.fingerprint = t.fingerprint WHERE t.tenant_id = :t "
            "GROUP BY t.txn_date, 2"
        ),
        {"t": t},
    )
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    periods: set[str] = set()
    for day, cat, total in rows:
        period = f"{as_date(day):%Y-%m}"
        periods.add(period)
        sums[cat][period] += int(total)
    keep = sorted(periods)[-months:]
    out = []
    for cat in sorted(sums):
        row: dict[str, Any] = {"category": cat}
        for p in keep:
            row["m" + p.replace("-", "_")] = money_of(sums[cat].get(p, 0))
        row["total"] = money_of(sum(sums[cat].get(p, 0) for p in keep))
        out.append(row)
    return keep, out


def latest_period(conn: Connection, t: int) -> str | None:
    last = conn.execute(
        text("SELECT MAX(txn_date) FROM pipeline_transactions WHERE tenant_id = :t"), {"t": t}
    ).scalar()
    return None if last is None else f"{as_date(last):%Y-%m}"


def build_sheets(
    ctx: AppContext, conn: Connection, t: int, settlement_period: str | None = None
) -> list[Any]:
    """The four sheets of balance_data.xlsx."""
    from ledgerctl.outputs.api import (
        BarChart,
        ExcelColumn,
        ListValidation,
        RangeValidation,
        Sheet,
    )
    from ledgerctl.pipeline import settle, store
    from ledgerctl.pipeline.config import load_config, review_categories

    config = load_config(ctx.home)
    categories = review_categories(ctx.home, config)
    txns, n_txns = _transactions_sheet(conn, t)
    queue, n_queue = _queue_sheet(conn, t)
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
    periods, monthly = _monthly(conn, t)
    m_keys = ["m" + p.replace("-", "_") for p in periods]
    m_cols = [
        ExcelColumn("category", "Category", width=20),
        *[ExcelColumn(k, p, "money", total=True) for k, p in zip(m_keys, periods, strict=True)],
        ExcelColumn("total", "Total", "money", total=True),
    ]
    sheets = [
        Sheet("Transactions", t_cols, txns, notes=t_notes),
        Sheet(QUEUE, q_cols, queue, notes=q_notes, extra_validation_rows=0),
        Sheet(
            "Monthly_Summary",
            m_cols,
            monthly,
            totals_label="Total",
            chart=BarChart("Net amount by category and month", "category", m_keys, y_title="Amount")
            if m_keys
            else None,
        ),
    ]
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
        result = settle.compute(config, period, store.settle_inputs(conn, t, period))
        s_rows = result.line_rows()
        s_notes = [
            f"Settlement {period}: {result.result}",
            *[f"{p['owner']}: {p['position']:,.2f}" for p in result.position_rows()],
            *result.notes,
        ]
    sheets.append(
        Sheet("Settlement", s_cols, s_rows, notes=s_notes, totals_label="Total" if s_rows else None)
    )
    return sheets


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


__all__ = ["apply_workbook", "display", "sync_workbook", "write_review_workbook"]
