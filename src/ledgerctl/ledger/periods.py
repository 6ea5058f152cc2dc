"""Monthly fiscal periods: the one period lock of ledgerctl (billing and pos call it too).

A period is created open on first use, closed and reopened by people. Posting checks a period
under a shared row lock (Postgres ``FOR SHARE``) and closing takes an exclusive one, so a post
and a close of the same month cannot interleave.

Over a caller's ``Work`` (through ``ledgerctl.ledger.api``): ``require_open(work, codes)``
before writing anything dated in those months (exit 4 if one is closed), ``is_open(work,
day_or_code)`` to ask without locking, ``close(work, code)`` / ``reopen(work, code, reason)``
and ``list_periods(work)``. The commands' use cases: ``close_period``, ``reopen_period``,
``period_rows``, each returning ``PeriodRow``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from ledgerctl.core.clock import parse_period, period_bounds, period_of, utcnow
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger.sql import table_of, upsert_insert
from ledgerctl.ledger.tables import FiscalPeriod
from ledgerctl.work import Work, use_case


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
    stmt = upsert_insert(work, table_of(FiscalPeriod)).on_conflict_do_nothing(
        index_elements=["tenant_id", "code"]
    )
    work.session.execute(stmt, rows)


def _select(
    work: Work, codes: Iterable[str], *, lock: str | None = None
) -> dict[str, FiscalPeriod]:
    query = select(FiscalPeriod).where(
        FiscalPeriod.tenant_id == work.tenant_id, col(FiscalPeriod.code).in_(sorted(set(codes)))
    )
    if lock == "share":
        query = query.with_for_update(read=True)
    elif lock == "update":
        query = query.with_for_update()
    return {p.code: p for p in work.session.exec(query).all()}


def require_open(work: Work, codes: Iterable[str], what: str | None = None) -> None:
    """Create missing periods (open); exit 4 if any of ``codes`` is closed.

    ``what`` names the thing being dated (``"statement SOA-2025-00012"``) in the message.
    """
    wanted = set(codes)
    found = _select(work, wanted, lock="share")
    missing = wanted - set(found)
    if missing:
        _insert_missing(work, missing)
        found = _select(work, wanted, lock="share")
    for code in sorted(wanted):
        if found[code].status != "open":
            thing = f": {what} cannot be dated in it" if what else ""
            raise Conflict(
                f"period {code} is closed{thing}; an admin must run "
                f"`ledgerctl ledger period reopen {code} --reason ...` before "
                "posting into it (or date the entry in an open period)"
            )


def is_open(work: Work, when: date | str) -> bool:
    """Read-only, no lock: is the month of ``when`` (a date or ``YYYY-MM``) open?

    A month nothing was posted in yet has no row and counts as open.
    """
    code = period_of(when) if isinstance(when, date) else parse_period(when)
    status = work.session.exec(
        select(FiscalPeriod.status).where(
            FiscalPeriod.tenant_id == work.tenant_id, FiscalPeriod.code == code
        )
    ).first()
    return status != "closed"


@dataclass(frozen=True)
class PeriodRow:
    """A fiscal period as listed: ``closed_at`` ISO text or empty."""

    period: str
    start: date
    end: date
    status: str
    closed_at: str
    closed_by: str

    @classmethod
    def of(cls, p: FiscalPeriod) -> PeriodRow:
        closed_at = p.closed_at.isoformat() if p.closed_at else ""
        return cls(p.code, p.start_date, p.end_date, p.status, closed_at, p.closed_by or "")


def period_row(p: FiscalPeriod) -> dict[str, object]:
    """The period as audited (before/after values of the audit row)."""
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
    return list(work.session.exec(query.order_by(col(FiscalPeriod.code))).all())


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


@use_case("ledger.read", write=False)
def period_rows(work: Work) -> list[PeriodRow]:
    """`ledger period list`: every period of the tenant, oldest first."""
    return [PeriodRow.of(p) for p in list_periods(work)]


@use_case("ledger.close")
def close_period(work: Work, period: str) -> PeriodRow:
    """`ledger period close YYYY-MM`: nothing more can be posted into it (exit 4 if closed)."""
    return PeriodRow.of(close(work, parse_period(period)))


@use_case("ledger.reopen")
def reopen_period(work: Work, period: str, reason: str) -> PeriodRow:
    """`ledger period reopen YYYY-MM --reason TEXT` (admin; audited with the reason)."""
    return PeriodRow.of(reopen(work, parse_period(period), reason))
