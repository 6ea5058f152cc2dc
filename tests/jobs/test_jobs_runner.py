"""job_run in one process: runs recorded, locks taken and released, stale locks taken over."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import psutil
import pytest

from ledgerctl.core.errors import Conflict, LockHeld, PermissionDenied, UsageError
from ledgerctl.jobs.locks import this_host
from ledgerctl.jobs.runner import job_run
from ledgerctl.tenancy.service import add_user, create_tenant

from .helpers import audit_actions, dead_pid, held_locks, plant_lock, runs


def test_ok_run_is_recorded_and_lock_released(workspace):
    ctx = workspace.ctx()
    with job_run(ctx, "demo.job", permission="jobs.run") as run:
        assert [lock.name for lock in held_locks(workspace.ctx())] == ["demo.job"]
        assert runs(workspace.ctx())[0].status == "running"
        run.processed += 5
        run.errors += 1
        run.detail = "5 files"
    (row,) = runs(ctx)
    assert (row.status, row.processed, row.errors, row.detail) == ("ok", 5, 1, "5 files")
    assert (row.actor, row.host, row.pid) == ("admin", this_host(), os.getpid())
    assert row.ended_at is not None and row.ended_at >= row.started_at
    assert held_locks(ctx) == []
    ctx.dispose()


def test_failed_job_is_recorded_with_its_error_and_reraised(workspace):
    ctx = workspace.ctx()
    with pytest.raises(ValueError, match="bad row 7"), job_run(ctx, "demo.job") as run:
        run.processed = 6
        raise ValueError("bad row 7")
    with pytest.raises(Conflict), job_run(ctx, "demo.job"):
        raise Conflict("period 2025-09 is closed")
    first, second = runs(ctx)
    assert (first.status, first.processed, first.detail) == (
        "failed",
        6,
        "error: ValueError: bad row 7",
    )
    assert (second.status, second.detail) == ("failed", "error: period 2025-09 is closed")
    assert held_locks(ctx) == []
    with job_run(ctx, "demo.job"):  # the lock was released after each failure
        pass
    ctx.dispose()


def test_a_live_holder_in_this_process_refuses_a_second_run(workspace):
    ctx = workspace.ctx()
    with job_run(ctx, "demo.job"), pytest.raises(LockHeld) as info, job_run(ctx, "demo.job"):
        pass
    assert info.value.exit_code == 8
    text = info.value.message
    assert "'demo.job' is already running" in text
    assert f"host {this_host()} pid {os.getpid()} since " in text
    assert [r.status for r in runs(ctx)] == ["ok"]  # the refused attempt left no run
    ctx.dispose()


def test_other_jobs_and_other_tenants_are_not_blocked(workspace):
    ctx = workspace.ctx()
    create_tenant(ctx, "other", "Other Business", "GHS", None)
    other = workspace.ctx(tenant="other")
    with job_run(ctx, "demo.job"), job_run(ctx, "demo.other"), job_run(other, "demo.job"):
        pass
    assert len(runs(ctx)) == 2 and len(runs(other)) == 1
    ctx.dispose()
    other.dispose()


def test_stale_lock_of_a_dead_process_on_this_host_is_taken_over(workspace):
    ctx = workspace.ctx()
    pid = dead_pid()
    plant_lock(ctx, "demo.job", host=this_host(), pid=pid, with_run=True)
    with job_run(ctx, "demo.job") as run:
        run.detail = "done"
    dead, mine = runs(ctx)
    assert dead.status == "failed" and "abandoned: process gone" in dead.detail
    assert dead.ended_at is not None
    assert mine.status == "ok"
    assert mine.detail == (
        f"took over stale lock (process gone) of host {this_host()} "
        f"pid {pid} since {dead.started_at:%Y-%m-%d %H:%M:%S} UTC; done"
    )
    assert "jobs.lock.takeover" in audit_actions(ctx)
    assert held_locks(ctx) == []
    ctx.dispose()


def test_lock_of_a_reused_pid_is_stale(workspace):
    ctx = workspace.ctx()
    started = datetime.fromtimestamp(psutil.Process().create_time(), UTC)
    plant_lock(
        ctx, "demo.job", host=this_host(), pid=os.getpid(), acquired_at=started - timedelta(hours=1)
    )
    with job_run(ctx, "demo.job"):
        pass
    assert "(process gone (pid reused))" in runs(ctx)[0].detail
    ctx.dispose()


def test_expired_lock_of_another_host_is_taken_over(workspace):
    ctx = workspace.ctx()
    plant_lock(ctx, "demo.job", host="till-2.example", pid=4242, expires_in=timedelta(seconds=-5))
    with job_run(ctx, "demo.job"):
        pass
    (row,) = runs(ctx)
    assert row.detail.startswith("took over stale lock (expired) of host till-2.example pid 4242")
    ctx.dispose()


def test_unexpired_lock_of_another_host_is_live(workspace):
    ctx = workspace.ctx()
    plant_lock(ctx, "demo.job", host="till-2.example", pid=os.getpid())
    with (
        pytest.raises(LockHeld, match=r"host till-2.example pid \d+ since "),
        job_run(ctx, "demo.job"),
    ):
        pass
    assert runs(ctx) == []
    assert [lock.host for lock in held_locks(ctx)] == ["till-2.example"]
    ctx.dispose()


def test_heartbeat_extends_the_lock_and_saves_progress(workspace):
    ctx = workspace.ctx()
    with job_run(ctx, "demo.job", ttl=timedelta(minutes=30)) as run:
        (before,) = held_locks(ctx)
        run.processed = 3
        run.heartbeat()  # less than ttl/3 since the start: nothing written
        assert held_locks(ctx)[0].expires_at == before.expires_at
        assert runs(ctx)[0].processed == 0
        run.heartbeat(force=True)
        assert held_locks(ctx)[0].expires_at > before.expires_at
        assert runs(ctx)[0].processed == 3
    ctx.dispose()


def test_a_run_whose_lock_was_taken_over_stops_at_its_heartbeat(workspace):
    ctx = workspace.ctx()
    with pytest.raises(LockHeld, match="lost its lock"), job_run(ctx, "demo.job") as run:
        from ledgerctl.work import unit_of_work

        with unit_of_work(ctx, None) as work:  # as if another host took the lock over
            (lock,) = held_locks(ctx)
            lock.token = "someone-else"
            work.session.add(lock)
        run.heartbeat(force=True)
    (row,) = runs(ctx)
    assert row.status == "failed" and "lost its lock" in row.detail
    assert "lock had been taken over" in row.detail
    assert [lock.token for lock in held_locks(ctx)] == ["someone-else"]  # not ours to delete
    ctx.dispose()


def test_actor_needs_the_permission_and_membership(workspace):
    admin = workspace.ctx()
    add_user(admin, "vera", ["viewer"])
    add_user(admin, "otto", ["operator"])
    with (
        pytest.raises(PermissionDenied, match="lacks permission 'pipeline.process'"),
        job_run(workspace.ctx(user="vera"), "pipeline.process", permission="pipeline.process"),
    ):
        pass
    with (
        pytest.raises(PermissionDenied, match="not a ledgerctl user"),
        job_run(workspace.ctx(user="nobody"), "demo.job"),
    ):
        pass
    with job_run(workspace.ctx(user="otto"), "pipeline.process", permission="pipeline.process"):
        pass
    assert [(r.actor, r.status) for r in runs(admin)] == [("otto", "ok")]
    assert held_locks(admin) == []
    admin.dispose()


@pytest.mark.parametrize("name", ["", "Demo", "demo job", "-x", "a" * 65, "x/y"])
def test_bad_job_names_are_refused(sqlite_workspace, name):
    with pytest.raises(UsageError, match="job name"), job_run(sqlite_workspace.ctx(), name):
        pass


def test_ttl_must_be_positive(sqlite_workspace):
    with (
        pytest.raises(UsageError, match="ttl must be positive"),
        job_run(sqlite_workspace.ctx(), "demo.job", ttl=timedelta(0)),
    ):
        pass
