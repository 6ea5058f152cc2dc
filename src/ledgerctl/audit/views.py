"""Read side of the audit log: the tenant's audit rows, filtered, as typed rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlmodel import col, select

from ledgerctl.audit.tables import AuditEntry
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class AuditRow:
    """One audit row as listed; ``before``/``after`` are the stored JSON values (CSV shows
    them as JSON text)."""

    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    before: Any
    after: Any

    @classmethod
    def of(cls, e: AuditEntry) -> AuditRow:
        entity = f"{e.entity_type}:{e.entity_id}"
        return cls(e.seq, e.at, e.actor, e.action, entity, e.before, e.after)


@use_case("audit.read", write=False)
def audit_log(
    work: Work,
    *,
    actor: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 100,
) -> list[AuditRow]:
    """`audit log`: the newest ``limit`` rows matching the filters, oldest first.

    ``action`` takes ``*`` as a wildcard (``ledger.*``); ``entity`` is ``TYPE`` or ``TYPE:ID``.
    """
    query = select(AuditEntry).where(AuditEntry.tenant_id == work.tenant_id)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(col(AuditEntry.action).like(action.replace("*", "%")))
    if entity:
        kind, _, ident = entity.partition(":")
        query = query.where(AuditEntry.entity_type == kind)
        if ident:
            query = query.where(AuditEntry.entity_id == ident)
    if since:
        query = query.where(AuditEntry.at >= datetime.combine(since, time.min, UTC))
    if until:
        query = query.where(AuditEntry.at <= datetime.combine(until, time.max, UTC))
    rows = work.session.exec(query.order_by(col(AuditEntry.seq).desc()).limit(limit)).all()
    return [AuditRow.of(e) for e in reversed(rows)]
