"""Closed periods refuse pos documents before anything is written (exit 4), naming the
document's origin (``sales.csv:12``) so an operator knows which line to fix."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import select

from ledgerctl.core.clock import period_of
from ledgerctl.core.errors import Conflict
from ledgerctl.ledger.api import FiscalPeriod, require_open
from ledgerctl.work import Work


def refuse_closed(work: Work, dated: Sequence[tuple[date, str]]) -> None:
    """Exit 4 if any date falls in a closed period; then make sure the periods exist, open."""
    codes = {period_of(day) for day, _ in dated}
    closed = set(
        work.session.exec(
            select(FiscalPeriod.code).where(
                FiscalPeriod.tenant_id == work.tenant_id,
                FiscalPeriod.status == "closed",
                FiscalPeriod.code.in_(sorted(codes)),
            )
        ).all()
    )  # type: ignore[attr-defined]
    for day, where in dated:
        if period_of(day) in closed:
            raise Conflict(
                f"{where}{day.isoformat()} is in period {period_of(day)}, which is "
                "closed; date it in an open period, or an admin must reopen it with "
                f"`ledgerctl ledger period reopen {period_of(day)} --reason ...`"
            )
    if codes:
        require_open(work, codes)
