"""The rows of the review workbook's sheets, read from the database (Core SQL, one tenant)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ledgerctl.pipeline.outputs import (
    EXCEL_QUEUE_LIMIT,
    EXCEL_TRANSACTIONS_LIMIT,
    UNCATEGORIZED,
    as_date,
    money_of,
)


def transactions_sheet(conn: Connection, t: int) -> tuple[list[dict[str, Any]], int]:
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


def queue_sheet(conn: Connection, t: int) -> tuple[list[dict[str, Any]], int]:
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


def monthly_summary(
    conn: Connection, t: int, months: int = 12
) -> tuple[list[str], list[dict[str, Any]]]:
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
