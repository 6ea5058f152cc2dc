"""Scheduler lines for registered jobs: crontab entries and ``schtasks /Create`` commands.

Each line runs the absolute ``ledgerctl`` executable with ``--home <workspace>`` and appends
its output to ``<workspace>/output/logs/<job>.log``. Pure string building, no I/O.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import PurePath

from ledgerctl.core.errors import UsageError
from ledgerctl.jobs.domain.cron import parse_cron, schtasks_options
from ledgerctl.jobs.domain.jobs import ScheduledJob

SCHTASKS_TR_LIMIT = 261  # characters Task Scheduler accepts in /TR


@dataclass(frozen=True)
class Target:
    """Where and as whom the scheduled commands run."""

    exe: str
    home: PurePath
    tenant: str | None = None
    user: str | None = None

    def log_path(self, job: ScheduledJob) -> PurePath:
        stem = f"{job.name}.{self.tenant}" if self.tenant else job.name
        return self.home / "output" / "logs" / f"{stem}.log"

    def global_args(self) -> list[str]:
        args = ["--home", str(self.home)]
        if self.tenant:
            args += ["--tenant", self.tenant]
        if self.user:
            args += ["--user", self.user]
        return args


@dataclass(frozen=True)
class ScheduleLine:
    """The line for one job, or why there is none."""

    job: ScheduledJob
    text: str = ""
    error: str = ""
    warning: str = ""


def cron_line(job: ScheduledJob, target: Target) -> str:
    """``MIN HOUR DOM MON DOW /abs/ledgerctl --home WS ARGS >> WS/output/logs/JOB.log 2>&1``."""
    parse_cron(job.cron, job=job.name)
    words = [target.exe, *target.global_args(), *job.args]
    command = " ".join(shlex.quote(w) for w in words)
    line = f"{job.cron} {command} >> {shlex.quote(str(target.log_path(job)))} 2>&1"
    return line.replace("%", "\\%")  # cron turns a bare % into a newline


def _win_quote(word: str, always: bool = False) -> str:
    if always or not word or any(c in word for c in ' \t&|<>^()"'):
        return '"' + word.replace('"', '""') + '"'
    return word


def task_name(job: ScheduledJob, target: Target) -> str:
    return f"ledgerctl\\{target.tenant}\\{job.name}" if target.tenant else f"ledgerctl\\{job.name}"


def schtasks_run_command(job: ScheduledJob, target: Target) -> str:
    """The /TR value: ``cmd /c ""exe" --home "WS" ARGS >> "LOG" 2>&1"``."""
    words = [_win_quote(target.exe, True), "--home", _win_quote(str(target.home), True)]
    words += [_win_quote(w) for w in target.global_args()[2:]]
    words += [_win_quote(w) for w in job.args]
    inner = " ".join(words) + f" >> {_win_quote(str(target.log_path(job)), True)} 2>&1"
    return f'cmd /c "{inner}"'


def schtasks_line(job: ScheduledJob, target: Target) -> str:
    """``schtasks /Create /TN "ledgerctl\\JOB" /TR "..." /SC ... /ST HH:MM /F``."""
    options = " ".join(schtasks_options(job.cron, job=job.name))
    run = schtasks_run_command(job, target).replace('"', '\\"')
    return f'schtasks /Create /TN "{task_name(job, target)}" /TR "{run}" {options} /F'


def schedule_lines(jobs: list[ScheduledJob], target: Target, os_name: str) -> list[ScheduleLine]:
    """One line per job for ``cron`` or ``windows``; untranslatable jobs carry an error."""
    if os_name not in ("cron", "windows"):
        raise UsageError(f"--os must be cron or windows, not {os_name!r}")
    lines = []
    for job in jobs:
        try:
            if os_name == "cron":
                lines.append(ScheduleLine(job, cron_line(job, target)))
                continue
            tr = schtasks_run_command(job, target)
            warning = (
                ""
                if len(tr) <= SCHTASKS_TR_LIMIT
                else (
                    f"the /TR command of {job.name!r} is {len(tr)} characters; schtasks accepts "
                    f"{SCHTASKS_TR_LIMIT}: use a shorter workspace path"
                )
            )
            lines.append(ScheduleLine(job, schtasks_line(job, target), warning=warning))
        except UsageError as exc:
            lines.append(ScheduleLine(job, error=exc.message))
    return lines
