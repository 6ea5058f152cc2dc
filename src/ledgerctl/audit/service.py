"""Transitional: the audit group's old ctx-level entry points, kept for callers not yet moved.

``ledgerctl.audit.api.use_cases.verify`` (``workspace/demo.py``) and
``ledgerctl.audit.api.run_integrity_checks`` (``pos/demo.py``, ``bench/pos_bench.py``) take
the ``AppContext``; new code calls the use cases ``verify_audit_chain`` /
``integrity_checks`` (``uc(work)`` or ``uc.run(ctx)``) from the api. Goes when unused.
"""

from __future__ import annotations

from ledgerctl.audit.integrity import CheckResult
from ledgerctl.audit.verification import VerifyResult, integrity_checks, verify_audit_chain
from ledgerctl.context import AppContext

__all__ = ["VerifyResult", "run_integrity_checks", "verify"]


def run_integrity_checks(ctx: AppContext) -> list[CheckResult]:
    """Run every registered integrity check of every group for the tenant."""
    return integrity_checks.run(ctx)


def verify(ctx: AppContext) -> VerifyResult:
    """Re-hash the tenant's audit chain; report the first broken row."""
    return verify_audit_chain.run(ctx)
