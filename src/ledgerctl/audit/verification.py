"""Use cases that check the books: verify the audit chain, run every group's integrity checks."""

from __future__ import annotations

from dataclasses import dataclass

from ledgerctl.audit.chain import ChainProblem, verify_chain
from ledgerctl.audit.integrity import CheckResult, registered_checks
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class VerifyResult:
    """How many rows of the tenant's chain are intact, and the first break (None: none)."""

    tenant: str
    checked: int
    problem: ChainProblem | None


@dataclass(frozen=True)
class CheckRow:
    """One integrity check as reported by `audit check`."""

    check: str
    checked: int
    status: str
    detail: str

    @classmethod
    def of(cls, r: CheckResult) -> CheckRow:
        detail = "; ".join(r.problems[:3]) + (" ..." if len(r.problems) > 3 else "")
        return cls(r.name, r.checked, "ok" if r.ok else "PROBLEM", detail)


@use_case("audit.read", write=False)
def verify_audit_chain(work: Work) -> VerifyResult:
    """`audit verify`: re-hash the tenant's audit chain; report the first broken row."""
    checked, problem = verify_chain(work.session, work.tenant_id)
    return VerifyResult(work.tenant.slug, checked, problem)


@use_case("audit.read", write=False)
def integrity_checks(work: Work) -> list[CheckResult]:
    """`audit check`: every registered integrity check of every group, for the tenant."""
    return [check(work) for check in registered_checks()]
