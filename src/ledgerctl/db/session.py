"""Transactions: one session per unit of work; writers take the SQLite write lock up front."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlmodel import Session


@contextmanager
def transaction(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """A session inside one transaction: commit on success, roll back on any error.

    On SQLite a writer starts with ``BEGIN IMMEDIATE`` so two writers queue on the busy
    timeout instead of failing half-way; a reader starts with a plain ``BEGIN``.
    """
    conn = engine.connect()
    if engine.dialect.name == "sqlite":
        conn = conn.execution_options(sqlite_begin="IMMEDIATE" if write else "DEFERRED")
    try:
        with conn.begin(), Session(bind=conn, expire_on_commit=False) as session:
            yield session
            session.flush()
    finally:
        conn.close()
