"""The tenancy group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
``use_cases`` is the module of entry points over an ``AppContext`` (``init_workspace``,
``create_tenant``, ``add_user``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.tenancy import service as use_cases
    from ledgerctl.tenancy.archive import (
        Archive,
        delete_tenant,
        tenant_tables,
        verify_archive,
        write_archive,
    )
    from ledgerctl.tenancy.domain import check_slug, check_user_name
    from ledgerctl.tenancy.roles import RoleBook, role_allows, role_book
    from ledgerctl.tenancy.scope import branch_scope, require_branch
    from ledgerctl.tenancy.setup import (
        InitResult,
        TenantInfo,
        ensure_membership,
        ensure_tenant,
        ensure_user,
    )
    from ledgerctl.tenancy.tables import Branch, Membership, Party, Tenant, User
    from ledgerctl.tenancy.users import UserAdded

_EXPORTS = {
    "Archive": "ledgerctl.tenancy.archive",
    "delete_tenant": "ledgerctl.tenancy.archive",
    "tenant_tables": "ledgerctl.tenancy.archive",
    "verify_archive": "ledgerctl.tenancy.archive",
    "write_archive": "ledgerctl.tenancy.archive",
    "Branch": "ledgerctl.tenancy.tables",
    "Membership": "ledgerctl.tenancy.tables",
    "Party": "ledgerctl.tenancy.tables",
    "Tenant": "ledgerctl.tenancy.tables",
    "User": "ledgerctl.tenancy.tables",
    "InitResult": "ledgerctl.tenancy.setup",
    "TenantInfo": "ledgerctl.tenancy.setup",
    "UserAdded": "ledgerctl.tenancy.users",
    "branch_scope": "ledgerctl.tenancy.scope",
    "check_slug": "ledgerctl.tenancy.domain",
    "check_user_name": "ledgerctl.tenancy.domain",
    "ensure_membership": "ledgerctl.tenancy.setup",
    "ensure_tenant": "ledgerctl.tenancy.setup",
    "ensure_user": "ledgerctl.tenancy.setup",
    "require_branch": "ledgerctl.tenancy.scope",
    "RoleBook": "ledgerctl.tenancy.roles",
    "role_allows": "ledgerctl.tenancy.roles",
    "role_book": "ledgerctl.tenancy.roles",
    "use_cases": "module:ledgerctl.tenancy.service",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
