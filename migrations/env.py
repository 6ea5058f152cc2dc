"""Alembic environment: runs against the engine handed over by ledgerctl.db.migrate."""

from __future__ import annotations

from alembic import context

from ledgerctl.db.base import load_all_tables, metadata
from ledgerctl.db.rls import apply_policies

load_all_tables()
config = context.config


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from ledgerctl.db.engine import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection = connection.execution_options(sqlite_begin="IMMEDIATE")
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            apply_policies(connection, metadata)  # Postgres row-level security (db/rls.py)
        if connection.in_transaction():
            connection.commit()


run_migrations_online()
