"""Use case ``jobs unlock``: remove a lock whose holder is known to be dead (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, NotFound
from ledgerctl.jobs import locks
from ledgerctl.jobs.domain.names import check_job_name
from ledgerctl.jobs.runner import lock_row
from ledgerctl.jobs.tables import JobLock
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class LockRemoved:
    """The lock that was removed: who held it and since when."""

    name: str
    host: str
    pid: int
    acquired_at: datetime
    expires_at: datetime


@use_case("jobs.manage")
def unlock(work: Work, name: str) -> LockRemoved:
    """Remove the lock of job ``name`` (its holder is known dead); audited."""
    check_job_name(name)
    lock = work.session.exec(
        select(JobLock)
        .where(JobLock.tenant_id == work.tenant_id, JobLock.name == name)
        .with_for_update()
    ).first()
    if lock is None:
        raise NotFound(
            f"job {name!r} holds no lock in tenant {work.tenant.slug!r}; see `ledgerctl jobs locks`"
        )
    if lock.host == locks.this_host() and locks.stale_reason(lock, utcnow()) is None:
        raise Conflict(
            f"job {name!r} is running on this host ({locks.describe(lock)}); "
            "let it finish or stop that process first"
        )
    before = lock_row(lock)
    work.session.delete(lock)
    work.audit("jobs.unlock", "job_lock", name, before, None)
    return LockRemoved(lock.name, lock.host, lock.pid, lock.acquired_at, lock.expires_at)
