"""Read side of the pipeline: `pipeline status` (counts, last run, problems) as typed rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from ledgerctl.pipeline.tables import (
    PipelineDecision,
    PipelineFile,
    PipelineProblem,
    PipelineTransaction,
)
from ledgerctl.work import Work, use_case

PROCESS_JOB = "pipeline.process"

FILES = PipelineFile.__table__  # type: ignore[attr-defined]
TXNS = PipelineTransaction.__table__  # type: ignore[attr-defined]
DECISIONS = PipelineDecision.__table__  # type: ignore[attr-defined]
PROBLEMS = PipelineProblem.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ProblemRow:
    """A stored problem: no schema, a bad line, a balance gap, an unreadable file."""

    kind: str
    file: str
    line_no: int
    field: str
    message: str


@dataclass(frozen=True)
class PipelineStatus:
    """`pipeline status`: what is stored, the review queue, problems and the last run."""

    files: int
    transactions: int
    review_queue: int
    decisions: int
    problems: int
    problems_by_kind: dict[str, int]
    last_run: datetime | None
    last_run_status: str | None
    last_run_processed: int | None
    last_run_detail: str | None


def _count(conn: Connection, table: Any, tenant_id: int) -> int:
    query = select(func.count()).select_from(table).where(table.c.tenant_id == tenant_id)
    return int(conn.execute(query).scalar_one())


def _reviewed(conn: Connection, tenant_id: int) -> int:
    return int(
        conn.execute(
            text(
                "SELECT count(*) FROM pipeline_transactions t JOIN pipeline_decisions d "
                "ON d.tenant_id = t.tenant_id AND d.fingerprint = t.fingerprint "
                "WHERE t.tenant_id = :t"
            ),
            {"t": tenant_id},
        ).scalar_one()
    )


def _last_run(conn: Connection, tenant_id: int) -> dict[str, Any]:
    from ledgerctl.jobs.api import JobRun

    runs = JobRun.__table__  # type: ignore[attr-defined]
    last = (
        conn.execute(
            select(runs)
            .where(runs.c.tenant_id == tenant_id, runs.c.name == PROCESS_JOB)
            .order_by(runs.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(last) if last else {}


def _by_kind(conn: Connection, tenant_id: int) -> dict[str, int]:
    query = (
        select(PROBLEMS.c.kind, func.count())
        .where(PROBLEMS.c.tenant_id == tenant_id)
        .group_by(PROBLEMS.c.kind)
    )
    return {str(kind): int(n) for kind, n in conn.execute(query).all()}


@use_case("pipeline.read", write=False)
def pipeline_status(work: Work) -> PipelineStatus:
    """Files, transactions, review queue length, decisions, problems by kind, last run."""
    conn, t = work.session.connection(), work.tenant_id
    n_rows = _count(conn, TXNS, t)
    by_kind = _by_kind(conn, t)
    last = _last_run(conn, t)
    return PipelineStatus(
        files=_count(conn, FILES, t),
        transactions=n_rows,
        review_queue=n_rows - _reviewed(conn, t),
        decisions=_count(conn, DECISIONS, t),
        problems=sum(by_kind.values()),
        problems_by_kind=dict(sorted(by_kind.items())),
        last_run=last.get("started_at"),
        last_run_status=last.get("status"),
        last_run_processed=last.get("processed"),
        last_run_detail=last.get("detail"),
    )


@use_case("pipeline.read", write=False)
def problem_list(work: Work, limit: int = 50) -> list[ProblemRow]:
    """The latest ``limit`` stored problems, oldest first."""
    query = (
        select(
            PROBLEMS.c.kind,
            PROBLEMS.c.file,
            PROBLEMS.c.line_no,
            PROBLEMS.c.field,
            PROBLEMS.c.message,
        )
        .where(PROBLEMS.c.tenant_id == work.tenant_id)
        .order_by(PROBLEMS.c.id.desc())
        .limit(limit)
    )
    rows = work.session.connection().execute(query).all()
    return [ProblemRow(*r) for r in reversed(rows)]
