"""`layby automation history|status`: the automation's job runs (``job_runs``), its lock and
what is waiting, for operators who hold ``layby.read``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from ledgerctl.core.clock import utcnow
from ledgerctl.jobs.api import JobLock, JobRun, describe, stale_reason
from ledgerctl.layby.automation import JOB_NAME
from ledgerctl.layby.tables import ACTIVE, ON_HOLD, Instalment, Layby, Notification
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class RunRow:
    """One past run of the automation."""

    id: int
    status: str
    started_at: datetime
    ended_at: datetime | None
    seconds: float | None
    processed: int
    errors: int
    actor: str
    detail: str


@dataclass(frozen=True)
class StatusItem:
    item: str
    value: str


def run_of(run: JobRun) -> RunRow:
    ended = run.ended_at.replace(microsecond=0) if run.ended_at is not None else None
    seconds = (
        round((run.ended_at - run.started_at).total_seconds(), 1)
        if run.ended_at is not None
        else None
    )
    return RunRow(
        run.id or 0,
        run.status,
        run.started_at.replace(microsecond=0),
        ended,
        seconds,
        run.processed,
        run.errors,
        run.actor,
        run.detail,
    )


@use_case("layby.read", write=False)
def history(work: Work, limit: int) -> list[RunRow]:
    """The newest runs first: start, end, duration, status, processed, errors, detail."""
    rows = work.session.exec(
        select(JobRun)
        .where(JobRun.tenant_id == work.tenant_id, JobRun.name == JOB_NAME)
        .order_by(col(JobRun.started_at).desc(), col(JobRun.id).desc())
        .limit(limit)
    ).all()
    return [run_of(r) for r in rows]


def _count(work: Work, query: object) -> int:
    return int(work.session.exec(query).one())  # type: ignore[call-overload]


@use_case("layby.read", write=False)
def status(work: Work, as_of: date) -> list[StatusItem]:
    """The last run, the lock, and what the next run will find (as of ``as_of``)."""
    last = work.session.exec(
        select(JobRun)
        .where(JobRun.tenant_id == work.tenant_id, JobRun.name == JOB_NAME)
        .order_by(col(JobRun.started_at).desc())
        .limit(1)
    ).first()
    lock = work.session.exec(
        select(JobLock).where(JobLock.tenant_id == work.tenant_id, JobLock.name == JOB_NAME)
    ).first()
    t = work.tenant_id
    plans = select(func.count()).select_from(Layby).where(Layby.tenant_id == t)
    open_inst = (
        select(func.count())
        .select_from(Instalment)
        .join(Layby, col(Layby.id) == col(Instalment.layby_id))
        .where(Instalment.tenant_id == t, Instalment.status == "open", Layby.status == ACTIVE)
    )
    rows: list[tuple[str, object]] = []
    if last is None:
        rows.append(("last run", "never"))
    else:
        r = run_of(last)
        rows += [
            ("last run", f"{r.started_at} ({r.status})"),
            ("last run ended", r.ended_at or "-"),
            ("seconds", r.seconds),
            ("processed", r.processed),
            ("errors", r.errors),
            ("detail", r.detail),
        ]
    state = (
        "free"
        if lock is None
        else (
            f"held by {describe(lock)}"
            + (f" (stale: {stale_reason(lock, utcnow())})" if stale_reason(lock, utcnow()) else "")
        )
    )
    rows += [
        ("lock", state),
        ("active lay-bys", _count(work, plans.where(Layby.status == ACTIVE))),
        ("on hold", _count(work, plans.where(Layby.status == ON_HOLD))),
        (
            f"instalments due {as_of} .. {as_of + timedelta(days=3)}",
            _count(
                work,
                open_inst.where(
                    Instalment.due_date >= as_of, Instalment.due_date <= as_of + timedelta(days=3)
                ),
            ),
        ),
        (
            f"instalments overdue on {as_of}",
            _count(work, open_inst.where(Instalment.due_date < as_of)),
        ),
        (
            "emails pending",
            _count(
                work,
                select(func.count())
                .select_from(Notification)
                .where(
                    Notification.tenant_id == t,
                    col(Notification.email_status).in_(("pending", "failed")),
                ),
            ),
        ),
        ("schedule", "daily at 06:00 (`ledgerctl schedule show`)"),
    ]
    return [StatusItem(k, str(v)) for k, v in rows]
