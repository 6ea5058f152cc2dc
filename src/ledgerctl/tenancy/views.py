"""Read side of tenancy: the tenants you may see, one tenant with its members, the users."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from ledgerctl.tenancy.domain import member_label
from ledgerctl.tenancy.setup import TenantInfo, tenant_info
from ledgerctl.tenancy.tables import Membership, Tenant, User
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class TenantDetail:
    """A tenant and its members as ``user:role`` (inactive ones marked)."""

    id: int | None
    slug: str
    name: str
    status: str
    base_currency: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class UserRow:
    """A member of the current tenant with their active roles."""

    name: str
    status: str
    email: str
    roles: str


@use_case("tenant.read", write=False)
def list_tenants(work: Work) -> list[TenantInfo]:
    """Every tenant the actor is a member of (all tenants for an admin of the current one)."""
    tenants = work.session.exec(select(Tenant).order_by(Tenant.slug)).all()
    if not work.can("tenant.manage"):
        member_of = set(
            work.session.exec(
                select(Membership.tenant_id).where(
                    Membership.user_id == work.actor.id, Membership.status == "active"
                )
            ).all()
        )
        tenants = [t for t in tenants if t.id in member_of]
    return [tenant_info(t) for t in tenants]


@use_case("tenant.read", write=False)
def show_tenant(work: Work) -> TenantDetail:
    """The work's tenant with its members and their roles (run it in the tenant shown)."""
    members = work.session.exec(
        select(User.name, Membership.role, Membership.status)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(Membership.tenant_id == work.tenant_id)
        .order_by(User.name, Membership.role)
    ).all()
    t = work.tenant
    labels = tuple(member_label(n, r, s) for n, r, s in members)
    return TenantDetail(t.id, t.slug, t.name, t.status, t.base_currency, labels)


@use_case("user.read", write=False)
def list_users(work: Work) -> list[UserRow]:
    """Users who are members of the current tenant, with their roles."""
    rows = work.session.exec(
        select(User, Membership.role)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(Membership.tenant_id == work.tenant_id, Membership.status == "active")
        .order_by(User.name)
    ).all()
    users: dict[str, tuple[User, list[str]]] = {}
    for user, role in rows:
        users.setdefault(user.name, (user, []))[1].append(role)
    return [UserRow(u.name, u.status, u.email, ", ".join(roles)) for u, roles in users.values()]
