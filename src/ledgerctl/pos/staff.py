"""Use cases of ``pos staff``: memberships with a branch.

A manager or cashier works for one branch only (``tenancy.scope``); a director for all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlmodel import select

from ledgerctl.core.errors import UsageError
from ledgerctl.pos.lookup import site
from ledgerctl.tenancy.api import Branch, Membership, User, branch_scope, role_book
from ledgerctl.work import Work, use_case

BRANCH_ROLES = ("manager", "user")  # roles that must name their branch


@dataclass(frozen=True)
class StaffGranted:
    """A role given to a user, limited to ``branch`` (None: every branch)."""

    user: str
    role: str
    branch: str | None


@dataclass(frozen=True)
class StaffRow:
    user: str
    name: str
    role: str
    branch: str
    status: str


def _user(work: Work, name: str, display_name: str, email: str) -> User:
    from ledgerctl.tenancy.api import check_user_name

    check_user_name(name)
    user = work.session.exec(select(User).where(User.name == name)).first()
    if user is None:
        user = User(name=name, display_name=display_name, email=email)
        work.session.add(user)
        work.session.flush()
        work.audit("user.add", "user", name, None, {"name": name, "email": email})
    return user


@use_case("pos.staff")
def add_staff(
    work: Work,
    name: str,
    role: str,
    branch_code: str | None,
    *,
    display_name: str = "",
    email: str = "",
) -> StaffGranted:
    """Give a (new or existing) user a role, limited to a branch (required for manager and
    user). Re-granting a role moves it to the given branch."""
    roles = role_book(work.ctx.home).roles
    if role not in roles:
        raise UsageError(f"unknown role {role!r}; roles are: {', '.join(sorted(roles))}")
    if role in BRANCH_ROLES and not branch_code:
        raise UsageError(f"role {role} works for one branch; pass --branch CODE")
    branch = site(work, branch_code).branch if branch_code else None
    user = _user(work, name, display_name, email)
    membership = work.session.exec(
        select(Membership).where(
            Membership.tenant_id == work.tenant_id,
            Membership.user_id == user.id,
            Membership.role == role,
        )
    ).first()
    before = None
    if membership is None:
        membership = Membership(tenant_id=work.tenant_id, user_id=user.id, role=role)  # type: ignore[arg-type]
    else:
        before = {"role": role, "branch_id": membership.branch_id, "status": membership.status}
    membership.branch_id = branch.id if branch else None
    membership.status = "active"
    work.session.add(membership)
    granted = StaffGranted(name, role, branch.code if branch else None)
    work.audit("pos.staff.add", "user", name, before, asdict(granted))
    return granted


@use_case("pos.read", write=False)
def list_staff(work: Work) -> list[StaffRow]:
    """Members of the tenant with their roles and branches (a scoped actor sees their own
    branches' staff)."""
    scope = branch_scope(work)
    codes = {
        b.id: b.code
        for b in work.session.exec(select(Branch).where(Branch.tenant_id == work.tenant_id)).all()
    }
    rows = work.session.exec(
        select(User, Membership)
        .join(Membership, Membership.user_id == User.id)  # type: ignore[arg-type]
        .where(Membership.tenant_id == work.tenant_id, Membership.status == "active")
        .order_by(User.name, Membership.role)
    ).all()
    return [
        StaffRow(
            u.name,
            u.display_name,
            m.role,
            codes.get(m.branch_id, "") if m.branch_id else "(all)",
            u.status,
        )
        for u, m in rows
        if scope is None or m.branch_id in scope
    ]
