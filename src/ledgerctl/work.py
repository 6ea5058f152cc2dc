"""The unit of work every service function runs in.

``unit_of_work(ctx, "ledger.post")`` opens one transaction, resolves the tenant and the actor,
checks the actor is an active member holding the permission, and yields a ``Work`` whose
``audit()`` writes chained audit rows in the same transaction. Everything commits together or
not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from ledgerctl.audit import chain
from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound, PermissionDenied
from ledgerctl.db.session import transaction
from ledgerctl.tenancy.roles import role_allows, role_book
from ledgerctl.tenancy.tables import Membership, Tenant, User


@dataclass
class Work:
    """An open transaction for one tenant and one actor."""

    ctx: AppContext
    session: Session
    tenant: Tenant
    actor: User
    roles: list[str]

    @property
    def tenant_id(self) -> int:
        assert self.tenant.id is not None
        return self.tenant.id

    def audit(self, action: str, entity_type: str, entity_id: object,
              before: Any = None, after: Any = None, *, tenant_id: int | None = None) -> None:
        """Record a change in the audit chain of this (or the given) tenant."""
        chain.append(self.session, tenant_id or self.tenant_id, self.actor.name, action,
                     entity_type, entity_id, before, after)

    def can(self, permission: str) -> bool:
        return role_allows(role_book(self.ctx.home), self.roles, permission)

    def require(self, permission: str) -> None:
        """Exit 7 unless the actor's roles grant ``permission`` in this tenant."""
        if not self.can(permission):
            roles = ", ".join(self.roles) or "none"
            raise PermissionDenied(
                f"user {self.actor.name!r} lacks permission {permission!r} in tenant "
                f"{self.tenant.slug!r} (roles: {roles}); an admin can grant a role with "
                f"`ledgerctl user grant {self.actor.name} ROLE`"
            )


def load_tenant(session: Session, slug: str) -> Tenant:
    tenant = session.exec(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is None:
        raise NotFound(f"tenant {slug!r} not found; see `ledgerctl tenant list`")
    return tenant


def load_actor(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise PermissionDenied(
            f"user {name!r} is not a ledgerctl user; pass --user NAME or ask an admin to run "
            f"`ledgerctl user add {name}`"
        )
    if user.status != "active":
        raise PermissionDenied(f"user {name!r} is disabled; an admin can re-enable it")
    return user


def active_roles(session: Session, tenant: Tenant, user: User) -> list[str]:
    rows = session.exec(
        select(Membership.role).where(
            Membership.tenant_id == tenant.id, Membership.user_id == user.id,
            Membership.status == "active",
        )
    ).all()
    return sorted(rows)


def _check_tenant_status(tenant: Tenant, write: bool) -> None:
    if tenant.status == "closed":
        raise PermissionDenied(f"tenant {tenant.slug!r} is closed; its data is archived")
    if tenant.status == "suspended" and write:
        raise PermissionDenied(
            f"tenant {tenant.slug!r} is suspended: data is read-only until it is reactivated"
        )


@contextmanager
def unit_of_work(ctx: AppContext, permission: str | None, *, write: bool = True,
                 tenant_slug: str | None = None) -> Iterator[Work]:
    """One transaction as the invoking actor in the selected tenant, permission checked."""
    with transaction(ctx.engine, write=write) as session:
        tenant = load_tenant(session, tenant_slug or ctx.tenant_slug)
        actor = load_actor(session, ctx.actor_name)
        roles = active_roles(session, tenant, actor)
        if not roles:
            raise PermissionDenied(
                f"user {actor.name!r} is not a member of tenant {tenant.slug!r}; an admin can "
                f"add them with `ledgerctl user grant {actor.name} ROLE --tenant {tenant.slug}`"
            )
        _check_tenant_status(tenant, write)
        work = Work(ctx=ctx, session=session, tenant=tenant, actor=actor, roles=roles)
        if permission:
            work.require(permission)
        yield work
