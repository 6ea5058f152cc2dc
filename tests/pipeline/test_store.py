"""Storage: each transaction once per fingerprint, same-day twins kept, files whole."""

from __future__ import annotations

from sqlalchemy import text

from ledgerctl.pipeline import store
from ledgerctl.work import unit_of_work
from tests.conftest import Workspace
from tests.pipeline.test_store_helpers import row


def _store(ws: Workspace, sha: str, rows: list) -> store.StoredFile:
    ctx = ws.ctx()
    try:
        with unit_of_work(ctx, "pipeline.process") as work:
            return store.store_file(
                work.session.connection(),
                work.tenant_id,
                path=f"{sha}.csv",
                sha256=sha,
                schema_id="generic",
                owner="",
                rows=rows,
                problems=[],
                gaps=[],
                clean=lambda d: (d.title(), "Food" if "KFC" in d else ""),
                run_id=None,
                actor="admin",
            )
    finally:
        ctx.dispose()


def _count(ws: Workspace, sql: str) -> int:
    ctx = ws.ctx()
    try:
        with ctx.engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()
    finally:
        ctx.dispose()


def test_overlapping_exports_store_each_transaction_once(workspace: Workspace) -> None:
    a = [
        row("2025-09-01", "KFC Osu", "-10.00"),
        row("2025-09-02", "Shell", "-20.00"),
        row("2025-09-02", "Shell", "-20.00"),
    ]  # genuine same-day twins
    first = _store(workspace, "a", a)
    assert (first.rows_new, first.rows_duplicate) == (3, 0)
    b = [
        row("2025-09-02", "Shell", "-20.00"),
        row("2025-09-02", "Shell", "-20.00"),
        row("2025-09-03", "Melcom", "-5.00"),
    ]
    second = _store(workspace, "b", b)
    assert (second.rows_new, second.rows_duplicate) == (1, 2)
    assert _count(workspace, "SELECT count(*) FROM pipeline_transactions") == 4
    assert _count(workspace, "SELECT count(*) FROM pipeline_files") == 2
    assert _count(workspace, "SELECT SUM(amount) FROM pipeline_transactions") == -5500
    assert (
        _count(
            workspace,
            "SELECT count(*) FROM pipeline_transactions "
            "WHERE merchant = 'Kfc Osu' AND category = 'Food'",
        )
        == 1
    )


def test_a_failing_file_leaves_nothing_behind(workspace: Workspace, monkeypatch) -> None:
    rows = [row("2025-09-01", f"Shop {i}", "-1.00", line=i) for i in range(10)]
    real = store.insert_sql
    calls = []

    def boom(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # the file row is inserted, then its transactions fail
            return real(*args, **kwargs).replace("INSERT INTO", "INSERT INTO missing_")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "INSERT_CHUNK", 3)
    monkeypatch.setattr(store, "insert_sql", boom)
    try:
        _store(workspace, "c", rows)
    except Exception:  # noqa: BLE001 - whatever the database raises
        pass
    else:  # pragma: no cover
        raise AssertionError("expected the failure")
    assert _count(workspace, "SELECT count(*) FROM pipeline_transactions") == 0
    assert _count(workspace, "SELECT count(*) FROM pipeline_files") == 0
    monkeypatch.setattr(store, "insert_sql", real)
    assert _store(workspace, "c", rows).rows_new == 10
