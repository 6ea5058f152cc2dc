"""The jobs group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.jobs.locks import describe, stale_reason
    from ledgerctl.jobs.registry import ScheduledJob
    from ledgerctl.jobs.runner import job_run
    from ledgerctl.jobs.service import run_row
    from ledgerctl.jobs.tables import JobLock, JobRun

_EXPORTS = {
    "JobLock": "ledgerctl.jobs.tables",
    "JobRun": "ledgerctl.jobs.tables",
    "ScheduledJob": "ledgerctl.jobs.registry",
    "describe": "ledgerctl.jobs.locks",
    "job_run": "ledgerctl.jobs.runner",
    "run_row": "ledgerctl.jobs.service",
    "stale_reason": "ledgerctl.jobs.locks",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
