"""Helpers for the ledger tests: row counts straight from the database, a service context."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

TABLES = ("journal_entries", "postings", "period_totals", "fiscal_periods", "accounts", "audit_log")


class Db:
    """Direct SQL access to a test workspace's database (to check what was written)."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    def scalar(self, sql: str, **params: object) -> object:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def rows(self, sql: str, **params: object) -> list[tuple]:
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]

    def counts(self) -> dict[str, int]:
        return {t: int(self.scalar(f"SELECT COUNT(*) FROM {t}")) for t in TABLES}  # type: ignore[arg-type]


@pytest.fixture
def db(workspace) -> Iterator[Db]:  # type: ignore[no-untyped-def]
    handle = Db(workspace.db_url)
    yield handle
    handle.engine.dispose()


@pytest.fixture
def ctx(workspace):  # type: ignore[no-untyped-def]
    """An admin AppContext on the test workspace (disposed after the test)."""
    context = workspace.ctx()
    yield context
    context.dispose()
