"""The audit group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.audit import chain
    from ledgerctl.audit import service as use_cases
    from ledgerctl.audit.integrity import CheckResult
    from ledgerctl.audit.service import run_integrity_checks

_EXPORTS = {
    "CheckResult": "ledgerctl.audit.integrity",
    "chain": "module:ledgerctl.audit.chain",
    "run_integrity_checks": "ledgerctl.audit.service",
    "use_cases": "module:ledgerctl.audit.service",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
