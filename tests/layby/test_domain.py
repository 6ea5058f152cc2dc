"""Lay-by calculations (pure): every rounding rule, the schedule, the waterfall and the
cancellation settlement under each jurisdiction profile."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerctl.core.errors import UsageError
from ledgerctl.layby import domain
from ledgerctl.layby.domain import CancelTerms, DepositSpec

D = Decimal


def test_percent_of_rounds_half_up_to_the_cent() -> None:
    assert domain.percent_of(D("33.33"), D("20")) == D("6.67")  # 6.666
    assert domain.percent_of(D("0.25"), D("10")) == D("0.03")  # 0.025 -> up
    assert domain.percent_of(D("0.24"), D("10")) == D("0.02")  # 0.024 -> down
    assert domain.percent_of(D("680.00"), D("1")) == D("6.80")


def test_parse_deposit() -> None:
    assert domain.parse_deposit("30%") == DepositSpec(percent=D("30"))
    assert domain.parse_deposit(" 12.5 % ") == DepositSpec(percent=D("12.5"))
    assert domain.parse_deposit("150.00") == DepositSpec(amount=D("150.00"))
    assert str(domain.parse_deposit("300").amount) == "300.00"
    assert domain.parse_deposit(None) == DepositSpec()
    for bad in ("abc", "-5", "10.005", "0", "%"):
        with pytest.raises(UsageError, match="--deposit"):
            domain.parse_deposit(bad)


def test_deposit_range_uses_rounded_bounds() -> None:
    # 20% of 33.33 is 6.666: the rounded minimum 6.67 is accepted, 6.66 is not
    assert domain.deposit_amount(D("33.33"), DepositSpec(), D(20), D(80), D(20)) == D("6.67")
    with pytest.raises(UsageError, match="outside the rule's range 20%-80%"):
        domain.deposit_amount(D("33.33"), DepositSpec(amount=D("6.66")), D(20), D(80), D(20))
    assert domain.deposit_amount(
        D("100"), DepositSpec(amount=D("80.00")), D(20), D(80), D(20)
    ) == D("80.00")
    with pytest.raises(UsageError, match="--deposit 90%"):
        domain.deposit_amount(D("100"), DepositSpec(percent=D(90)), D(20), D(80), D(20))


def test_monthly_due_dates_clamp_to_month_end() -> None:
    start = date(2026, 1, 31)
    assert [domain.due_date(start, "monthly", k) for k in (1, 2, 3)] == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert domain.due_date(date(2026, 2, 10), "fortnightly", 2) == date(2026, 3, 10)
    assert domain.due_date(date(2026, 2, 10), "weekly", 3) == date(2026, 3, 3)


def test_max_instalments_within_duration() -> None:
    assert domain.max_instalments(date(2026, 1, 31), "monthly", 90) == 3  # 89 days
    assert domain.max_instalments(date(2026, 3, 1), "monthly", 90) == 2  # 3rd: 92 days
    assert domain.max_instalments(date(2026, 2, 10), "weekly", 30) == 4
    assert domain.max_instalments(date(2026, 2, 10), "fortnightly", 60) == 4


def test_schedule_split_by_largest_remainder_earliest_get_extra_cents() -> None:
    plan = domain.schedule(date(2026, 2, 10), D("136.00"), D("544.00"), "monthly", 3)
    assert [(p.seq, p.amount) for p in plan] == [
        (0, D("136.00")),
        (1, D("181.34")),
        (2, D("181.33")),
        (3, D("181.33")),
    ]
    plan = domain.schedule(date(2026, 2, 10), D("10.00"), D("0.05"), "weekly", 4)
    assert [p.amount for p in plan[1:]] == [D("0.02"), D("0.01"), D("0.01"), D("0.01")]


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=60))
def test_schedule_always_adds_up(cents: int, count: int) -> None:
    remaining = D(cents) / 100
    plan = domain.schedule(date(2026, 1, 1), D("1.00"), remaining, "weekly", count)
    parts = [p.amount for p in plan[1:]]
    assert sum(parts) == remaining
    assert max(parts) - min(parts) <= D("0.01")
    assert parts == sorted(parts, reverse=True)


def test_waterfall_pays_oldest_first() -> None:
    owed = [D("136.00"), D("181.34"), D("181.33"), D("181.33")]
    assert domain.waterfall(owed, D("200.00")) == [D("136.00"), D("64.00"), D(0), D(0)]
    assert domain.waterfall(owed, D("680.00")) == owed


def terms(**kw: object) -> CancelTerms:
    base = dict(
        total=D("680.00"),
        paid=D("336.00"),
        fees_charged=D("0.00"),
        by="customer",
        fee_percent=D("10"),
        within_grace=False,
        fee_disclosed=True,
        cap_percent=None,
        cap_amount=None,
        requires_disclosure=True,
        waived_for=(),
        circumstance=None,
        keep_charged_fees=False,
    )
    base.update(kw)
    return CancelTerms(**base)  # type: ignore[arg-type]


def test_customer_cancellation_fee_is_a_percent_of_paid_rounded_half_up() -> None:
    s = domain.settle_cancellation(terms(paid=D("336.05")))
    assert (s.fee, s.refund) == (D("33.61"), D("302.44"))  # 33.605 -> 33.61


def test_business_cancellation_has_no_fee_and_refunds_everything() -> None:
    s = domain.settle_cancellation(
        terms(by="business", fees_charged=D("10.00"), keep_charged_fees=True)
    )
    assert (s.fee, s.fees_kept, s.refund) == (D(0), D("10.00"), D("326.00"))
    s = domain.settle_cancellation(terms(by="business", fees_charged=D("10.00")))
    assert (s.fee, s.fees_waived, s.refund) == (D(0), D("10.00"), D("336.00"))


def test_caps_grace_disclosure_and_circumstances() -> None:
    za = dict(cap_percent=D("1"), waived_for=("death", "hospitalisation"))
    assert domain.settle_cancellation(terms(**za)).fee == D("6.80")  # 1% of 680.00
    assert domain.settle_cancellation(terms(**za, circumstance="death")).fee == 0
    assert domain.settle_cancellation(terms(cap_amount=D("25.00"))).fee == D("25.00")  # AU
    assert domain.settle_cancellation(terms(within_grace=True)).fee == 0
    assert domain.settle_cancellation(terms(fee_disclosed=False)).fee == 0
    assert domain.settle_cancellation(
        terms(fee_disclosed=False, requires_disclosure=False)
    ).fee == D("33.60")
    with pytest.raises(UsageError, match="--by"):
        domain.settle_cancellation(terms(by="someone"))


def test_the_deposit_is_never_forfeited_as_such() -> None:
    # even a 100% rule fee is the fee on what was paid, and the rest is refunded
    s = domain.settle_cancellation(terms(paid=D("136.00"), fee_percent=D("10")))
    assert s.fee + s.refund == D("136.00") and s.refund == D("122.40")


def test_split_refund_in_proportion_by_largest_remainder() -> None:
    parts = domain.split_refund(
        D("100.00"), {"cash": D("136.00"), "momo": D("200.00"), "card": D("0.00")}
    )
    assert parts == {"cash": D("40.48"), "momo": D("59.52")}
    assert domain.split_refund(D("0.01"), {"cash": D("1"), "momo": D("1")}) == {"cash": D("0.01")}
    assert domain.split_refund(D(0), {"cash": D("1")}) == {}


@given(
    st.integers(min_value=0, max_value=10**8),
    st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=4),
)
def test_split_refund_adds_up(cents: int, paid: list[int]) -> None:
    by = {f"t{i}": D(p) / 100 for i, p in enumerate(paid)}
    refund = D(cents) / 100
    assert sum(domain.split_refund(refund, by).values(), D(0)) == refund
