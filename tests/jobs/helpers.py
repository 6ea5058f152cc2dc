"""Helpers for the jobs tests: read and plant job_runs / job_locks rows, spawn lock holders.

``lock_holder.py`` (the child process) imports nothing from here, so this may use pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import select

from ledgerctl.audit.tables import AuditEntry
from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.jobs.tables import JobLock, JobRun
from ledgerctl.work import unit_of_work

HOLDER = Path(__file__).with_name("lock_holder.py")


def runs(ctx: AppContext, name: str | None = None) -> list[JobRun]:
    """The tenant's job runs, oldest first."""
    with unit_of_work(ctx, None, write=False) as work:
        query = select(JobRun).where(JobRun.tenant_id == work.tenant_id)
        if name:
            query = query.where(JobRun.name == name)
        return list(work.session.exec(query.order_by(JobRun.id)).all())


def held_locks(ctx: AppContext) -> list[JobLock]:
    with unit_of_work(ctx, None, write=False) as work:
        return list(
            work.session.exec(select(JobLock).where(JobLock.tenant_id == work.tenant_id)).all()
        )


def audit_actions(ctx: AppContext) -> list[str]:
    with unit_of_work(ctx, None, write=False) as work:
        return list(
            work.session.exec(
                select(AuditEntry.action)
                .where(AuditEntry.tenant_id == work.tenant_id)
                .order_by(AuditEntry.seq)
            ).all()
        )


def plant_lock(
    ctx: AppContext,
    name: str,
    *,
    host: str,
    pid: int,
    acquired_at: datetime | None = None,
    expires_in: timedelta = timedelta(minutes=10),
    with_run: bool = False,
) -> None:
    """Insert a lock row as some other holder would have left it (and its running run)."""
    at = acquired_at or utcnow()
    with unit_of_work(ctx, None) as work:
        work.session.add(
            JobLock(
                tenant_id=work.tenant_id,
                name=name,
                token="t" * 32,
                host=host,
                pid=pid,
                acquired_at=at,
                expires_at=utcnow() + expires_in,
            )
        )
        if with_run:
            work.session.add(
                JobRun(
                    tenant_id=work.tenant_id,
                    name=name,
                    started_at=at,
                    actor="admin",
                    host=host,
                    pid=pid,
                )
            )


def dead_pid() -> int:
    """The pid of a process that has just exited (not reused this quickly)."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout)


def child_env(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **env}


class Holder:
    """A real OS process that takes a job's lock and holds it until ``release()``."""

    def __init__(self, env: dict[str, str], name: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HOLDER), "hold", name],
            env=child_env(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._watchdog = threading.Timer(60, self.proc.kill)
        self._watchdog.start()
        line = self.proc.stdout.readline().strip() if self.proc.stdout else ""
        if line != "acquired":
            self.proc.kill()
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"holder did not take the lock: {line!r} {err}")

    def release(self) -> int:
        """Let the job finish; its exit code."""
        _, err = self.proc.communicate("go\n", timeout=60)
        self._watchdog.cancel()
        assert self.proc.returncode == 0, err
        return self.proc.returncode

    def kill(self) -> None:
        """Kill it hard: the lock stays behind, its process gone."""
        self.proc.kill()
        self.proc.communicate(timeout=60)
        self._watchdog.cancel()


def run_once(env: dict[str, str], name: str) -> subprocess.CompletedProcess[str]:
    """Another real process trying the same job once."""
    return subprocess.run(
        [sys.executable, str(HOLDER), "once", name],
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=60,
    )
