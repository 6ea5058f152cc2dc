"""The unit of work every service function runs in.

``unit_of_work(ctx, "ledger.post")`` opens one transaction, resolves the tenant and the actor,
checks the actor is an active member holding the permission (``access.resolve_access``), and
yields a ``Work`` whose ``audit()`` writes chained audit rows in the same transaction.
Everything commits together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from sqlmodel import Session, select

from ledgerctl.access import Access, require_permission, resolve_access
from ledgerctl.audit.api import chain
from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound
from ledgerctl.db.rls import set_tenant
from ledgerctl.db.session import transaction
from ledgerctl.tenancy.api import Tenant, User, role_allows, role_book


@dataclass
class Work:
    """An open transaction for one tenant and one actor."""

    ctx: AppContext
    session: Session
    tenant: Tenant
    actor: User
    access: Access

    @property
    def tenant_id(self) -> int:
        return self.access.tenant_id

    @property
    def roles(self) -> list[str]:
        return list(self.access.roles)

    def audit(
        self,
        action: str,
        entity_type: str,
        entity_id: object,
        before: Any = None,
        after: Any = None,
        *,
        tenant_id: int | None = None,
    ) -> None:
        """Record a change in the audit chain of this (or the given) tenant."""
        chain.append(
            self.session,
            tenant_id or self.tenant_id,
            self.actor.name,
            action,
            entity_type,
            entity_id,
            before,
            after,
        )

    def can(self, permission: str) -> bool:
        return role_allows(role_book(self.ctx.home), self.roles, permission)

    def require(self, permission: str) -> None:
        """Exit 7 unless the actor's roles grant ``permission`` in this tenant."""
        require_permission(self.ctx, self.access, permission)


def load_tenant(session: Session, slug: str) -> Tenant:
    tenant = session.exec(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is None:
        raise NotFound(f"tenant {slug!r} not found; see `ledgerctl tenant list`")
    return tenant


@contextmanager
def unit_of_work(
    ctx: AppContext, permission: str | None, *, write: bool = True, tenant_slug: str | None = None
) -> Iterator[Work]:
    """One transaction as the invoking actor in the selected tenant, permission checked."""
    with transaction(ctx.engine, write=write) as session:
        access = resolve_access(
            session.connection(), ctx, permission, write=write, tenant_slug=tenant_slug
        )
        set_tenant(session.connection(), access.tenant_id)  # Postgres row-level security
        tenant = session.get(Tenant, access.tenant_id)
        actor = session.get(User, access.user_id)
        assert tenant is not None and actor is not None
        yield Work(ctx=ctx, session=session, tenant=tenant, actor=actor, access=access)


P = ParamSpec("P")
R = TypeVar("R")


class UseCase(Generic[P, R]):
    """A use case: a function over a ``Work`` that also knows how to open its own.

    ``uc(work, ...)`` runs inside the caller's transaction (another use case, another group's
    api); ``uc.run(ctx, ...)`` opens one unit of work as the invoking actor, checks
    ``permission`` and commits when the function returns (what a command calls).
    """

    def __init__(
        self, fn: Callable[Concatenate[Work, P], R], permission: str | None, write: bool
    ) -> None:
        self.fn, self.permission, self.write = fn, permission, write
        self.__doc__, self.__name__ = fn.__doc__, fn.__name__
        self.__wrapped__ = fn

    def __call__(self, work: Work, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.fn(work, *args, **kwargs)

    def run(self, ctx: AppContext, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run in one unit of work of its own, as the invoking actor in the selected tenant."""
        with unit_of_work(ctx, self.permission, write=self.write) as work:
            return self.fn(work, *args, **kwargs)

    def run_in(
        self, ctx: AppContext, tenant_slug: str | None, *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """``run`` in the tenant ``tenant_slug`` (None: the selected tenant), e.g. a ``show``
        of another tenant the actor is a member of."""
        with unit_of_work(ctx, self.permission, write=self.write, tenant_slug=tenant_slug) as work:
            return self.fn(work, *args, **kwargs)


def use_case(
    permission: str | None, *, write: bool = True
) -> Callable[[Callable[Concatenate[Work, P], R]], UseCase[P, R]]:
    """Declare a use case and the permission it needs: ``@use_case("pos.sale")``."""

    def wrap(fn: Callable[Concatenate[Work, P], R]) -> UseCase[P, R]:
        return UseCase(fn, permission, write)

    return wrap
