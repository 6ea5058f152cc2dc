"""Moving-average costing and tenders (pure): averages, shares that add up, negative stock
variance, change and tender rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerctl.core.errors import UsageError
from ledgerctl.pos.domain.costing import Level, issue_cost, put, share, take
from ledgerctl.pos.domain.tender import settle

D = Decimal
TENDERS = ("cash", "card", "momo", "account", "deposit")


def test_moving_average() -> None:
    level, variance = put(Level(D("0.000"), D("0.00"), D("0")), D("10"), D("700.00"))
    assert (level.quantity, level.value, level.unit_cost, variance) == (
        D("10.000"),
        D("700.00"),
        D("70.0000"),
        D("0.00"),
    )
    level, _ = put(level, D("5"), D("380.00"))  # 1,080 / 15 = 72
    assert level.unit_cost == D("72.0000")
    level, cost = take(level, D("3"))
    assert cost == D("216.00") and level.value == D("864.00")


def test_taking_everything_takes_the_whole_value() -> None:
    level = Level(D("3.000"), D("10.00"), D("3.3333"))
    assert issue_cost(level, D("1")) == D("3.33")
    level, first = take(level, D("1"))
    level, second = take(level, D("2"))
    assert first + second == D("10.00") and level.value == D("0.00")


def test_negative_stock_costs_at_last_unit_cost_and_comes_back_to_zero() -> None:
    level = Level(D("1.000"), D("10.00"), D("10.0000"))
    level, cost = take(level, D("3"))  # 1 on hand (10.00) + 2 short at 10.00
    assert (level.quantity, level.value, cost) == (D("-2.000"), D("-20.00"), D("30.00"))
    level, variance = put(level, D("2"), D("24.00"))  # the 2 really cost 12 each
    assert (level.quantity, level.value, variance) == (D("0.000"), D("0.00"), D("4.00"))


def test_receipt_beyond_negative_keeps_the_new_cost() -> None:
    level = Level(D("-2.000"), D("-20.00"), D("10.0000"))
    level, variance = put(level, D("5"), D("60.00"))
    assert (level.quantity, level.value, level.unit_cost, variance) == (
        D("3.000"),
        D("36.00"),
        D("12.0000"),
        D("4.00"),
    )


@settings(max_examples=200, deadline=None)
@given(
    total=st.decimals(min_value=D("0.00"), max_value=D("100000"), places=2),
    parts=st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=8),
)
def test_shares_add_up_to_the_total(total, parts) -> None:  # type: ignore[no-untyped-def]
    whole, done, got = D(sum(parts)), D(0), D("0.00")
    for p in parts:
        got += share(total, D(p), whole, done)
        done += p
    assert got == total


def test_exact_cash_by_default_and_change_from_cash() -> None:
    paid, change = settle(D("133.00"), [], has_customer=False, tenders=TENDERS)
    assert [(p.tender, p.amount) for p in paid] == [("cash", D("133.00"))] and change == 0
    paid, change = settle(
        D("133.00"), [("cash", D("100")), ("momo", D("50"))], has_customer=False, tenders=TENDERS
    )
    assert change == D("17.00")
    assert {p.tender: (p.amount, p.tendered) for p in paid} == {
        "cash": (D("83.00"), D("100")),
        "momo": (D("50"), D("50")),
    }


@pytest.mark.parametrize(
    "payments,customer,message",
    [
        ([("cash", D("100"))], False, "do not cover the total 133.00"),
        ([("card", D("150"))], False, "non-cash payments 150.00 exceed the total 133.00"),
        ([("account", D("133"))], False, "needs a customer"),
        ([("cheque", D("133"))], False, "payment tender 'cheque' is not one of"),
        ([("cash", D("-5"))], False, "must be positive"),
    ],
)
def test_bad_tenders(payments, customer, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match=message):
        settle(D("133.00"), payments, has_customer=customer, tenders=TENDERS)
