"""Billing period locks, kept in the ledger's fiscal periods (one period lock for the books).

A billing month is the ledger's fiscal period of that month: once it is closed, no draft,
charge, payment or allocation may be dated in it and nothing posts into it; its statements can
only be settled or voided from an open month. Billing adds its own pre-close check (no draft
statement may remain in the month) and its own permissions (``billing.close``, and
``billing.reopen`` with a reason, for an admin).

The lock itself is the ledger's: ``ledger.api.require_open`` creates a missing period open and
checks it under a shared row lock (Postgres ``FOR SHARE``). The ledger's api has no close or
reopen that runs inside another group's unit of work, so ``_lock_row`` (the smallest adapter)
takes the period row ``FOR UPDATE`` through ``ledger.api.FiscalPeriod`` and this module flips
its status, auditing ``billing.period_close`` / ``billing.period_reopen``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from ledgerctl.billing.tables import Statement
from ledgerctl.core.clock import parse_period, utcnow
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger import api as ledger
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class PeriodRow:
    """A billing (= fiscal) month and its lock."""

    period: str
    status: str
    closed_at: datetime | None
    closed_by: str


def _row(p: ledger.FiscalPeriod) -> PeriodRow:
    return PeriodRow(p.code, p.status, p.closed_at, p.closed_by or "")


def _audit_row(p: ledger.FiscalPeriod) -> dict[str, object]:
    return {
        "period": p.code,
        "status": p.status,
        "closed_at": p.closed_at.isoformat() if p.closed_at else "",
        "closed_by": p.closed_by or "",
    }


def _closed_message(code: str, what: str) -> str:
    return (
        f"billing period {code} is closed: {what} cannot be dated in it; "
        f"date it in an open period, or an admin can run `ledgerctl billing "
        f"period reopen {code} --reason ...`"
    )


def require_open(work: Work, codes: Iterable[str], what: str) -> None:
    """Exit 4 if any of the periods ``codes`` is closed; ``what`` names the thing."""
    for code in sorted(set(codes)):
        try:
            ledger.require_open(work, [code])
        except Conflict:
            raise Conflict(_closed_message(code, what)) from None


def is_closed(work: Work, code: str) -> bool:
    """Read-only: is period ``code`` closed?"""
    status = work.session.exec(
        select(ledger.FiscalPeriod.status).where(
            ledger.FiscalPeriod.tenant_id == work.tenant_id, ledger.FiscalPeriod.code == code
        )
    ).first()
    return status is not None and status != "open"


def _lock_row(work: Work, code: str) -> ledger.FiscalPeriod | None:
    query = (
        select(ledger.FiscalPeriod)
        .where(ledger.FiscalPeriod.tenant_id == work.tenant_id, ledger.FiscalPeriod.code == code)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return work.session.exec(query).first()


def _drafts_in(work: Work, code: str) -> int:
    query = (
        select(func.count())
        .select_from(Statement)
        .where(
            Statement.tenant_id == work.tenant_id,
            Statement.period == code,
            Statement.status == "draft",
        )
    )
    return int(work.session.exec(query).one())


@use_case("billing.close")
def close_period(work: Work, period: str) -> PeriodRow:
    """Close a billing month; exit 4 while drafts remain or when it is closed already."""
    code = parse_period(period)
    try:
        ledger.require_open(work, [code])
    except Conflict:
        row = _lock_row(work, code)
        by = row.closed_by if row else ""
        raise Conflict(f"billing period {code} is already closed (by {by})") from None
    drafts = _drafts_in(work, code)
    if drafts:
        raise Conflict(
            f"billing period {code} still has {drafts} draft statement(s); issue or "
            f"delete them first (`ledgerctl billing statement list --period {code} "
            "--status draft`)"
        )
    row = _lock_row(work, code)
    assert row is not None  # require_open made it
    before = _audit_row(row)
    row.status, row.closed_at, row.closed_by = "closed", utcnow(), work.actor.name
    work.session.add(row)
    work.audit("billing.period_close", "period", code, before, _audit_row(row))
    return _row(row)


@use_case("billing.reopen")
def reopen_period(work: Work, period: str, reason: str) -> PeriodRow:
    """Reopen a closed billing month (admin only; the reason goes into the audit row)."""
    code = parse_period(period)
    if not reason.strip():
        raise UsageError("a reason is required to reopen a billing period; pass --reason TEXT")
    row = _lock_row(work, code)
    if row is None or row.status != "closed":
        raise (NotFound if row is None else Conflict)(
            f"billing period {code} is not closed; nothing to reopen"
        )
    before = _audit_row(row)
    row.status, row.closed_at, row.closed_by = "open", None, None
    work.session.add(row)
    after = {**_audit_row(row), "reason": reason.strip()}
    work.audit("billing.period_reopen", "period", code, before, after)
    return _row(row)


@use_case("billing.read", write=False)
def list_periods(work: Work) -> list[PeriodRow]:
    """Every month the books know, with its lock (months not listed are open)."""
    query = select(ledger.FiscalPeriod).where(ledger.FiscalPeriod.tenant_id == work.tenant_id)
    return [_row(p) for p in work.session.exec(query.order_by(col(ledger.FiscalPeriod.code)))]


def closed_codes(work: Work) -> list[str]:
    """The closed months (for the integrity check)."""
    query = select(ledger.FiscalPeriod.code).where(
        ledger.FiscalPeriod.tenant_id == work.tenant_id, ledger.FiscalPeriod.status == "closed"
    )
    return list(work.session.exec(query).all())
