"""Dialect-specific INSERT … ON CONFLICT for the ledger's upserts (SQLite and Postgres)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlmodel import SQLModel

from ledgerctl.work import Work


def table_of(model: type[SQLModel]) -> Table:
    """The Core ``Table`` of a SQLModel table class (its ``__table__``, untyped in SQLModel)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def upsert_insert(work: Work, table: Any) -> Any:
    """``INSERT`` for ``table`` with ``on_conflict_do_update/nothing`` on the work's dialect."""
    if work.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        return postgres_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
