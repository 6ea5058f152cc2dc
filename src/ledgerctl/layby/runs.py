"""`layby automation history|status`: the automation's job runs (``job_runs``), its lock and
what is waiting, for operators who hold ``layby.read``."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from ledgerctl.core.clock import utcnow
from ledgerctl.jobs.api import JobLock, JobRun, describe, run_row, stale_reason
from ledgerctl.layby.automation import JOB_NAME
from ledgerctl.layby.tables import ACTIVE, ON_HOLD, Instalment, Layby, Notification
from ledgerctl.work import Work


def history(work: Work, limit: int) -> list[dict[str, object]]:
    """The newest runs first: start, end, duration, status, processed, errors, detail."""
    rows = work.session.exec(
        select(JobRun)
        .where(JobRun.tenant_id == work.tenant_id, JobRun.name == JOB_NAME)
        .order_by(col(JobRun.started_at).desc(), col(JobRun.id).desc())
        .limit(limit)
    ).all()
    keys = (
        "id",
        "status",
        "started_at",
        "ended_at",
        "seconds",
        "processed",
        "errors",
        "actor",
        "detail",
    )
    return [{k: r[k] for k in keys} for r in map(run_row, rows)]


def _count(work: Work, query: object) -> int:
    return int(work.session.exec(query).one())  # type: ignore[call-overload]


def status(work: Work, as_of: date) -> list[dict[str, object]]:
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
        .join(Layby, Layby.id == Instalment.layby_id)
        .where(  # type: ignore[arg-type]
            Instalment.tenant_id == t, Instalment.status == "open", Layby.status == ACTIVE
        )
    )
    rows: list[tuple[str, object]] = []
    if last is None:
        rows.append(("last run", "never"))
    else:
        r = run_row(last)
        rows += [
            ("last run", f"{r['started_at']} ({r['status']})"),
            ("last run ended", r["ended_at"] or "-"),
            ("seconds", r["seconds"]),
            ("processed", r["processed"]),
            ("errors", r["errors"]),
            ("detail", r["detail"]),
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
                    Notification.email_status.in_(("pending", "failed")),
                ),
            ),
        ),  # type: ignore[attr-defined]
        ("schedule", "daily at 06:00 (`ledgerctl schedule show`)"),
    ]
    return [{"item": k, "value": str(v)} for k, v in rows]
