"""Integrity checks of the `fdms` group for `ledgerctl audit check`: the receipt chain,
hashes, device and FDMS signatures, and fiscal day counters (the same checks as `fdms audit`).
"""

from __future__ import annotations

from ledgerctl.audit.api import CheckResult
from ledgerctl.work import Work

MAX_LISTED = 20


def check_receipt_chain(work: Work) -> CheckResult:
    """Every stored fiscal receipt and day re-verified (see ``fdms.audit``)."""
    from ledgerctl.fdms.audit import audit_work

    report = audit_work(work)
    return CheckResult(
        "fdms receipt chain", report.receipts, tuple(str(f) for f in report.findings[:MAX_LISTED])
    )


CHECKS = [check_receipt_chain]
