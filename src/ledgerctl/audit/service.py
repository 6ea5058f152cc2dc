"""Use cases of the audit group: read the log, verify the chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import select

from ledgerctl.audit.chain import ChainProblem, verify_chain
from ledgerctl.audit.integrity import CheckResult, registered_checks
from ledgerctl.audit.tables import AuditEntry
from ledgerctl.context import AppContext
from ledgerctl.core.clock import UTC
from ledgerctl.work import unit_of_work


def _row(e: AuditEntry) -> dict[str, object]:
    return {
        "seq": e.seq,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "action": e.action,
        "entity": f"{e.entity_type}:{e.entity_id}",
        "before": e.before,
        "after": e.after,
    }


def audit_log(
    ctx: AppContext,
    *,
    actor: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 100,
) -> list[dict[str, object]]:
    """The newest audit rows of the tenant, filtered; oldest first in the result."""
    with unit_of_work(ctx, "audit.read", write=False) as work:
        query = select(AuditEntry).where(AuditEntry.tenant_id == work.tenant_id)
        if actor:
            query = query.where(AuditEntry.actor == actor)
        if action:
            query = query.where(AuditEntry.action.like(action.replace("*", "%")))  # type: ignore[attr-defined]
        if entity:
            kind, _, ident = entity.partition(":")
            query = query.where(AuditEntry.entity_type == kind)
            if ident:
                query = query.where(AuditEntry.entity_id == ident)
        if since:
            query = query.where(AuditEntry.at >= datetime.combine(since, time.min, UTC))
        if until:
            query = query.where(AuditEntry.at <= datetime.combine(until, time.max, UTC))
        rows = work.session.exec(query.order_by(AuditEntry.seq.desc()).limit(limit)).all()  # type: ignore[attr-defined]
        return [_row(e) for e in reversed(rows)]


def run_integrity_checks(ctx: AppContext) -> list[CheckResult]:
    """Run every registered integrity check of every group for the tenant."""
    with unit_of_work(ctx, "audit.read", write=False) as work:
        return [check(work) for check in registered_checks()]


@dataclass
class VerifyResult:
    tenant: str
    checked: int
    problem: ChainProblem | None


def verify(ctx: AppContext) -> VerifyResult:
    """Re-hash the tenant's audit chain; report the first broken row."""
    with unit_of_work(ctx, "audit.read", write=False) as work:
        checked, problem = verify_chain(work.session, work.tenant_id)
        return VerifyResult(work.tenant.slug, checked, problem)
