"""Postgres row-level security on the tenant column: a second line of defence.

Every query of the application already filters by ``tenant_id``. On Postgres, tables whose
``Table.info`` has ``tenant_rls: True`` also get a policy that shows and accepts only rows of
the tenant named in the transaction's ``app.tenant_id`` setting; ``unit_of_work`` sets it
(``SET LOCAL`` through ``set_config(..., true)``) as soon as it has resolved the tenant, and
code that deliberately works on another tenant's rows (onboarding, offboarding) switches it
with ``set_tenant``. Without the setting such a table shows no rows at all.

``FORCE ROW LEVEL SECURITY`` makes the policies bind the tables' owner too, so an application
connecting as the owning role is restricted as well. Superusers and roles with BYPASSRLS are
never restricted by Postgres (this is how migrations, backups and the test suite's admin
connection see everything). ``apply_policies`` is idempotent and runs at the end of every
``db upgrade`` (migrations/env.py), so the DDL survives regenerating the baseline migration.
"""

from __future__ import annotations

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection

SETTING = "app.tenant_id"
POLICY = "tenant_isolation"


def rls_tables(metadata: MetaData) -> list[str]:
    """Names of the tables that carry the ``tenant_rls`` flag."""
    return sorted(t.name for t in metadata.tables.values() if t.info.get("tenant_rls"))


def policy_sql(table: str) -> list[str]:
    """The statements that (re)create the tenant policy of one table."""
    current = f"NULLIF(current_setting('{SETTING}', true), '')::integer"
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}"',
        f'CREATE POLICY {POLICY} ON "{table}" USING (tenant_id = {current}) '
        f"WITH CHECK (tenant_id = {current})",
    ]


def apply_policies(conn: Connection, metadata: MetaData) -> list[str]:
    """Create the policies on Postgres (nothing on other databases); returns the tables."""
    if conn.dialect.name != "postgresql":
        return []
    tables = rls_tables(metadata)
    for table in tables:
        for statement in policy_sql(table):
            conn.execute(text(statement))
    return tables


def set_tenant(conn: Connection, tenant_id: int) -> None:
    """Make the rest of the current transaction act for ``tenant_id`` (Postgres only)."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(
        text("SELECT set_config(:name, :value, true)"),
        {"name": SETTING, "value": str(int(tenant_id))},
    )
