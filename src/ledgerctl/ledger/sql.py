"""Dialect-specific INSERT … ON CONFLICT for the ledger's upserts (SQLite and Postgres)."""

from __future__ import annotations

from typing import Any

from ledgerctl.work import Work


def upsert_insert(work: Work, table: Any) -> Any:
    """``INSERT`` for ``table`` with ``on_conflict_do_update/nothing`` on the work's dialect."""
    if work.session.bind.dialect.name == "postgresql":  # type: ignore[union-attr]
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
