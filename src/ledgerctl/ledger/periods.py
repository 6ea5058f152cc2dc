"""Monthly fiscal periods: created open on first posting, closed and reopened by people.

Posting checks a period under a shared row lock (Postgres ``FOR SHARE``) and closing takes
an exclusive one, so a post and a close of the same month cannot interleave.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import select

from ledgerctl.core.clock import period_bounds, utcnow
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger.sql import upsert_insert
from ledgerctl.ledger.tables import FiscalPeriod
from ledgerctl.work import Work


def _insert_missing(work: Work, codes: Iterable[str]) -> None:
    rows = []
    for code in sorted(set(codes)):
        start, end = period_bounds(code)
        rows.append(
            {
                "tenant_id": work.tenant_id,
                "code": code,
                "start_date": start,
                "end_date": end,
                "status": "open",
            }
        )
    if not rows:
        return
    stmt = upsert_insert(work, FiscalPeriod.__table__).on_conflict_do_nothing(  # type: ignore[attr-defined]
        index_elements=["tenant_id", "code"]
    )
    work.session.execute(stmt, rows)


def _select(
    work: Work, codes: Iterable[str], *, lock: str | None = None
) -> dict[str, FiscalPeriod]:
    query = select(FiscalPeriod).where(
        FiscalPeriod.tenant_id == work.tenant_id, FiscalPeriod.code.in_(sorted(set(codes)))
    )  # type: ignore[attr-defined]
    if lock == "share":
        query = query.with_for_update(read=True)
    elif lock == "update":
        query = query.with_for_update()
    return {p.code: p for p in work.session.exec(query).all()}


def require_open(work: Work, codes: Iterable[str]) -> None:
    """Create missing periods (open); exit 4 if any of ``codes`` is closed."""
    wanted = set(codes)
    found = _select(work, wanted, lock="share")
    missing = wanted - set(found)
    if missing:
        _insert_missing(work, missing)
        found = _select(work, wanted, lock="share")
    for code in sorted(wanted):
        if found[code].status != "open":
            raise Conflict(
                f"period {code} is closed; an admin must run "
                f"`ledgerctl ledger period reopen {code} --reason ...` before "
                "posting into it (or date the entry in an open period)"
            )


def period_row(p: FiscalPeriod) -> dict[str, object]:
    return {
        "period": p.code,
        "start": p.start_date,
        "end": p.end_date,
        "status": p.status,
        "closed_at": p.closed_at.isoformat() if p.closed_at else "",
        "closed_by": p.closed_by or "",
    }


def list_periods(work: Work) -> list[FiscalPeriod]:
    query = select(FiscalPeriod).where(FiscalPeriod.tenant_id == work.tenant_id)
    return list(work.session.exec(query.order_by(FiscalPeriod.code)).all())


def close(work: Work, code: str) -> FiscalPeriod:
    """Close a period (created closed if nothing was posted in it yet)."""
    _insert_missing(work, [code])
    period = _select(work, [code], lock="update")[code]
    if period.status == "closed":
        raise Conflict(f"period {code} is already closed (by {period.closed_by})")
    before = period_row(period)
    period.status, period.closed_at, period.closed_by = "closed", utcnow(), work.actor.name
    work.session.add(period)
    work.audit("ledger.period_close", "period", code, before, period_row(period))
    return period


def reopen(work: Work, code: str, reason: str) -> FiscalPeriod:
    """Reopen a closed period; the reason goes into the audit row."""
    if not reason.strip():
        raise UsageError("a reason is required to reopen a period; pass --reason TEXT")
    period = _select(work, [code], lock="update").get(code)
    if period is None:
        raise NotFound(f"period {code} does not exist; see `ledgerctl ledger period list`")
    if period.status != "closed":
        raise Conflict(f"period {code} is not closed; nothing to reopen")
    before = period_row(period)
    period.status, period.closed_at, period.closed_by = "open", None, None
    work.session.add(period)
    after = {**period_row(period), "reason": reason.strip()}
    work.audit("ledger.period_reopen", "period", code, before, after)
    return period
