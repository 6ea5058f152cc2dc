"""Tenancy's entry points for code that holds an ``AppContext`` and no unit of work yet.

This is ``ledgerctl.tenancy.api.use_cases``: setup code (``ledgerctl demo``, each group's demo,
the test fixtures and the benchmarks) makes a workspace and its users with these. Inside a
transaction, call the use cases themselves (``users.add_user(work, ...)``).
"""

from __future__ import annotations

from ledgerctl.context import AppContext
from ledgerctl.tenancy.domain import check_slug, check_user_name
from ledgerctl.tenancy.setup import (
    InitResult,
    TenantInfo,
    ensure_membership,
    ensure_tenant,
    init_workspace,
)
from ledgerctl.tenancy.tenants import create_tenant
from ledgerctl.tenancy.users import UserAdded
from ledgerctl.tenancy.users import add_user as _add_user

__all__ = [
    "InitResult",
    "TenantInfo",
    "UserAdded",
    "add_user",
    "check_slug",
    "check_user_name",
    "create_tenant",
    "ensure_membership",
    "ensure_tenant",
    "init_workspace",
]


def add_user(
    ctx: AppContext, name: str, roles: list[str], display_name: str = "", email: str = ""
) -> UserAdded:
    """A new user, member of the selected tenant with ``roles`` (one unit of work)."""
    return _add_user.run(ctx, name, roles, display_name, email)
