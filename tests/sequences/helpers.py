"""Helpers shared by the sequence tests: allocate in a transaction, snapshot the tables.

Also imported by the child processes of the concurrency tests, so it needs no pytest.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from ledgerctl.audit.tables import AuditEntry
from ledgerctl.context import AppContext
from ledgerctl.sequences.numbers import allocate
from ledgerctl.sequences.tables import Sequence, SequenceCounter
from ledgerctl.work import unit_of_work


class Rollback(Exception):
    """Raised inside a unit of work after allocating, to roll the transaction back."""


def take(
    ctx: AppContext,
    name: str,
    *,
    pattern: str = "T-{n}",
    reset: str = "never",
    on: date | None = None,
    fail: bool = False,
) -> str | None:
    """Allocate one number in its own transaction; with ``fail`` roll it back (None)."""
    try:
        with unit_of_work(ctx, "sequence.manage") as work:
            number = allocate(work, name, pattern=pattern, reset=reset, on=on)
            if fail:
                raise Rollback(number)
    except Rollback:
        return None
    return number


def snapshot(ctx: AppContext) -> dict[str, Any]:
    """Every sequence, counter and the audit row count of the context's tenant."""
    with unit_of_work(ctx, None, write=False) as work:
        tid = work.tenant_id
        seqs = work.session.exec(select(Sequence).where(Sequence.tenant_id == tid)).all()
        counters = work.session.exec(
            select(SequenceCounter).where(SequenceCounter.tenant_id == tid)
        ).all()
        audits = work.session.exec(select(AuditEntry.id).where(AuditEntry.tenant_id == tid)).all()
        return {
            "sequences": sorted((s.name, s.pattern, s.reset) for s in seqs),
            "counters": sorted((c.sequence_id, c.scope, c.next_value) for c in counters),
            "audit_rows": len(audits),
        }


def numbers_of(values: list[str | None], prefix: str = "T-") -> list[int]:
    """The counter values of committed numbers like 'T-7' (rolled-back ones are None)."""
    return sorted(int(v.removeprefix(prefix)) for v in values if v is not None)
