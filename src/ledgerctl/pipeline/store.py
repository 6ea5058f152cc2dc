"""Storing parsed bank files: one file per transaction, each transaction once per fingerprint.

``store_file`` runs inside the caller's unit of work: the file row, its new transactions (Core
``insert()`` executemany, many rows per statement) and its problems commit together or not at
all. Rows whose fingerprint is already stored (the same transaction in an overlapping export)
are counted as duplicates and skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Date, bindparam, delete, insert, select
from sqlalchemy.engine import Connection

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import UsageError
from ledgerctl.pipeline.domain import CanonicalRow, RowProblem, fingerprints
from ledgerctl.pipeline.tables import PipelineFile, PipelineProblem, PipelineTransaction

Cleaner = Callable[[str], tuple[str, str]]

TXN = PipelineTransaction.__table__  # type: ignore[attr-defined]
FILES = PipelineFile.__table__  # type: ignore[attr-defined]
PROBLEMS = PipelineProblem.__table__  # type: ignore[attr-defined]

TXN_COLUMNS = [c.name for c in TXN.columns if c.name != "id"]

INSERT_CHUNK = 5000
SQLITE_CACHE_KB = 256 * 1024
LOOKUP_CHUNK = 500


@dataclass
class StoredFile:
    """What storing one file did."""

    file_id: int
    rows_read: int
    rows_new: int
    rows_duplicate: int
    problems: int


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def known_hashes(conn: Connection, tenant_id: int) -> set[str]:
    """content_sha256 of every file already stored for the tenant."""
    return set(
        conn.execute(select(FILES.c.content_sha256).where(FILES.c.tenant_id == tenant_id)).scalars()
    )


def existing_fingerprints(conn: Connection, tenant_id: int, prints: Sequence[str]) -> set[str]:
    """Which of ``prints`` are already stored for the tenant."""
    found: set[str] = set()
    query = select(TXN.c.fingerprint).where(
        TXN.c.tenant_id == tenant_id, TXN.c.fingerprint.in_(bindparam("fps", expanding=True))
    )
    for start in range(0, len(prints), LOOKUP_CHUNK):
        chunk = list(prints[start : start + LOOKUP_CHUNK])
        found.update(conn.execute(query, {"fps": chunk}).scalars())
    return found


def _cents(value: Decimal | None) -> int | None:
    """Minor units of an amount (refuses sub-cent amounts like the Money column does)."""
    if value is None:
        return None
    scaled = value.scaleb(2)
    cents = int(scaled)
    if cents != scaled:
        raise UsageError(f"amount {value} has more than 2 decimal places")
    return cents


# Columns a prepared row carries (fingerprint first); tenant_id and file_id are added by the
# INSERT itself, so rows can be prepared in a worker process before the file has an id.
ROW_COLUMNS = [c for c in TXN_COLUMNS if c not in ("tenant_id", "file_id")]


def prepare_rows(
    rows: Sequence[CanonicalRow], clean: Cleaner, iso_dates: bool
) -> list[tuple[object, ...]]:
    """Row tuples in ``ROW_COLUMNS`` order, in their stored form (cents, JSON text, dates as
    ISO text for SQLite), fingerprinted and merchant-cleaned. Pure: runs in worker processes."""

    def day(value: date | None) -> object:
        return value.isoformat() if iso_dates and value is not None else value

    out: list[tuple[object, ...]] = []
    for fp, row in zip(fingerprints(list(rows)), rows, strict=True):
        merchant, category = clean(row.description)
        extras = (
            json.dumps(row.extras, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            if row.extras
            else None
        )
        out.append(
            (
                fp,
                day(row.date),
                day(row.post_date),
                _cents(row.amount),
                row.currency,
                row.description,
                merchant[:200],
                category[:100],
                row.bank[:100],
                row.account[:100],
                row.owner[:64],
                _cents(row.balance),
                row.reference[:200],
                row.schema_id[:100],
                row.line_no,
                extras,
            )
        )
    return out


def insert_sql(conn: Connection, tenant_id: int, file_id: int) -> str:
    """The INSERT for driver-level executemany (one round of parameter binding, no ORM);
    tenant_id and file_id are integers written into the statement."""
    style = conn.dialect.paramstyle
    marks = [
        "?" if style == "qmark" else f":{i}" if style == "numeric" else "%s"
        for i in range(1, len(ROW_COLUMNS) + 1)
    ]
    return (
        f"INSERT INTO pipeline_transactions (tenant_id, file_id, {', '.join(ROW_COLUMNS)}) "
        f"VALUES ({int(tenant_id)}, {int(file_id)}, {', '.join(marks)})"
    )


def problem_rows(
    tenant_id: int,
    run_id: int | None,
    file_id: int | None,
    kind: str,
    problems: Iterable[RowProblem],
) -> list[dict[str, object]]:
    now = utcnow()
    return [
        {
            "tenant_id": tenant_id,
            "run_id": run_id,
            "file_id": file_id,
            "kind": kind,
            "file": p.file[:1000],
            "line_no": p.line_no,
            "field": p.field[:100],
            "message": p.message,
            "created_at": now,
        }
        for p in problems
    ]


def clear_file_problems(conn: Connection, tenant_id: int, file: str) -> None:
    """Forget earlier 'no schema' / 'unreadable' problems of a file (they are re-checked)."""
    conn.execute(
        delete(PROBLEMS).where(
            PROBLEMS.c.tenant_id == tenant_id, PROBLEMS.c.file == file, PROBLEMS.c.file_id.is_(None)
        )
    )


def record_problems(
    conn: Connection, tenant_id: int, run_id: int | None, kind: str, problems: Sequence[RowProblem]
) -> None:
    """Store problems of a file that was not stored (no schema matched, unreadable)."""
    rows = problem_rows(tenant_id, run_id, None, kind, problems)
    if rows:
        conn.execute(insert(PROBLEMS), rows)


def store_file(
    conn: Connection,
    tenant_id: int,
    *,
    path: str,
    sha256: str,
    schema_id: str,
    owner: str,
    rows: Sequence[CanonicalRow],
    problems: Sequence[RowProblem],
    gaps: Sequence[RowProblem],
    clean: Cleaner,
    run_id: int | None,
    actor: str,
) -> StoredFile:
    """Store one parsed file whole: file row, new transactions, problems (caller's transaction)."""
    prepared = prepare_rows(rows, clean, conn.dialect.name == "sqlite")
    return store_prepared(
        conn,
        tenant_id,
        path=path,
        sha256=sha256,
        schema_id=schema_id,
        owner=owner,
        prepared=prepared,
        problems=problems,
        gaps=gaps,
        run_id=run_id,
        actor=actor,
    )


def store_prepared(
    conn: Connection,
    tenant_id: int,
    *,
    path: str,
    sha256: str,
    schema_id: str,
    owner: str,
    prepared: Sequence[tuple[object, ...]],
    problems: Sequence[RowProblem],
    gaps: Sequence[RowProblem],
    run_id: int | None,
    actor: str,
) -> StoredFile:
    """Store prepared rows of one file whole (see ``prepare_rows``), in the caller's
    transaction; rows whose fingerprint is already stored count as duplicates."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # ON CONFLICT DO NOTHING counts the new rows itself: no lookups needed
        fresh = list(prepared)
    else:
        existing = existing_fingerprints(conn, tenant_id, [r[0] for r in prepared])  # type: ignore[misc]
        fresh = [r for r in prepared if r[0] not in existing] if existing else list(prepared)
    file_id = conn.execute(
        insert(FILES)
        .values(
            tenant_id=tenant_id,
            path=path[:1000],
            content_sha256=sha256,
            schema_id=schema_id[:100],
            owner=owner[:64],
            rows_read=len(prepared),
            rows_new=len(fresh),
            rows_duplicate=len(prepared) - len(fresh),
            problems=len(problems) + len(gaps),
            run_id=run_id,
            processed_at=utcnow(),
            processed_by=actor[:64],
        )
        .returning(FILES.c.id)
    ).scalar_one()
    sql = insert_sql(conn, tenant_id, file_id)
    if sqlite:
        sql += " ON CONFLICT (tenant_id, fingerprint) DO NOTHING"
        before = conn.exec_driver_sql("SELECT total_changes()").scalar_one()
        if len(fresh) > INSERT_CHUNK:
            # a bigger page cache for this connection: inserting into the fingerprint index
            # is random access, and the default 2 MB cache makes a million-row table crawl
            conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
    for start in range(0, len(fresh), INSERT_CHUNK):
        conn.exec_driver_sql(sql, fresh[start : start + INSERT_CHUNK])
    new = len(fresh)
    if sqlite:
        new = conn.exec_driver_sql("SELECT total_changes()").scalar_one() - before
        conn.execute(
            FILES.update()
            .where(FILES.c.id == file_id)
            .values(rows_new=new, rows_duplicate=len(prepared) - new)
        )
    found = problem_rows(tenant_id, run_id, file_id, "row", problems)
    found += problem_rows(tenant_id, run_id, file_id, "balance_gap", gaps)
    if found:
        conn.execute(insert(PROBLEMS), found)
    clear_file_problems(conn, tenant_id, path)
    return StoredFile(file_id, len(prepared), new, len(prepared) - new, len(problems) + len(gaps))


def settle_inputs(conn: Connection, tenant_id: int, period: str) -> list[Any]:
    """Transactions of ``period`` (YYYY-MM) with their review decision, for settlement."""
    from datetime import date as date_

    from sqlalchemy import text

    from ledgerctl.pipeline.domain.settlement import SettleInput

    year, month = int(period[:4]), int(period[5:7])
    start = date_(year, month, 1)
    end = date_(year + (month == 12), month % 12 + 1, 1)
    rows = conn.execute(
        text(
            "SELECT t.fingerprint, t.txn_date, t.description, t.amount, t.currency, t.owner, "
            "d.shared, d.split_pct FROM pipeline_transactions t LEFT JOIN pipeline_decisions d "
            "ON d.tenant_id = t.tenant_id AND d.fingerprint = t.fingerprint "
            "WHERE t.tenant_id = :t AND t.txn_date >= :a AND t.txn_date < :b "
            "ORDER BY t.txn_date, t.id"
        ).bindparams(bindparam("a", type_=Date()), bindparam("b", type_=Date())),
        {"t": tenant_id, "a": start, "b": end},
    )
    out = []
    for fp, day, desc, amount, cur, owner, shared, split in rows:
        out.append(
            SettleInput(
                fp,
                day if isinstance(day, date_) else date_.fromisoformat(str(day)[:10]),
                desc,
                Decimal(amount).scaleb(-2).quantize(Decimal("0.01")),
                cur,
                owner,
                shared,
                None if split is None else Decimal(split).scaleb(-2).quantize(Decimal("0.01")),
            )
        )
    return out
