"""The audit group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.

``chain.append`` / ``chain.append_many`` (with ``chain.Change``) write audit rows inside the
caller's transaction; ``CheckResult`` is what a group's ``integrity.CHECKS`` return;
``verify_audit_chain`` and ``integrity_checks`` are use cases (``uc(work)``/``uc.run(ctx)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.audit import chain
    from ledgerctl.audit.integrity import CheckResult
    from ledgerctl.audit.verification import (
        CheckRow,
        VerifyResult,
        integrity_checks,
        verify_audit_chain,
    )

_EXPORTS = {
    "CheckResult": "ledgerctl.audit.integrity",
    "CheckRow": "ledgerctl.audit.verification",
    "VerifyResult": "ledgerctl.audit.verification",
    "chain": "module:ledgerctl.audit.chain",
    "integrity_checks": "ledgerctl.audit.verification",
    "verify_audit_chain": "ledgerctl.audit.verification",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
