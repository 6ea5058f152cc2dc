"""Use cases of ``pos tenant offboard`` and ``pos tenant purge-due`` (system administrator).

``offboard`` runs one stage (export, suspend or purge) in one unit of work; ``purge_due`` is
a workflow over several transactions (a job lock, one purge per tenant) and so takes an
``AppContext``. Run from the admin's own tenant (permission ``tenant.manage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ledgerctl.context import AppContext
from ledgerctl.core.clock import today
from ledgerctl.core.errors import UsageError
from ledgerctl.pos import tenants
from ledgerctl.pos.tenants import OffboardRow
from ledgerctl.work import Work, unit_of_work, use_case


@dataclass(frozen=True)
class DueResult:
    """Tenants purged, and those whose grace period is over but still await approval."""

    purged: tuple[str, ...]
    waiting: tuple[str, ...]


def export_folder(ctx: AppContext, slug: str, output: Path | None) -> Path:
    return output or ctx.home / "output" / "offboarding" / f"{slug}-{today():%Y%m%d}"


@use_case("tenant.manage")
def offboard(
    work: Work,
    slug: str,
    stage: str,
    *,
    output: Path | None = None,
    grace_days: int = 30,
    approve: bool = False,
    reason: str = "",
    on: date | None = None,
) -> OffboardRow:
    """One offboarding stage: export, suspend or purge."""
    home = work.ctx.home
    if stage == "export":
        record = tenants.export(work, slug, export_folder(work.ctx, slug, output))
    elif stage == "suspend":
        record = tenants.suspend(work, slug, grace_days, approve, reason)
    elif stage == "purge":
        record = tenants.purge(work, slug, on or today(), home / "backups" / "offboarded")
    else:
        raise UsageError(f"--stage {stage!r} must be export, suspend or purge")
    return tenants.offboard_row(record)


def purge_due(ctx: AppContext, on: date | None = None) -> DueResult:
    """Purge every approved tenant whose grace period is over (one transaction each), under
    the job lock ``pos.purge-due``; list the ones still waiting for approval."""
    from ledgerctl.jobs.api import job_run

    day, purged, waiting = on or today(), [], []
    with job_run(ctx, "pos.purge-due", permission="tenant.manage") as run:
        with unit_of_work(ctx, "tenant.manage", write=False) as work:
            due = [(r.target_slug, r.purge_approved) for r in tenants.due(work, day)]
        for slug, approved in due:
            if not approved:
                waiting.append(slug)
                continue
            offboard.run(ctx, slug, "purge", on=day)
            purged.append(slug)
            run.processed += 1
            run.heartbeat()
        run.detail = (
            f"purged {', '.join(purged) or 'none'}; awaiting approval: "
            f"{', '.join(waiting) or 'none'}"
        )
    return DueResult(tuple(purged), tuple(waiting))
