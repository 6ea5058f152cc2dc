"""Use cases of the `jobs` and `schedule` groups: list runs and locks, unlock, show schedule."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from sqlmodel import select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.jobs import locks
from ledgerctl.jobs.lines import ScheduleLine, Target, schedule_lines
from ledgerctl.jobs.names import check_job_name
from ledgerctl.jobs.registry import all_jobs
from ledgerctl.jobs.runner import lock_row
from ledgerctl.jobs.tables import JobLock, JobRun
from ledgerctl.work import unit_of_work
from ledgerctl.workspace.api import SETTINGS_FILE

STATUSES = ("running", "ok", "failed")


def run_row(run: JobRun) -> dict[str, object]:
    seconds = ended = None
    if run.ended_at is not None:
        seconds = round((run.ended_at - run.started_at).total_seconds(), 1)
        ended = run.ended_at.replace(microsecond=0)
    return {
        "id": run.id,
        "name": run.name,
        "status": run.status,
        "started_at": run.started_at.replace(microsecond=0),
        "ended_at": ended,
        "seconds": seconds,
        "processed": run.processed,
        "errors": run.errors,
        "actor": run.actor,
        "host": run.host,
        "pid": run.pid,
        "detail": run.detail,
    }


def list_runs(
    ctx: AppContext, *, name: str | None = None, status: str | None = None, limit: int = 50
) -> list[dict[str, object]]:
    """The tenant's most recent runs, newest first."""
    if status is not None and status not in STATUSES:
        raise UsageError(f"--status must be one of {', '.join(STATUSES)}, not {status!r}")
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    with unit_of_work(ctx, "jobs.read", write=False) as work:
        query = select(JobRun).where(JobRun.tenant_id == work.tenant_id)
        if name:
            query = query.where(JobRun.name == name)
        if status:
            query = query.where(JobRun.status == status)
        query = query.order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(limit)
        return [run_row(r) for r in work.session.exec(query).all()]


def list_locks(ctx: AppContext) -> list[dict[str, object]]:
    """The tenant's held locks, each marked live or stale (with why) as seen from this host."""
    now = utcnow()
    with unit_of_work(ctx, "jobs.read", write=False) as work:
        rows = work.session.exec(
            select(JobLock).where(JobLock.tenant_id == work.tenant_id).order_by(JobLock.name)
        ).all()
        result = []
        for lock in rows:
            reason = locks.stale_reason(lock, now)
            result.append({**lock_row(lock), "state": f"stale ({reason})" if reason else "live"})
        return result


def unlock(ctx: AppContext, name: str) -> dict[str, object]:
    """Remove the lock of job ``name`` (its holder is known dead); audited."""
    check_job_name(name)
    with unit_of_work(ctx, "jobs.manage", write=True) as work:
        lock = work.session.exec(
            select(JobLock)
            .where(JobLock.tenant_id == work.tenant_id, JobLock.name == name)
            .with_for_update()
        ).first()
        if lock is None:
            raise NotFound(
                f"job {name!r} holds no lock in tenant {work.tenant.slug!r}; "
                "see `ledgerctl jobs locks`"
            )
        if lock.host == locks.this_host() and locks.stale_reason(lock, utcnow()) is None:
            raise Conflict(
                f"job {name!r} is running on this host ({locks.describe(lock)}); "
                "let it finish or stop that process first"
            )
        before = lock_row(lock)
        work.session.delete(lock)
        work.audit("jobs.unlock", "job_lock", name, before, None)
        return before


def ledgerctl_executable() -> str:
    """The absolute path of the ledgerctl executable the scheduler should run."""
    found = shutil.which("ledgerctl")
    return str(Path(found or sys.argv[0]).resolve())


def show_schedule(ctx: AppContext, os_name: str, job: str | None = None) -> list[ScheduleLine]:
    """Scheduler lines for every registered job (or one), creating output/logs for them."""
    jobs = all_jobs()
    if job is not None:
        jobs = [j for j in jobs if j.name == job]
        if not jobs:
            known = ", ".join(j.name for j in all_jobs())
            raise NotFound(f"no scheduled job {job!r}; registered: {known}")
    home = ctx.home
    if not (home / SETTINGS_FILE).is_file():
        raise NotFound(
            f"{home} is not a ledgerctl workspace (no {SETTINGS_FILE}); "
            "pass --home WORKSPACE or run `ledgerctl init` there"
        )
    (home / "output" / "logs").mkdir(parents=True, exist_ok=True)
    target = Target(
        exe=ledgerctl_executable(), home=home, tenant=ctx.tenant_option, user=ctx.user_option
    )
    return schedule_lines(jobs, target, os_name)
