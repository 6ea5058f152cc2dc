"""Use cases behind ``ledgerctl db ...``: migrate the database, report and check its schema.

Not units of work: they act on the whole database (no tenant, no actor), through alembic.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledgerctl.context import AppContext


@dataclass(frozen=True)
class SchemaState:
    """The database's migration revision and the code's head revision."""

    current: str | None
    head: str | None

    @property
    def at_head(self) -> bool:
        return self.current == self.head


@dataclass(frozen=True)
class SchemaCheck:
    """A schema comparison: the revisions and each difference between database and code."""

    state: SchemaState
    differences: tuple[str, ...]


def schema_state(ctx: AppContext) -> SchemaState:
    """Where the database is, and where the code is."""
    from ledgerctl.db import migrate

    engine = ctx.engine
    return SchemaState(migrate.current_revision(engine), migrate.head_revision(engine))


def upgrade_schema(ctx: AppContext, revision: str = "head") -> SchemaState:
    """Apply the migrations up to ``revision``; the state afterwards."""
    from ledgerctl.db import migrate

    migrate.upgrade(ctx.engine, revision)
    return schema_state(ctx)


def check_schema(ctx: AppContext) -> SchemaCheck:
    """Compare the migrated schema with the tables in code (nothing compared before head)."""
    from ledgerctl.db import migrate

    state = schema_state(ctx)
    if not state.at_head:
        return SchemaCheck(state, ())
    return SchemaCheck(state, tuple(migrate.check(ctx.engine)))
