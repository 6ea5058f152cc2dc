"""The scheduled-job registry and the crontab / schtasks lines built from it."""

from __future__ import annotations

import sys
import types
from pathlib import PurePosixPath, PureWindowsPath

import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.jobs.domain.lines import (
    SCHTASKS_TR_LIMIT,
    Target,
    cron_line,
    schedule_lines,
    schtasks_line,
)
from ledgerctl.jobs.registry import KERNEL_JOBS, ScheduledJob, all_jobs, validate

NIGHTLY = ScheduledJob("pipeline-process", ("pipeline", "process"), "15 1 * * *", "Bank CSVs.")


def add_group_jobs(monkeypatch, group: str, jobs: list[object]) -> None:
    """Register ``jobs`` as ledgerctl.<group>.schedule.JOBS, as a group module would."""
    module = types.ModuleType(f"ledgerctl.{group}.schedule")
    module.JOBS = jobs  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)


def test_kernel_registers_audit_verify_and_doctor():
    jobs = {job.name: job for job in all_jobs()}
    assert jobs["audit-verify"].args == ("audit", "verify")
    assert jobs["audit-verify"].cron == "30 2 * * *"
    assert jobs["doctor"].args == ("doctor",)


def test_group_schedule_modules_are_discovered(monkeypatch):
    add_group_jobs(monkeypatch, "pipeline", [NIGHTLY])
    names = [job.name for job in all_jobs()]  # other groups may add jobs of their own
    assert names[: len(KERNEL_JOBS)] == [j.name for j in KERNEL_JOBS]
    assert names.count("pipeline-process") == 1


def test_group_module_with_something_else_in_jobs_is_refused(monkeypatch):
    add_group_jobs(monkeypatch, "billing", ["billing run-retainer-cycle"])
    with pytest.raises(UsageError, match=r"ledgerctl.billing.schedule.JOBS holds .* not a "):
        all_jobs()


@pytest.mark.parametrize(
    ("jobs", "message"),
    [
        ([NIGHTLY, NIGHTLY], "'pipeline-process' is registered twice"),
        ([ScheduledJob("Bad Name", ("doctor",), "0 1 * * *", "")], "job name 'Bad Name'"),
        ([ScheduledJob("x", (), "0 1 * * *", "")], "'x' has no command arguments"),
        ([ScheduledJob("x", ("doctor",), "0 25 * * *", "")], "of job 'x': hour '25'"),
    ],
)
def test_registry_validation(jobs, message):
    with pytest.raises(UsageError) as info:
        validate(jobs)
    assert message in info.value.message


POSIX = Target(exe="/opt/ledgerctl/bin/ledgerctl", home=PurePosixPath("/srv/books"))


def test_cron_line():
    assert cron_line(NIGHTLY, POSIX) == (
        "15 1 * * * /opt/ledgerctl/bin/ledgerctl --home /srv/books pipeline process "
        ">> /srv/books/output/logs/pipeline-process.log 2>&1"
    )


def test_cron_line_quotes_spaces_escapes_percent_and_names_the_tenant():
    target = Target(
        exe="/opt/ledger ctl/ledgerctl",
        home=PurePosixPath("/srv/100% books"),
        tenant="acme",
        user="ops",
    )
    assert cron_line(NIGHTLY, target) == (
        "15 1 * * * '/opt/ledger ctl/ledgerctl' --home '/srv/100\\% books' --tenant acme "
        "--user ops pipeline process >> '/srv/100\\% books/output/logs/"
        "pipeline-process.acme.log' 2>&1"
    )


WINDOWS = Target(exe=r"C:\Program Files\ledgerctl\ledgerctl.exe", home=PureWindowsPath(r"D:\Books"))


def test_schtasks_line():
    assert schtasks_line(NIGHTLY, WINDOWS) == (
        r'schtasks /Create /TN "ledgerctl\pipeline-process" /TR "cmd /c \"\"C:\Program Files'
        r"\ledgerctl\ledgerctl.exe\" --home \"D:\Books\" pipeline process >> "
        r'\"D:\Books\output\logs\pipeline-process.log\" 2>&1\"" /SC DAILY /ST 01:15 /F'
    )


def test_schtasks_line_for_a_tenant_and_a_weekly_job():
    job = ScheduledJob("backup-weekly", ("backup", "run", "--tier", "weekly"), "0 22 * * 5", "")
    target = Target(exe=WINDOWS.exe, home=WINDOWS.home, tenant="acme")
    line = schtasks_line(job, target)
    assert line.startswith(r'schtasks /Create /TN "ledgerctl\acme\backup-weekly" /TR "cmd /c ')
    assert r"--home \"D:\Books\" --tenant acme backup run --tier weekly >> " in line
    assert r"backup-weekly.acme.log\" 2>&1\"" in line
    assert line.endswith(" /SC WEEKLY /D FRI /ST 22:00 /F")


def test_schedule_lines_report_untranslatable_jobs_and_long_commands():
    odd = ScheduledJob("twice-daily", ("doctor",), "0 6,18 * * *", "")
    deep = Target(exe=WINDOWS.exe, home=PureWindowsPath("D:\\" + "very-long-folder\\" * 12))
    good, bad = schedule_lines([NIGHTLY, odd], deep, "windows")
    assert good.text.startswith("schtasks /Create") and not good.error
    assert f"schtasks accepts {SCHTASKS_TR_LIMIT}" in good.warning
    assert not bad.text and "'twice-daily' cannot be expressed" in bad.error
    (cron,) = schedule_lines([odd], POSIX, "cron")
    assert cron.text.startswith("0 6,18 * * * ") and not cron.error


def test_schedule_lines_unknown_os():
    with pytest.raises(UsageError, match="--os must be cron or windows, not 'macos'"):
        schedule_lines([NIGHTLY], POSIX, "macos")
