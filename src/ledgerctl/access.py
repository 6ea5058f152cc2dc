"""Who may do what: resolve tenant and actor and check the permission, with Core SQL only.

Both the ORM unit of work (``work.unit_of_work``) and the lean read path used by hot read
commands (``read_transaction``, e.g. the trial balance) call ``resolve_access``, so the
rules and their messages live in one place. No ORM import here: importing it costs more than
a trial balance query.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound, PermissionDenied
from ledgerctl.tenancy.api import role_allows, role_book


@dataclass(frozen=True)
class Access:
    """The resolved tenant and actor of one command, and the actor's roles there."""

    tenant_id: int
    tenant_slug: str
    user_id: int
    user_name: str
    roles: tuple[str, ...]


def _tenant(conn: Connection, slug: str) -> tuple[int, str]:
    row = conn.execute(text("SELECT id, status FROM tenants WHERE slug = :s"), {"s": slug}).first()
    if row is None:
        raise NotFound(f"tenant {slug!r} not found; see `ledgerctl tenant list`")
    return int(row[0]), str(row[1])


def _user(conn: Connection, name: str) -> int:
    row = conn.execute(text("SELECT id, status FROM users WHERE name = :n"), {"n": name}).first()
    if row is None:
        raise PermissionDenied(
            f"user {name!r} is not a ledgerctl user; pass --user NAME or ask an admin to run "
            f"`ledgerctl user add {name}`"
        )
    if row[1] != "active":
        raise PermissionDenied(f"user {name!r} is disabled; an admin can re-enable it")
    return int(row[0])


def _roles(conn: Connection, tenant_id: int, user_id: int) -> tuple[str, ...]:
    rows = conn.execute(
        text(
            "SELECT role FROM memberships WHERE tenant_id = :t AND user_id = :u "
            "AND status = 'active'"
        ),
        {"t": tenant_id, "u": user_id},
    )
    return tuple(sorted(r[0] for r in rows))


def _check_status(slug: str, status: str, write: bool) -> None:
    if status == "closed":
        raise PermissionDenied(f"tenant {slug!r} is closed; its data is archived")
    if status == "suspended" and write:
        raise PermissionDenied(
            f"tenant {slug!r} is suspended: data is read-only until it is reactivated"
        )


def require_permission(ctx: AppContext, access: Access, permission: str) -> None:
    """Exit 7 unless one of the actor's roles grants ``permission``."""
    if not role_allows(role_book(ctx.home), list(access.roles), permission):
        raise PermissionDenied(
            f"user {access.user_name!r} lacks permission {permission!r} in tenant "
            f"{access.tenant_slug!r} (roles: {', '.join(access.roles) or 'none'}); an admin "
            f"can grant a role with `ledgerctl user grant {access.user_name} ROLE`"
        )


def resolve_access(
    conn: Connection,
    ctx: AppContext,
    permission: str | None,
    *,
    write: bool,
    tenant_slug: str | None = None,
) -> Access:
    """Resolve tenant and actor; check membership, tenant status and the permission."""
    slug, name = tenant_slug or ctx.tenant_slug, ctx.actor_name
    tenant_id, status = _tenant(conn, slug)
    user_id = _user(conn, name)
    roles = _roles(conn, tenant_id, user_id)
    if not roles:
        raise PermissionDenied(
            f"user {name!r} is not a member of tenant {slug!r}; an admin can add them with "
            f"`ledgerctl user grant {name} ROLE --tenant {slug}`"
        )
    _check_status(slug, status, write)
    access = Access(tenant_id, slug, user_id, name, roles)
    if permission:
        require_permission(ctx, access, permission)
    return access


@contextmanager
def read_transaction(ctx: AppContext, permission: str) -> Iterator[tuple[Connection, Access]]:
    """A read-only Core transaction for the context's tenant, after the permission check."""
    with ctx.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn = conn.execution_options(sqlite_begin="DEFERRED")
        with conn.begin():
            yield conn, resolve_access(conn, ctx, permission, write=False)
