"""Commands of tenancy: ``ledgerctl tenant ...`` (cli/tenant.py) and ``ledgerctl user ...``
(cli/user.py). The root cli.py mounts ``tenant_app`` and ``user_app``."""

from ledgerctl.tenancy.cli.tenant import app as tenant_app
from ledgerctl.tenancy.cli.user import app as user_app

__all__ = ["tenant_app", "user_app"]
