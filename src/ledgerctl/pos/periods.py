"""Closed periods refuse pos documents before anything is written (exit 4).

A thin adapter over the ledger's one period lock (``ledgerctl.ledger.api.require_open``): it
asks the ledger period by period, in the order the documents name them, so the error names
the first refused document's origin (``sales.csv:12``) and an operator knows which line to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ledgerctl.core.clock import period_of
from ledgerctl.core.errors import Conflict
from ledgerctl.ledger.api import require_open
from ledgerctl.work import Work


def refuse_closed(work: Work, dated: Sequence[tuple[date, str]]) -> None:
    """Exit 4 if any date falls in a closed period; missing periods are created open."""
    first: dict[str, tuple[date, str]] = {}
    for day, where in dated:
        first.setdefault(period_of(day), (day, where))
    for code, (day, where) in first.items():
        try:
            require_open(work, [code])
        except Conflict:
            raise Conflict(
                f"{where}{day.isoformat()} is in period {code}, which is closed; date it in "
                "an open period, or an admin must reopen it with "
                f"`ledgerctl ledger period reopen {code} --reason ...`"
            ) from None
