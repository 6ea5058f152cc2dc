"""Billing period locks: once a month is closed, no draft, charge, payment or allocation may be
dated in it; its statements can only be issued, settled or voided (so closing refuses while
drafts remain). Reopening needs an admin and a reason.

These locks are billing's own and independent of the ledger's fiscal periods: an issued
statement still posts to the ledger, which refuses a closed fiscal period on its own.
Checks take a shared row lock (Postgres ``FOR SHARE``) and closing an exclusive one, so a
payment and a close of the same month cannot interleave.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import select

from ledgerctl.billing.tables import BillingPeriod, Statement
from ledgerctl.core.clock import parse_period, utcnow
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger.api import upsert_insert
from ledgerctl.work import Work


def _ensure_rows(work: Work, codes: Iterable[str]) -> None:
    rows = [{"tenant_id": work.tenant_id, "code": c, "status": "open"} for c in sorted(codes)]
    if rows:
        stmt = upsert_insert(work, BillingPeriod.__table__).on_conflict_do_nothing(  # type: ignore[attr-defined]
            index_elements=["tenant_id", "code"]
        )
        work.session.execute(stmt, rows)


def _rows(work: Work, codes: Iterable[str], lock: str) -> dict[str, BillingPeriod]:
    query = select(BillingPeriod).where(
        BillingPeriod.tenant_id == work.tenant_id, BillingPeriod.code.in_(sorted(set(codes)))
    )  # type: ignore[attr-defined]
    query = query.with_for_update(read=lock == "share").execution_options(populate_existing=True)
    return {p.code: p for p in work.session.exec(query).all()}


def require_open(work: Work, codes: Iterable[str], what: str) -> None:
    """Exit 4 if any of the billing periods ``codes`` is closed; ``what`` names the thing."""
    wanted = set(codes)
    if not wanted:
        return
    _ensure_rows(work, wanted)
    found = _rows(work, wanted, "share")
    for code in sorted(wanted):
        if found[code].status == "closed":
            raise Conflict(
                f"billing period {code} is closed: {what} cannot be dated in it; "
                f"date it in an open period, or an admin can run `ledgerctl billing "
                f"period reopen {code} --reason ...`"
            )


def is_closed(work: Work, code: str) -> bool:
    """Read-only: is billing period ``code`` closed?"""
    return (
        work.session.exec(
            select(BillingPeriod.status).where(
                BillingPeriod.tenant_id == work.tenant_id, BillingPeriod.code == code
            )
        ).first()
        == "closed"
    )


def period_row(p: BillingPeriod) -> dict[str, object]:
    return {
        "period": p.code,
        "status": p.status,
        "closed_at": p.closed_at.isoformat() if p.closed_at else "",
        "closed_by": p.closed_by or "",
    }


def _drafts_in(work: Work, code: str) -> int:
    return int(
        work.session.exec(
            select(func.count())
            .select_from(Statement)
            .where(
                Statement.tenant_id == work.tenant_id,
                Statement.period == code,
                Statement.status == "draft",
            )
        ).one()
    )


def close(work: Work, period: str) -> BillingPeriod:
    """Close a billing month; exit 4 while drafts remain or when it is closed already."""
    code = parse_period(period)
    _ensure_rows(work, [code])
    row = _rows(work, [code], "update")[code]
    if row.status == "closed":
        raise Conflict(f"billing period {code} is already closed (by {row.closed_by})")
    drafts = _drafts_in(work, code)
    if drafts:
        raise Conflict(
            f"billing period {code} still has {drafts} draft statement(s); issue or "
            f"delete them first (`ledgerctl billing statement list --period {code} "
            "--status draft`)"
        )
    before = period_row(row)
    row.status, row.closed_at, row.closed_by = "closed", utcnow(), work.actor.name
    work.session.add(row)
    work.audit("billing.period_close", "billing_period", code, before, period_row(row))
    return row


def reopen(work: Work, period: str, reason: str) -> BillingPeriod:
    """Reopen a closed billing month (the caller checked the admin permission)."""
    code = parse_period(period)
    if not reason.strip():
        raise UsageError("a reason is required to reopen a billing period; pass --reason TEXT")
    row = _rows(work, [code], "update").get(code)
    if row is None or row.status != "closed":
        raise (NotFound if row is None else Conflict)(
            f"billing period {code} is not closed; nothing to reopen"
        )
    before = period_row(row)
    row.status, row.closed_at, row.closed_by = "open", None, None
    work.session.add(row)
    work.audit(
        "billing.period_reopen",
        "billing_period",
        code,
        before,
        {**period_row(row), "reason": reason.strip()},
    )
    return row


def list_periods(work: Work) -> list[dict[str, object]]:
    rows = work.session.exec(
        select(BillingPeriod)
        .where(BillingPeriod.tenant_id == work.tenant_id)
        .order_by(BillingPeriod.code)
    ).all()
    return [period_row(p) for p in rows]
