"""``job_run``: run a scheduled or long command exclusively and record it in ``job_runs``.

Usage, in a group's service function::

    from ledgerctl.jobs.runner import job_run

    with job_run(ctx, "pipeline.process", permission="pipeline.process") as run:
        for batch in batches:
            with unit_of_work(ctx, "pipeline.process") as work:   # the job's own transactions
                run.processed += handle(work, batch)
            run.heartbeat()            # between transactions: keeps the lock fresh
        run.detail = f"{len(batches)} files"

What it does:

1. In one short committed transaction: resolves the tenant and the actor, checks the actor is
   an active member holding ``permission`` (exit 7), takes the lock of (tenant, ``name``) and
   inserts a ``job_runs`` row with status ``running``. A live holder → ``LockHeld`` (exit 8)
   naming the job, host, pid and since when. A stale holder (see ``ledgerctl.jobs.locks``) is
   taken over: that is noted in the run's detail and in the audit log, and the dead holder's
   run is marked failed ("abandoned").
2. Yields a ``Run``: add to ``run.processed`` / ``run.errors``, set ``run.detail``; call
   ``run.heartbeat()`` now and then during long work (cheap: it writes at most every
   ``ttl / 3``; call it *between* transactions, never inside an open write unit of work on
   SQLite, where it would wait for that transaction's write lock). A heartbeat that finds its
   lock taken over raises ``LockHeld`` so the run stops.
3. At the end, in another short transaction: the run becomes ``ok`` or ``failed`` (with the
   error message), counters and detail are saved, and the lock is released. The job's
   exception is re-raised unchanged.

The job's own writes use their own unit(s) of work, so a failed job's run is still recorded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import LedgerError, LockHeld, UsageError
from ledgerctl.db.session import transaction
from ledgerctl.jobs import locks
from ledgerctl.jobs.domain.names import check_job_name
from ledgerctl.jobs.tables import JobLock, JobRun
from ledgerctl.work import Work, unit_of_work

DEFAULT_TTL = timedelta(minutes=15)


@dataclass
class Run:
    """A running job: counters the job updates, and its lock's heartbeat."""

    name: str
    run_id: int
    tenant_id: int
    actor: str
    engine: Engine
    lock_id: int
    token: str
    ttl: timedelta
    refreshed_at: datetime
    processed: int = 0
    errors: int = 0
    detail: str = ""
    notes: list[str] = field(default_factory=list)

    def heartbeat(self, *, force: bool = False) -> None:
        """Extend the lock's expiry (and save progress) if ``ttl / 3`` has passed, or ``force``."""
        now = utcnow()
        if not force and now - self.refreshed_at < self.ttl / 3:
            return
        with transaction(self.engine) as session:
            lock = locks.refresh(session, self.tenant_id, self.lock_id, self.token, now + self.ttl)
            if lock is not None:
                _save_progress(session, self)
        if lock is None:
            raise LockHeld(
                f"job {self.name!r} lost its lock to another run (it was taken over "
                "as stale); this run stops — see `ledgerctl jobs locks`"
            )
        self.refreshed_at = now

    def full_detail(self, error: str = "") -> str:
        parts = [*self.notes, self.detail, f"error: {error}" if error else ""]
        return "; ".join(p for p in parts if p)


def _load_run(session: Session, run: Run) -> JobRun:
    return session.exec(
        select(JobRun).where(JobRun.tenant_id == run.tenant_id, JobRun.id == run.run_id)
    ).one()


def _save_progress(session: Session, run: Run) -> JobRun:
    row = _load_run(session, run)
    row.processed, row.errors, row.detail = run.processed, run.errors, run.full_detail()
    session.add(row)
    return row


def lock_row(lock: JobLock) -> dict[str, object]:
    """A lock as a plain dict (audit before/after, listings)."""
    return {
        "name": lock.name,
        "host": lock.host,
        "pid": lock.pid,
        "acquired_at": lock.acquired_at,
        "expires_at": lock.expires_at,
    }


def _abandon_runs(work: Work, dead: JobLock, note: str, now: datetime) -> None:
    """Mark the dead holder's run (same host, pid and start time) as failed."""
    rows = work.session.exec(
        select(JobRun).where(
            JobRun.tenant_id == work.tenant_id,
            JobRun.name == dead.name,
            JobRun.status == "running",
            JobRun.host == dead.host,
            JobRun.pid == dead.pid,
        )
    ).all()
    for row in rows:
        if abs(row.started_at - dead.acquired_at) < timedelta(seconds=1):
            row.status, row.ended_at = "failed", now
            row.detail = "; ".join(p for p in (row.detail, f"abandoned: {note}") if p)
            work.session.add(row)


def _start(ctx: AppContext, name: str, permission: str | None, ttl: timedelta) -> Run:
    now = utcnow()
    with unit_of_work(ctx, permission, write=True) as work:
        got = locks.acquire(work.session, work.tenant_id, name, now=now, ttl=ttl, pid=os.getpid())
        if got.replaced is not None:
            _abandon_runs(work, got.replaced, f"{got.reason}; lock taken over", now)
            work.audit(
                "jobs.lock.takeover", "job_lock", name, lock_row(got.replaced), lock_row(got.lock)
            )
        row = JobRun(
            tenant_id=work.tenant_id,
            name=name,
            started_at=now,
            status="running",
            detail=got.note,
            actor=work.actor.name,
            host=got.lock.host,
            pid=got.lock.pid,
        )
        work.session.add(row)
        work.session.flush()
        assert row.id is not None and got.lock.id is not None
        return Run(
            name=name,
            run_id=row.id,
            tenant_id=work.tenant_id,
            actor=work.actor.name,
            engine=ctx.engine,
            lock_id=got.lock.id,
            token=got.lock.token,
            ttl=ttl,
            refreshed_at=now,
            notes=[got.note] if got.note else [],
        )


def _finish(run: Run, status: str, error: str = "") -> None:
    with transaction(run.engine) as session:
        if not locks.release(session, run.tenant_id, run.lock_id, run.token):
            run.notes.append("lock had been taken over by another run before this one ended")
        row = _save_progress(session, run)
        row.status, row.ended_at = status, utcnow()
        row.detail = run.full_detail(error)
        session.add(row)


def error_text(exc: BaseException) -> str:
    """One line describing why a job failed."""
    if isinstance(exc, LedgerError):
        return exc.message
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


@contextmanager
def job_run(
    ctx: AppContext, name: str, *, permission: str | None = None, ttl: timedelta = DEFAULT_TTL
) -> Iterator[Run]:
    """Run job ``name`` for the context's tenant exclusively; see the module docstring."""
    check_job_name(name)
    if ttl <= timedelta(0):
        raise UsageError(f"job {name!r}: the lock ttl must be positive, not {ttl}")
    run = _start(ctx, name, permission, ttl)
    try:
        yield run
    except BaseException as exc:
        try:
            _finish(run, "failed", error_text(exc))
        except Exception as finish_exc:  # the job's own error is the one to report
            exc.add_note(f"recording the failed run of {name!r} also failed: {finish_exc}")
        raise
    _finish(run, "ok")
