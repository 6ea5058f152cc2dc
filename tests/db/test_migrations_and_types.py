"""Migrations match the code (alembic check), and the money column never loses a cent."""

from decimal import Decimal

import pytest
from alembic import command
from alembic.util.exc import CommandError
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select
from sqlalchemy.exc import StatementError

from ledgerctl.core.errors import UsageError
from ledgerctl.db import migrate
from ledgerctl.db.engine import make_engine
from ledgerctl.db.types import Money
from tests.conftest import Workspace


def test_alembic_check_is_clean(workspace: Workspace) -> None:
    engine = make_engine(workspace.db_url)
    try:
        command.check(migrate.alembic_config(engine))  # raises when code and schema differ
        assert migrate.current_revision(engine) == migrate.head_revision(engine)
    finally:
        engine.dispose()


def test_alembic_check_notices_a_missing_table(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(CommandError):
        command.check(migrate.alembic_config(engine))
    engine.dispose()


def test_sqlite_pragmas(sqlite_workspace: Workspace) -> None:
    engine = make_engine(sqlite_workspace.db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def test_money_column_round_trips_and_refuses_floats_and_fractions(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    meta = MetaData()
    table = Table("t", meta, Column("id", Integer, primary_key=True), Column("amount", Money()))
    meta.create_all(engine)
    values = [Decimal("0.01"), Decimal("-123456789012.34"), Decimal("5")]
    with engine.begin() as conn:
        conn.execute(table.insert(), [{"amount": v} for v in values])
        stored = conn.exec_driver_sql("SELECT amount FROM t ORDER BY id").scalars().all()
        assert stored == [1, -12345678901234, 500]  # integer minor units in the database
        back = conn.execute(select(table.c.amount).order_by(table.c.id)).scalars().all()
        assert back == [Decimal("0.01"), Decimal("-123456789012.34"), Decimal("5.00")]
    with pytest.raises(StatementError) as err, engine.begin() as conn:
        conn.execute(table.insert(), [{"amount": Decimal("0.001")}])
    assert isinstance(err.value.orig, UsageError)
    with pytest.raises(StatementError) as err, engine.begin() as conn:
        conn.execute(table.insert(), [{"amount": 0.1}])
    assert isinstance(err.value.orig, TypeError)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM t").scalar() == 3
    engine.dispose()
