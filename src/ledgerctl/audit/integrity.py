"""The registry of integrity checks run by `ledgerctl audit check`.

The audit chain check lives here; each group adds its own checks (document hashes, ledger
balance, receipt chains...) by defining ``CHECKS`` — a list of functions taking a ``Work``
and returning a ``CheckResult`` — in a ``ledgerctl.<group>.integrity`` module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ledgerctl.audit.chain import verify_chain
from ledgerctl.work import Work


@dataclass(frozen=True)
class CheckResult:
    """What one check found: ``problems`` empty means the check passed."""

    name: str
    checked: int
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


IntegrityCheck = Callable[[Work], CheckResult]


def check_audit_chain(work: Work) -> CheckResult:
    """Every audit row re-hashes to its stored hash and links to its predecessor."""
    checked, problem = verify_chain(work.session, work.tenant_id)
    problems = (f"audit row {problem.seq}: {problem.reason}",) if problem else ()
    return CheckResult("audit chain", checked, problems)


def registered_checks() -> list[IntegrityCheck]:
    """The audit chain check, then every group's ``integrity.CHECKS``."""
    from ledgerctl.plugins import contributions

    return [check_audit_chain, *contributions("integrity", "CHECKS")]  # type: ignore[list-item]
