"""Use cases on users: add one to the current tenant, grant and revoke roles, disable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.tenancy.domain import check_user_name
from ledgerctl.tenancy.roles import role_book
from ledgerctl.tenancy.setup import ensure_membership
from ledgerctl.tenancy.tables import Membership, User
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class UserAdded:
    """A new user and the roles they hold in the current tenant."""

    name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class RoleChange:
    """A role granted to or revoked from a user; ``changed`` is False when nothing changed."""

    name: str
    role: str
    changed: bool


@dataclass(frozen=True)
class UserDisabled:
    name: str


def _known_role(work: Work, role: str) -> str:
    book = role_book(work.ctx.home)
    if role not in book.roles:
        raise UsageError(f"unknown role {role!r}; roles are: {', '.join(sorted(book.roles))}")
    return role


def _load_user(work: Work, name: str) -> User:
    user = work.session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"user {name!r} not found; add it with `ledgerctl user add {name}`")
    return user


@use_case("user.manage")
def add_user(
    work: Work, name: str, roles: list[str], display_name: str = "", email: str = ""
) -> UserAdded:
    """A new user, member of the current tenant with the given roles."""
    check_user_name(name)
    for role in roles:
        _known_role(work, role)
    if work.session.exec(select(User).where(User.name == name)).first():
        raise Conflict(f"user {name!r} already exists; use `ledgerctl user grant {name} ROLE`")
    user = User(name=name, display_name=display_name, email=email)
    work.session.add(user)
    work.session.flush()
    work.audit("user.add", "user", name, None, {"name": name, "email": email})
    for role in roles:
        ensure_membership(work.session, work.tenant, user, role, work.actor.name)
    return UserAdded(name, tuple(roles))


@use_case("user.manage")
def grant_role(work: Work, name: str, role: str) -> RoleChange:
    """Give a user a role in the current tenant (``changed`` False when they had it)."""
    _known_role(work, role)
    user = _load_user(work, name)
    changed = ensure_membership(work.session, work.tenant, user, role, work.actor.name)
    return RoleChange(name, role, changed)


def _admin_count(work: Work) -> int:
    return len(
        work.session.exec(
            select(Membership.id)
            .join(User, col(User.id) == col(Membership.user_id))
            .where(
                Membership.tenant_id == work.tenant_id,
                Membership.role == "admin",
                Membership.status == "active",
                User.status == "active",
            )
        ).all()
    )


@use_case("user.manage")
def revoke_role(work: Work, name: str, role: str) -> RoleChange:
    """Take a role away; refuses to remove the tenant's last admin."""
    user = _load_user(work, name)
    membership = work.session.exec(
        select(Membership).where(
            Membership.tenant_id == work.tenant_id,
            Membership.user_id == user.id,
            Membership.role == role,
            Membership.status == "active",
        )
    ).first()
    if membership is None:
        raise NotFound(f"user {name!r} does not have role {role!r} in {work.tenant.slug!r}")
    if role == "admin" and _admin_count(work) <= 1:
        raise Conflict(
            f"{name!r} is the last admin of {work.tenant.slug!r}; grant admin to someone else first"
        )
    membership.status = "revoked"
    work.session.add(membership)
    work.audit("user.revoke", "user", name, {"role": role}, None)
    return RoleChange(name, role, True)


@use_case("user.manage")
def disable_user(work: Work, name: str) -> UserDisabled:
    """Disable a user everywhere: every later command they run is refused (exit 7)."""
    user = _load_user(work, name)
    if user.id == work.actor.id:
        raise Conflict("you cannot disable yourself; ask another admin")
    if user.status == "disabled":
        raise Conflict(f"user {name!r} is already disabled")
    user.status = "disabled"
    work.session.add(user)
    work.audit("user.disable", "user", name, {"status": "active"}, {"status": "disabled"})
    return UserDisabled(name)
