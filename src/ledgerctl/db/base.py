"""The one metadata every table registers on, with constraint naming for alembic/SQLite batch."""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata = SQLModel.metadata


class TenantRow(SQLModel):
    """Base of every tenant-scoped table: its ``id`` and the ``tenant_id`` it belongs to.

    Row-level security is switched on per table by ``__table_args__`` carrying ``RLS_INFO``
    (``ledgerctl.db.rls``); a table that also looks rows up by tenant alone adds
    ``tenant_index()`` there.
    """

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")


def tenant_index() -> Index:
    """An index on ``tenant_id`` named by the naming convention (``ix_<table>_tenant_id``)."""
    return Index(None, "tenant_id")


def load_all_tables() -> None:
    """Import every group's tables so the metadata is complete (migrations, checks)."""
    import importlib

    for pkg in (
        "tenancy",
        "audit",
        "sequences",
        "jobs",
        "ledger",
        "billing",
        "fdms",
        "layby",
        "pos",
        "pipeline",
        "backup",
    ):
        try:
            importlib.import_module(f"ledgerctl.{pkg}.tables")
        except ModuleNotFoundError as exc:
            if exc.name != f"ledgerctl.{pkg}.tables":
                raise
