"""Use cases of the pos group for the system administrator: tenant onboarding and the
staged offboarding (export, suspend, purge), and the scheduled purge of tenants whose grace
period is over. Run from the admin's own tenant (permission ``tenant.manage``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.work import unit_of_work


def onboard(ctx: AppContext, plan: Any) -> dict[str, object]:
    from ledgerctl.pos import tenants

    with unit_of_work(ctx, "tenant.manage") as work:
        return tenants.onboard(work, plan)


def export_folder(ctx: AppContext, slug: str, output: Path | None) -> Path:
    from ledgerctl.core.clock import today

    return output or ctx.home / "output" / "offboarding" / f"{slug}-{today():%Y%m%d}"


def offboard(
    ctx: AppContext,
    slug: str,
    stage: str,
    *,
    output: Path | None = None,
    grace_days: int = 30,
    approve: bool = False,
    reason: str = "",
    on: date | None = None,
) -> dict[str, object]:
    """One offboarding stage: export, suspend or purge."""
    from ledgerctl.core.clock import today
    from ledgerctl.core.errors import UsageError
    from ledgerctl.pos import tenants

    with unit_of_work(ctx, "tenant.manage") as work:
        if stage == "export":
            record = tenants.export(work, slug, export_folder(ctx, slug, output))
        elif stage == "suspend":
            record = tenants.suspend(work, slug, grace_days, approve, reason)
        elif stage == "purge":
            record = tenants.purge(work, slug, on or today(), ctx.home / "backups" / "offboarded")
        else:
            raise UsageError(f"--stage {stage!r} must be export, suspend or purge")
        return tenants.offboard_row(record)


def purge_preview(ctx: AppContext, slug: str) -> dict[str, int]:
    """``--stage purge --dry-run``: what would be deleted."""
    from ledgerctl.pos import tenants

    with unit_of_work(ctx, "tenant.manage", write=False) as work:
        return tenants.purge_preview(work, slug)


def offboarding(ctx: AppContext) -> list[dict[str, object]]:
    from ledgerctl.pos import tenants

    with unit_of_work(ctx, "tenant.manage", write=False) as work:
        return tenants.records(work)


@dataclass
class DueResult:
    purged: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)


def purge_due(ctx: AppContext, on: date | None = None) -> DueResult:
    """Purge every approved tenant whose grace period is over (one transaction each), under
    the job lock ``pos.purge-due``; list the ones still waiting for approval."""
    from ledgerctl.core.clock import today
    from ledgerctl.jobs.api import job_run
    from ledgerctl.pos import tenants

    day, result = on or today(), DueResult()
    with job_run(ctx, "pos.purge-due", permission="tenant.manage") as run:
        with unit_of_work(ctx, "tenant.manage", write=False) as work:
            due = [(r.target_slug, r.purge_approved) for r in tenants.due(work, day)]
        for slug, approved in due:
            if not approved:
                result.waiting.append(slug)
                continue
            offboard(ctx, slug, "purge", on=day)
            result.purged.append(slug)
            run.processed += 1
            run.heartbeat()
        run.detail = (
            f"purged {', '.join(result.purged) or 'none'}; awaiting approval: "
            f"{', '.join(result.waiting) or 'none'}"
        )
    return result
