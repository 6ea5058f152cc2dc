"""Branch scope: a membership with a branch limits its holder to that branch.

A user whose every active membership in the tenant names a branch sees and posts only for
those branches (a branch manager, a cashier); one membership without a branch (an admin, a
director of the whole business) lifts the limit. Groups call ``branch_scope`` to filter
listings and ``require_branch`` before reading or writing a branch's documents.
"""

from __future__ import annotations

from sqlmodel import col, select

from ledgerctl.core.errors import PermissionDenied
from ledgerctl.tenancy.tables import Branch, Membership
from ledgerctl.work import Work


def branch_scope(work: Work) -> frozenset[int] | None:
    """The branch ids the actor is limited to, or None for every branch of the tenant."""
    rows = work.session.exec(
        select(Membership.branch_id).where(
            Membership.tenant_id == work.tenant_id,
            Membership.user_id == work.actor.id,
            Membership.status == "active",
        )
    ).all()
    if not rows or any(b is None for b in rows):
        return None
    return frozenset(int(b) for b in rows if b is not None)


def in_scope(work: Work, branch_id: int) -> bool:
    scope = branch_scope(work)
    return scope is None or branch_id in scope


def require_branch(work: Work, branch: Branch) -> None:
    """Exit 7 unless the actor may act for ``branch``."""
    scope = branch_scope(work)
    if scope is not None and branch.id not in scope:
        raise PermissionDenied(
            f"user {work.actor.name!r} works only for branch(es) "
            f"{', '.join(_codes(work, scope))} and may not act for branch {branch.code}; "
            "a director or admin can do this"
        )


def _codes(work: Work, ids: frozenset[int]) -> list[str]:
    rows = work.session.exec(
        select(Branch.code).where(
            Branch.tenant_id == work.tenant_id, col(Branch.id).in_(sorted(ids))
        )
    ).all()
    return sorted(rows)
