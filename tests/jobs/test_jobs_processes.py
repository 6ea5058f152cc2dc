"""Lock contention between real OS processes, on each backend."""

from __future__ import annotations

from ledgerctl.jobs.locks import this_host

from .helpers import Holder, held_locks, run_once, runs


def test_second_process_gets_exit_8_while_the_first_holds_the_lock(workspace):
    env = workspace.env()
    holder = Holder(env, "demo.contended")
    try:
        refused = run_once(env, "demo.contended")
        assert refused.returncode == 8, refused.stderr
        assert "'demo.contended' is already running" in refused.stderr
        assert f"host {this_host()} pid {holder.proc.pid} since " in refused.stderr
        assert "acquired" not in refused.stdout
    finally:
        holder.release()
    after = run_once(env, "demo.contended")
    assert after.returncode == 0, after.stderr
    ctx = workspace.ctx()
    assert [(r.status, r.detail, r.pid) for r in runs(ctx)] == [
        ("ok", "hold", holder.proc.pid),
        ("ok", "once", runs(ctx)[1].pid),
    ]
    assert held_locks(ctx) == []
    ctx.dispose()


def test_lock_of_a_killed_process_is_recovered_by_the_next_run(workspace):
    env = workspace.env()
    holder = Holder(env, "demo.crashy")
    holder.kill()  # no chance to release: the lock row stays, its process is gone
    ctx = workspace.ctx()
    assert [lock.pid for lock in held_locks(ctx)] == [holder.proc.pid]
    after = run_once(env, "demo.crashy")
    assert after.returncode == 0, after.stderr
    killed, recovered = runs(ctx)
    assert killed.status == "failed" and "abandoned: process gone" in killed.detail
    assert recovered.status == "ok"
    assert (
        f"took over stale lock (process gone) of host {this_host()} pid {holder.proc.pid}"
        in recovered.detail
    )
    assert held_locks(ctx) == []
    ctx.dispose()
