"""Read side of the jobs group: recent job runs and the locks held, as typed rows."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import UsageError
from ledgerctl.jobs import locks
from ledgerctl.jobs.tables import JobLock, JobRun
from ledgerctl.work import Work, use_case

STATUSES = ("running", "ok", "failed")


@dataclass(frozen=True)
class JobRunRow:
    """One run of a job as ``ledgerctl jobs list`` shows it (times to the second)."""

    id: int | None
    name: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    seconds: float | None
    processed: int
    errors: int
    actor: str
    host: str
    pid: int
    detail: str


@dataclass(frozen=True)
class LockRow:
    """A held job lock and whether its holder is live or stale (and why)."""

    name: str
    host: str
    pid: int
    acquired_at: datetime
    expires_at: datetime
    state: str


def run_view(run: JobRun) -> JobRunRow:
    """A run as a row: duration in seconds (one decimal), times without microseconds."""
    seconds = ended = None
    if run.ended_at is not None:
        seconds = round((run.ended_at - run.started_at).total_seconds(), 1)
        ended = run.ended_at.replace(microsecond=0)
    return JobRunRow(
        run.id,
        run.name,
        run.status,
        run.started_at.replace(microsecond=0),
        ended,
        seconds,
        run.processed,
        run.errors,
        run.actor,
        run.host,
        run.pid,
        run.detail,
    )


def run_row(run: JobRun) -> dict[str, object]:
    """``run_view`` as a mapping (for groups that pick some of its fields, e.g. layby)."""
    return dataclasses.asdict(run_view(run))


@use_case("jobs.read", write=False)
def list_runs(
    work: Work, *, name: str | None = None, status: str | None = None, limit: int = 50
) -> list[JobRunRow]:
    """The tenant's most recent runs, newest first."""
    if status is not None and status not in STATUSES:
        raise UsageError(f"--status must be one of {', '.join(STATUSES)}, not {status!r}")
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    query = select(JobRun).where(JobRun.tenant_id == work.tenant_id)
    if name:
        query = query.where(JobRun.name == name)
    if status:
        query = query.where(JobRun.status == status)
    query = query.order_by(col(JobRun.started_at).desc(), col(JobRun.id).desc()).limit(limit)
    return [run_view(r) for r in work.session.exec(query).all()]


@use_case("jobs.read", write=False)
def list_locks(work: Work) -> list[LockRow]:
    """The tenant's held locks, each marked live or stale (with why) as seen from this host."""
    now = utcnow()
    rows = work.session.exec(
        select(JobLock).where(JobLock.tenant_id == work.tenant_id).order_by(JobLock.name)
    ).all()
    result = []
    for lock in rows:
        reason = locks.stale_reason(lock, now)
        state = f"stale ({reason})" if reason else "live"
        result.append(
            LockRow(lock.name, lock.host, lock.pid, lock.acquired_at, lock.expires_at, state)
        )
    return result
