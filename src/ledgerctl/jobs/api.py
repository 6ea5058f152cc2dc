"""The jobs group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.jobs.domain.jobs import ScheduledJob
    from ledgerctl.jobs.locks import describe, stale_reason
    from ledgerctl.jobs.runner import Run, job_run
    from ledgerctl.jobs.tables import JobLock, JobRun
    from ledgerctl.jobs.views import JobRunRow, run_row, run_view

_EXPORTS = {
    "JobLock": "ledgerctl.jobs.tables",
    "JobRun": "ledgerctl.jobs.tables",
    "JobRunRow": "ledgerctl.jobs.views",
    "Run": "ledgerctl.jobs.runner",
    "ScheduledJob": "ledgerctl.jobs.domain.jobs",
    "describe": "ledgerctl.jobs.locks",
    "job_run": "ledgerctl.jobs.runner",
    "run_row": "ledgerctl.jobs.views",
    "run_view": "ledgerctl.jobs.views",
    "stale_reason": "ledgerctl.jobs.locks",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
