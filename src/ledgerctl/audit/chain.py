"""Append to and verify the per-tenant SHA-256 chain of audit rows.

Each row's hash covers its content and the previous row's hash; ``audit_heads`` keeps the
last seq and hash of each tenant, so editing, deleting or truncating rows behind the tool's
back is detected by ``verify_chain``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from ledgerctl.audit.tables import AuditEntry, AuditHead
from ledgerctl.core.clock import utcnow
from ledgerctl.db.types import canonical_json

GENESIS = "0" * 64


def row_hash(entry: AuditEntry) -> str:
    """SHA-256 of the row's content and its predecessor's hash."""
    body = canonical_json(
        {
            "tenant_id": entry.tenant_id,
            "seq": entry.seq,
            "at": entry.at.isoformat(),
            "actor": entry.actor,
            "action": entry.action,
            "entity_type": entry.entity_type,
            "entity_id": entry.entity_id,
            "before": entry.before,
            "after": entry.after,
            "prev_hash": entry.prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _normalise(value: Any) -> Any:
    """Round-trip through canonical JSON so the hash sees what the database will return."""
    import json

    return None if value is None else json.loads(canonical_json(value))


def _locked_head(session: Session, tenant_id: int) -> AuditHead:
    """The tenant's chain head, locked for this transaction (made on the first row)."""
    head = session.exec(
        select(AuditHead).where(AuditHead.tenant_id == tenant_id).with_for_update()
    ).first()
    if head is None:
        head = AuditHead(tenant_id=tenant_id, seq=0, hash=GENESIS)
        session.add(head)
    return head


def append(
    session: Session,
    tenant_id: int,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: object,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Add one audit row to the tenant's chain, inside the caller's transaction."""
    head = _locked_head(session, tenant_id)
    entry = AuditEntry(
        tenant_id=tenant_id,
        seq=head.seq + 1,
        at=utcnow().replace(microsecond=0),
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=_normalise(before),
        after=_normalise(after),
        prev_hash=head.hash,
        hash="",
    )
    entry.hash = row_hash(entry)
    head.seq, head.hash = entry.seq, entry.hash
    session.add(entry)
    session.add(head)
    return entry


@dataclass(frozen=True)
class Change:
    """One audited change for ``append_many``."""

    action: str
    entity_type: str
    entity_id: object
    before: Any = None
    after: Any = None


def append_many(session: Session, tenant_id: int, actor: str, changes: Sequence[Change]) -> int:
    """Add many rows to the tenant's chain in order, with one insert (bulk operations).

    The rows are exactly those ``append`` would make one by one.
    """
    if not changes:
        return 0
    head = _locked_head(session, tenant_id)
    at, seq, prev, rows = utcnow().replace(microsecond=0), head.seq, head.hash, []
    for change in changes:
        seq += 1
        row = {
            "tenant_id": tenant_id,
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": change.action,
            "entity_type": change.entity_type,
            "entity_id": str(change.entity_id),
            "before": _normalise(change.before),
            "after": _normalise(change.after),
            "prev_hash": prev,
        }
        row["hash"] = prev = row_hash(SimpleNamespace(**row))  # type: ignore[arg-type]
        rows.append(row)
    session.execute(insert(AuditEntry), rows)
    head.seq, head.hash = seq, prev
    session.add(head)
    return len(rows)


@dataclass(frozen=True)
class ChainProblem:
    """The first place the chain breaks, in words an auditor can act on."""

    seq: int
    reason: str


def verify_chain(
    session: Session, tenant_id: int, batch: int = 5000
) -> tuple[int, ChainProblem | None]:
    """Walk the tenant's chain; return (rows checked, first problem or None)."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    last_id = 0
    while True:
        rows = session.exec(
            select(AuditEntry)
            .where(AuditEntry.tenant_id == tenant_id, col(AuditEntry.id) > last_id)
            .order_by(col(AuditEntry.seq))
            .limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return checked, ChainProblem(
                    expected_seq, f"row {expected_seq} is missing (deleted)"
                )
            if row.prev_hash != expected_prev:
                return checked, ChainProblem(row.seq, "its link to the previous row was changed")
            if row_hash(row) != row.hash:
                return checked, ChainProblem(row.seq, "its content was edited after it was written")
            expected_prev, expected_seq, checked = row.hash, row.seq + 1, checked + 1
            last_id = max(last_id, row.id or 0)
    head = session.get(AuditHead, tenant_id)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != expected_prev:
        return checked, ChainProblem(
            checked + 1, f"rows after {checked} are missing (chain head says {head_seq} rows)"
        )
    return checked, None
