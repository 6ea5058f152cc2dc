"""The `jobs` and `schedule` commands, run through the real CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from ledgerctl.jobs.locks import this_host
from ledgerctl.jobs.registry import ScheduledJob
from ledgerctl.jobs.runner import job_run
from ledgerctl.tenancy.service import add_user

from ..conftest import run_cli
from .helpers import audit_actions, dead_pid, held_locks, plant_lock
from .test_jobs_schedule import add_group_jobs


def make_runs(workspace) -> None:
    ctx = workspace.ctx()
    with job_run(ctx, "demo.a") as run:
        run.processed = 2
    with pytest.raises(RuntimeError), job_run(ctx, "demo.b"):
        raise RuntimeError("disk full")
    with job_run(ctx, "demo.a") as run:
        run.processed = 4
    ctx.dispose()


def test_jobs_list_formats_and_filters(workspace, cli):
    make_runs(workspace)
    rows = json.loads(cli("jobs", "list", "--format", "json").out)
    assert [(r["name"], r["status"], r["processed"]) for r in rows] == [
        ("demo.a", "ok", 4),
        ("demo.b", "failed", 0),
        ("demo.a", "ok", 2),
    ]
    assert rows[1]["detail"] == "error: RuntimeError: disk full"
    assert rows[0]["actor"] == "admin" and rows[0]["host"] == this_host()
    failed = json.loads(cli("jobs", "list", "--status", "failed", "-f", "json").out)
    assert [r["name"] for r in failed] == ["demo.b"]
    named = list(
        csv.DictReader(
            io.StringIO(cli("jobs", "list", "--name", "demo.a", "--limit", "1", "-f", "csv").out)
        )
    )
    assert [(r["name"], r["processed"]) for r in named] == [("demo.a", "4")]
    table = cli("jobs", "list")
    assert table.code == 0 and "Job runs" in table.out and "disk full" in table.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--status", "done"), "--status must be one of running, ok, failed, not 'done'"),
        (("--limit", "0"), "--limit must be at least 1, not 0"),
    ],
)
def test_jobs_list_bad_options(cli, args, message):
    result = cli("jobs", "list", *args)
    assert result.code == 2 and message in result.err


def test_jobs_list_needs_jobs_read(workspace, cli):
    add_user(workspace.ctx(), "bill", ["biller"])
    result = cli("jobs", "list", user="bill")
    assert result.code == 7 and "lacks permission 'jobs.read'" in result.err


def test_jobs_locks_marks_live_and_stale(workspace, cli):
    ctx = workspace.ctx()
    plant_lock(ctx, "demo.dead", host=this_host(), pid=dead_pid())
    plant_lock(ctx, "demo.remote", host="till-2.example", pid=77)
    plant_lock(ctx, "demo.gone", host="till-3.example", pid=78, expires_in=timedelta(hours=-1))
    ctx.dispose()
    rows = json.loads(cli("jobs", "locks", "-f", "json").out)
    assert [(r["name"], r["host"], r["state"]) for r in rows] == [
        ("demo.dead", this_host(), "stale (process gone)"),
        ("demo.gone", "till-3.example", "stale (expired)"),
        ("demo.remote", "till-2.example", "live"),
    ]


def test_jobs_unlock_removes_a_dead_hosts_lock_and_audits_it(workspace, cli):
    ctx = workspace.ctx()
    plant_lock(ctx, "demo.remote", host="till-2.example", pid=77)
    result = cli("jobs", "unlock", "demo.remote", "--yes")
    assert result.code == 0, result.err
    assert "lock of job 'demo.remote' (host till-2.example pid 77) removed" in result.err
    assert held_locks(ctx) == []
    assert audit_actions(ctx)[-1] == "jobs.unlock"
    with job_run(ctx, "demo.remote"):  # free again
        pass
    ctx.dispose()


def test_jobs_unlock_refusals(workspace, cli):
    ctx = workspace.ctx()
    add_user(ctx, "vera", ["viewer"])
    plant_lock(ctx, "demo.here", host=this_host(), pid=os.getpid())
    plant_lock(ctx, "demo.remote", host="till-2.example", pid=77)
    missing = cli("jobs", "unlock", "demo.none", "--yes")
    assert missing.code == 3 and "job 'demo.none' holds no lock in tenant 'default'" in missing.err
    live = cli("jobs", "unlock", "demo.here", "--yes")
    assert live.code == 4 and "is running on this host" in live.err
    unconfirmed = cli("jobs", "unlock", "demo.remote")
    assert unconfirmed.code == 2 and "pass --yes" in unconfirmed.err
    denied = cli("jobs", "unlock", "demo.remote", "--yes", user="vera")
    assert denied.code == 7 and "lacks permission 'jobs.manage'" in denied.err
    bad = cli("jobs", "unlock", "Demo Remote", "--yes")
    assert bad.code == 2 and "job name 'Demo Remote'" in bad.err
    assert sorted(lock.name for lock in held_locks(ctx)) == ["demo.here", "demo.remote"]
    ctx.dispose()


def test_operator_may_unlock(workspace, cli):
    ctx = workspace.ctx()
    add_user(ctx, "otto", ["operator"])
    plant_lock(ctx, "demo.remote", host="till-2.example", pid=77)
    assert cli("jobs", "unlock", "demo.remote", "--yes", user="otto").code == 0
    ctx.dispose()


def schedule(sqlite_workspace, *args: str):
    return run_cli(
        ["--home", str(sqlite_workspace.home), "schedule", "show", *args],
        {"LEDGERCTL_USER": "admin"},
    )


def expected_exe() -> str:
    found = shutil.which("ledgerctl")
    assert found, "the ledgerctl console script is not on PATH"
    return str(Path(found).resolve())


def test_schedule_show_cron(sqlite_workspace):
    home = sqlite_workspace.home
    shutil.rmtree(home / "output")
    result = schedule(sqlite_workspace, "--os", "cron")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("# audit-verify: ")
    assert lines[1] == (
        f"30 2 * * * {expected_exe()} --home {home} audit verify "
        f">> {home / 'output' / 'logs' / 'audit-verify.log'} 2>&1"
    )
    assert lines[2].startswith("# doctor: ")
    assert lines[3].startswith("0 6 * * * ") and lines[3].endswith("doctor.log 2>&1")
    assert (home / "output" / "logs").is_dir()  # so the >> redirect works from the start


def test_schedule_show_windows_one_job(sqlite_workspace):
    home = sqlite_workspace.home
    log = home / "output" / "logs" / "doctor.log"
    result = schedule(sqlite_workspace, "--os", "windows", "--job", "doctor")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "REM doctor: Check database, migrations, folders, disk space and each group's health.",
        f'schtasks /Create /TN "ledgerctl\\doctor" /TR "cmd /c \\"\\"{expected_exe()}\\" '
        f'--home \\"{home}\\" doctor >> \\"{log}\\" 2>&1\\"" '
        "/SC DAILY /ST 06:00 /F",
    ]


def test_schedule_show_with_tenant(sqlite_workspace):
    result = run_cli(
        [
            "--home",
            str(sqlite_workspace.home),
            "--tenant",
            "default",
            "schedule",
            "show",
            "--os",
            "cron",
            "--job",
            "doctor",
        ],
        {},
    )
    assert "--tenant default doctor >> " in result.out and "doctor.default.log" in result.out


def test_schedule_show_untranslatable_job(sqlite_workspace, monkeypatch):
    add_group_jobs(
        monkeypatch,
        "pos",
        [ScheduledJob("pos-shifts", ("pos", "report"), "0 9-17 * * 1-5", "Hourly shift report.")],
    )
    result = schedule(sqlite_workspace, "--os", "windows")
    assert result.code == 2
    assert "cron expression '0 9-17 * * 1-5' of job 'pos-shifts' cannot be expressed" in result.err
    assert "ledgerctl\\audit-verify" in result.out and "pos-shifts" not in result.out
    cron = schedule(sqlite_workspace, "--os", "cron")
    assert cron.code == 0 and "0 9-17 * * 1-5 " in cron.out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--os", "macos"), 2, "--os must be cron or windows, not 'macos'"),
        (("--job", "nightly"), 3, "no scheduled job 'nightly'; registered: audit-verify, doctor"),
    ],
)
def test_schedule_show_bad_options(sqlite_workspace, args, code, message):
    result = schedule(sqlite_workspace, *args)
    assert result.code == code and message in result.err


def test_schedule_show_outside_a_workspace(tmp_path):
    result = run_cli(["--home", str(tmp_path), "schedule", "show"], {})
    assert result.code == 3 and "is not a ledgerctl workspace" in result.err
