"""The one period lock through ``ledgerctl.ledger.api``: ask, require, close, reopen, list."""

from __future__ import annotations

from datetime import date

import pytest

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger import api
from ledgerctl.work import unit_of_work


def test_is_open_asks_without_creating_the_period(ctx, db) -> None:
    with unit_of_work(ctx, "ledger.read", write=False) as work:
        assert api.is_open(work, date(2025, 9, 14)) and api.is_open(work, "2025-09")
    assert db.rows("SELECT code FROM fiscal_periods") == []


def test_require_open_creates_missing_months_and_refuses_a_closed_one(ctx, db) -> None:
    with unit_of_work(ctx, "ledger.post") as work:
        api.require_open(work, ["2025-08", "2025-09"])
    assert db.rows("SELECT code, status FROM fiscal_periods ORDER BY code") == [
        ("2025-08", "open"),
        ("2025-09", "open"),
    ]
    closed = api.close_period.run(ctx, "2025-09")
    assert (closed.period, closed.status, closed.closed_by) == ("2025-09", "closed", "admin")
    with unit_of_work(ctx, "ledger.read", write=False) as work:
        assert api.is_open(work, "2025-08") and not api.is_open(work, date(2025, 9, 30))
    with (
        pytest.raises(Conflict, match=r"period 2025-09 is closed: statement S-1 cannot be dated"),
        unit_of_work(ctx, "ledger.post") as work,
    ):
        api.require_open(work, ["2025-09"], what="statement S-1")
    with (
        pytest.raises(Conflict, match=r"period 2025-09 is closed; an admin must run"),
        unit_of_work(ctx, "ledger.post") as work,
    ):
        api.require_open(work, ["2025-09"])


def test_close_reopen_and_list_over_a_work(ctx) -> None:
    with unit_of_work(ctx, "ledger.close") as work:
        api.close(work, "2025-10")  # closing a month nothing was posted in creates it closed
        with pytest.raises(Conflict, match="already closed"):
            api.close(work, "2025-10")
    with unit_of_work(ctx, "ledger.reopen") as work:
        with pytest.raises(UsageError, match="reason is required"):
            api.reopen(work, "2025-10", " ")
        with pytest.raises(NotFound, match="does not exist"):
            api.reopen(work, "2024-01", "typo")
        api.reopen(work, "2025-10", "late invoice")
    rows = api.period_rows.run(ctx)
    assert [(r.period, r.status, r.closed_at) for r in rows] == [("2025-10", "open", "")]
    assert api.reopen_period.run  # the command's use case is exported too
    with unit_of_work(ctx, "ledger.read", write=False) as work:
        assert [p.code for p in api.list_periods(work)] == ["2025-10"]


def test_bad_period_text_is_a_usage_error(ctx) -> None:
    with pytest.raises(UsageError, match="not a period"):
        api.close_period.run(ctx, "2025-13")
