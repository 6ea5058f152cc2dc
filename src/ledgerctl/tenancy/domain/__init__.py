"""Pure rules of tenancy: valid tenant ids and user names, tenant statuses, permission patterns.

Imports only ``ledgerctl.core`` and the standard library (mypy --strict applies here).
"""

from ledgerctl.tenancy.domain.names import TENANT_STATUSES, check_slug, check_user_name
from ledgerctl.tenancy.domain.permissions import grants, member_label

__all__ = ["TENANT_STATUSES", "check_slug", "check_user_name", "grants", "member_label"]
