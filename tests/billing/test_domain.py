"""Pure billing rules: retainer proration (the rounding rule), balances and ageing as of a date,
allocation arguments, period words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerctl.billing.domain import (
    Account,
    AllocationFact,
    LiveStatement,
    PaymentFact,
    RetainerTerm,
    aging,
    bucket_of,
    parse_allocations,
    prorate,
    resolve_period,
    retainer_line,
)
from ledgerctl.core.errors import UsageError

D = Decimal


def term(amount: str, start: date, end: date | None = None) -> RetainerTerm:
    return RetainerTerm(1, D(amount), start, end, "Bookkeeping")


@pytest.mark.parametrize(
    "amount,days,month,expected",
    [
        ("1000.00", 16, 30, "533.33"),  # 533.333... rounds down
        ("100.00", 15, 31, "48.39"),  # 48.387... rounds up
        ("0.10", 15, 30, "0.05"),  # exactly 0.05
        ("0.05", 15, 30, "0.03"),  # 0.025: half-up, not banker's (0.02)
        ("1500.00", 30, 30, "1500.00"),  # a full month is never recomputed
        ("999.99", 1, 31, "32.26"),  # 32.2577...
    ],
)
def test_proration_rounds_half_up_to_the_cent(amount, days, month, expected) -> None:
    assert prorate(D(amount), days, month, "GHS") == D(expected)


def test_proration_in_a_zero_decimal_currency_rounds_to_whole_units() -> None:
    assert prorate(D("1000"), 15, 31, "JPY") == D("484")  # 483.87 → 484
    assert prorate(D("1000"), 1, 2, "UGX") == D("500")


def test_retainer_line_covers_only_the_days_of_the_month_it_runs() -> None:
    sept = "2025-09"
    full = retainer_line(
        term("1500.00", date(2025, 1, 1)),
        sept,
        proration="daily",
        label="Monthly retainer",
        currency="GHS",
    )
    assert full is not None and full.amount == D("1500.00")
    assert full.description == "Bookkeeping — September 2025"
    starts = retainer_line(
        term("800.00", date(2025, 9, 16)), sept, proration="daily", label="x", currency="GHS"
    )
    assert starts is not None and starts.amount == D("400.00")
    assert "(16–30 Sep, 15 of 30 days)" in starts.description
    assert starts.service_date == date(2025, 9, 16)
    ends = retainer_line(
        term("900.00", date(2025, 1, 1), date(2025, 9, 10)),
        sept,
        proration="daily",
        label="x",
        currency="GHS",
    )
    assert ends is not None and ends.amount == D("300.00")
    whole = retainer_line(
        term("900.00", date(2025, 1, 1), date(2025, 9, 10)),
        sept,
        proration="none",
        label="x",
        currency="GHS",
    )
    assert whole is not None and whole.amount == D("900.00")
    assert (
        retainer_line(
            term("1.00", date(2025, 10, 1)), sept, proration="daily", label="x", currency="GHS"
        )
        is None
    )
    assert (
        retainer_line(
            term("1.00", date(2025, 1, 1), date(2025, 8, 31)),
            sept,
            proration="daily",
            label="x",
            currency="GHS",
        )
        is None
    )


def test_february_of_a_leap_year_has_29_days() -> None:
    line = retainer_line(
        term("290.00", date(2024, 2, 20)), "2024-02", proration="daily", label="x", currency="GHS"
    )
    assert line is not None and line.amount == D("100.00")  # 10 of 29 days


def account() -> Account:
    return Account(
        statements=(
            LiveStatement(1, date(2025, 7, 31), D("1000.00")),
            LiveStatement(2, date(2025, 8, 31), D("1000.00")),
            LiveStatement(3, date(2025, 9, 30), D("1000.00")),
        ),
        payments=(PaymentFact(10, date(2025, 8, 15), D("1200.00")),),
        allocations=(
            AllocationFact(1, 10, D("1000.00"), date(2025, 8, 15)),
            AllocationFact(2, 10, D("150.00"), date(2025, 8, 31)),
        ),
    )


def test_balances_open_amounts_and_credit_as_of_a_date() -> None:
    acc = account()
    assert acc.balance(date(2025, 7, 31)) == D("1000.00")
    assert acc.balance(date(2025, 8, 31)) == D("800.00")
    assert acc.open_amounts(date(2025, 8, 31)) == {1: D("0.00"), 2: D("850.00")}
    assert acc.credit(date(2025, 8, 31)) == D("50.00")
    assert acc.credit(date(2025, 8, 20)) == D("200.00")  # before the 150 counted


def test_aging_buckets_by_days_since_the_statement_date() -> None:
    a = aging(account(), date(2025, 10, 30), (30, 60, 90), D("0.00"))
    # statement 3 is 30 days old (first day of the 30 bucket), statement 2 is 60 days old
    assert (a.current, a.d30, a.d60, a.d90) == (D("0.00"), D("1000.00"), D("850.00"), D("0.00"))
    assert a.credit == D("50.00")
    assert a.balance == account().balance(date(2025, 10, 30)) == D("1800.00")
    assert [bucket_of(d, (30, 60, 90)) for d in (0, 29, 30, 59, 60, 89, 90, 400)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
    ]


@st.composite
def accounts(draw):  # type: ignore[no-untyped-def]
    """Random statements and payments with allocations that never exceed either side."""
    days = st.integers(min_value=0, max_value=200)
    cents = st.integers(min_value=1, max_value=500_000)
    base = date(2025, 1, 1).toordinal()
    statements = [
        LiveStatement(i, date.fromordinal(base + draw(days)), D(draw(cents)) / 100)
        for i in range(draw(st.integers(0, 6)))
    ]
    payments = [
        PaymentFact(100 + i, date.fromordinal(base + draw(days)), D(draw(cents)) / 100)
        for i in range(draw(st.integers(0, 6)))
    ]
    open_ = {s.id: s.total for s in statements}
    allocations = []
    for p in payments:
        left = p.amount
        for s in statements:
            take = min(left, open_[s.id], D(draw(cents)) / 100)
            if take > 0 and draw(st.booleans()):
                allocations.append(
                    AllocationFact(s.id, p.id, take, max(p.payment_date, s.statement_date))
                )
                left, open_[s.id] = left - take, open_[s.id] - take
    return Account(tuple(statements), tuple(payments), tuple(allocations))


@given(accounts(), st.integers(min_value=0, max_value=260))
@settings(suppress_health_check=[HealthCheck.too_slow])  # 2 shared cores: generation may lag
def test_ageing_always_reconciles_with_the_balance(acc: Account, offset: int) -> None:
    on = date.fromordinal(date(2025, 1, 1).toordinal() + offset)
    a = aging(acc, on, (30, 60, 90), D("0.00"))
    assert a.balance == acc.balance(on)
    assert all(v >= 0 for v in acc.open_amounts(on).values())
    assert a.credit >= 0


def test_allocation_arguments() -> None:
    assert parse_allocations(
        ["SOA-2025-00001=100.50", "SOA-2025-00002=1,000"], "GHS", D("1100.50")
    ) == [("SOA-2025-00001", D("100.50")), ("SOA-2025-00002", D("1000.00"))]
    with pytest.raises(UsageError, match="write NUMBER=AMOUNT"):
        parse_allocations(["SOA-2025-00001"], "GHS", D("10"))
    with pytest.raises(UsageError, match="more than zero"):
        parse_allocations(["SOA-2025-00001=0"], "GHS", D("10"))
    with pytest.raises(UsageError, match="more than 2 decimal places"):
        parse_allocations(["SOA-2025-00001=1.005"], "GHS", D("10"))
    with pytest.raises(UsageError, match="more than once"):
        parse_allocations(["A=1", "A=2"], "GHS", D("10"))
    with pytest.raises(UsageError, match="add up to 10.01, more than the 10.00 available"):
        parse_allocations(["A=5", "B=5.01"], "GHS", D("10.00"))


def test_period_words_for_cron() -> None:
    assert resolve_period("previous", date(2026, 1, 1)) == "2025-12"
    assert resolve_period("current", date(2026, 1, 31)) == "2026-01"
    assert resolve_period("2025-09", date(2026, 1, 1)) == "2025-09"
    with pytest.raises(UsageError, match="PERIOD: '2025/09' is not a period"):
        resolve_period("2025/09", date(2026, 1, 1))
