"""Exclusive job locks: one ``job_locks`` row per (tenant, job name).

A lock row names its holder (host, pid, a random token) and carries ``acquired_at`` and
``expires_at``. Taking a lock happens inside a short write transaction of its own (SQLite:
``BEGIN IMMEDIATE`` serialises takers; Postgres: ``SELECT … FOR UPDATE`` plus the unique key
on (tenant_id, name) for the race where both try to insert), so the lock is visible to every
other process, on any host, while the job runs.

A lock is *stale* — and may be taken over — when its holder is known to be gone:

* same host: the pid no longer exists (``psutil.pid_exists``, portable to Windows), or the
  pid now belongs to a process started after the lock was taken (the pid was reused);
* another host: ``expires_at`` has passed (the holder stopped refreshing it).

Everything here works on a session the caller opened; nothing commits by itself.
"""

from __future__ import annotations

import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psutil
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from ledgerctl.core.errors import LockHeld
from ledgerctl.jobs.tables import JobLock

PID_REUSE_SLACK = timedelta(seconds=1)


def this_host() -> str:
    """The name this machine records as a lock holder."""
    return socket.gethostname()


def _process_started(pid: int) -> datetime | None:
    """When process ``pid`` started (UTC), or None if unknown or gone."""
    try:
        return datetime.fromtimestamp(psutil.Process(pid).create_time(), UTC)
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, OSError):
        return None


def stale_reason(lock: JobLock, now: datetime, host: str | None = None) -> str | None:
    """Why ``lock`` is stale as seen from ``host`` (default: this one), or None if it is live."""
    here = host or this_host()
    if lock.host == here:
        if lock.pid <= 0 or not psutil.pid_exists(lock.pid):
            return "process gone"
        started = _process_started(lock.pid)
        if started is not None and started > lock.acquired_at + PID_REUSE_SLACK:
            return "process gone (pid reused)"
        return None
    if lock.expires_at <= now:
        return "expired"
    return None


def describe(lock: JobLock) -> str:
    """``host H pid P since T`` for messages."""
    since = lock.acquired_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"host {lock.host} pid {lock.pid} since {since}"


@dataclass
class Acquired:
    """A lock this process now holds, and the stale holder it replaced (if any)."""

    lock: JobLock
    replaced: JobLock | None = None
    reason: str = ""

    @property
    def note(self) -> str:
        if self.replaced is None:
            return ""
        return f"took over stale lock ({self.reason}) of {describe(self.replaced)}"


def _select(tenant_id: int, name: str) -> SelectOfScalar[JobLock]:
    return (
        select(JobLock)
        .where(JobLock.tenant_id == tenant_id, JobLock.name == name)
        .with_for_update()
    )


def _mine(session: Session, tenant_id: int, lock_id: int, token: str) -> JobLock | None:
    lock = session.exec(
        select(JobLock)
        .where(JobLock.tenant_id == tenant_id, JobLock.id == lock_id)
        .with_for_update()
    ).first()
    return lock if lock is not None and lock.token == token else None


def _new_lock(tenant_id: int, name: str, now: datetime, ttl: timedelta, pid: int) -> JobLock:
    return JobLock(
        tenant_id=tenant_id,
        name=name,
        token=secrets.token_hex(16),
        host=this_host(),
        pid=pid,
        acquired_at=now,
        expires_at=now + ttl,
    )


def acquire(
    session: Session, tenant_id: int, name: str, *, now: datetime, ttl: timedelta, pid: int
) -> Acquired:
    """Take the lock of job ``name`` for the tenant, replacing a stale one; LockHeld if live."""
    current = session.exec(_select(tenant_id, name)).first()
    if current is None:
        lock = _new_lock(tenant_id, name, now, ttl, pid)
        try:
            with session.begin_nested():
                session.add(lock)
            return Acquired(lock)
        except IntegrityError:  # another process inserted it between our select and insert
            current = session.exec(_select(tenant_id, name)).one()
    reason = stale_reason(current, now)
    if reason is None:
        raise LockHeld(
            f"job {name!r} is already running: lock held by {describe(current)}; "
            f"wait for it to finish (see `ledgerctl jobs locks`)"
        )
    replaced = JobLock.model_validate(current.model_dump())
    fresh = _new_lock(tenant_id, name, now, ttl, pid)
    for field in ("token", "host", "pid", "acquired_at", "expires_at"):
        setattr(current, field, getattr(fresh, field))
    session.add(current)
    session.flush()
    return Acquired(current, replaced, reason)


def refresh(
    session: Session, tenant_id: int, lock_id: int, token: str, expires_at: datetime
) -> JobLock | None:
    """Move the lock's expiry to ``expires_at``; None if the lock is no longer ours."""
    lock = _mine(session, tenant_id, lock_id, token)
    if lock is not None:
        lock.expires_at = expires_at
        session.add(lock)
    return lock


def release(session: Session, tenant_id: int, lock_id: int, token: str) -> bool:
    """Delete the lock if this holder (token) still owns it; False when it was taken over."""
    lock = _mine(session, tenant_id, lock_id, token)
    if lock is not None:
        session.delete(lock)
    return lock is not None
