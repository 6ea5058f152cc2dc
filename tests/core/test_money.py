"""Money: parsing, half-up rounding, minor units, largest-remainder allocation."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import (
    allocate,
    allocate_minor,
    exponent,
    format_money,
    from_minor,
    parse_amount,
    round_money,
    split_evenly,
    to_minor,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", Decimal("1234.56")),
        ("1,234.5", Decimal("1234.50")),
        ("-0.01", Decimal("-0.01")),
        ("10", Decimal("10.00")),
        (" 7.10 ", Decimal("7.10")),
    ],
)
def test_parse_amount_accepts_plain_amounts(text: str, expected: Decimal) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["12.345", "abc", "", "1e400000", "NaN", "Infinity"])
def test_parse_amount_refuses_bad_or_too_precise(text: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_amount(text, field="--amount")
    assert "--amount" in err.value.message


def test_parse_amount_follows_the_currency_exponent() -> None:
    assert parse_amount("1000", "JPY") == Decimal("1000")
    with pytest.raises(UsageError, match="more than 0 decimal places for JPY"):
        parse_amount("10.5", "JPY")
    assert parse_amount("1.234", "BHD") == Decimal("1.234")


def test_unknown_currency_shape_is_refused() -> None:
    with pytest.raises(UsageError, match="3-letter ISO"):
        exponent("CEDI")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.345", "2.35"),
        ("2.344", "2.34"),
        ("-2.345", "-2.35"),
        ("0.005", "0.01"),
        ("2.5", "2.50"),
        ("15.899999", "15.90"),
    ],
)
def test_round_money_is_half_up(value: str, expected: str) -> None:
    assert round_money(Decimal(value)) == Decimal(expected)


def test_minor_units_round_trip_and_refuse_unrounded() -> None:
    assert to_minor(Decimal("12.34")) == 1234
    assert from_minor(-5) == Decimal("-0.05")
    with pytest.raises(UsageError):
        to_minor(Decimal("0.001"))


def test_allocate_largest_remainder_examples() -> None:
    assert allocate(Decimal("100.00"), [1, 1, 1]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    assert allocate_minor(10, [3, 3, 4]) == [3, 3, 4]
    assert allocate_minor(-100, [1, 1, 1]) == [-34, -33, -33]
    assert allocate_minor(5, [0, 1]) == [0, 5]
    assert split_evenly(Decimal("1000.00"), 3) == [
        Decimal("333.34"),
        Decimal("333.33"),
        Decimal("333.33"),
    ]


def test_allocate_refuses_bad_weights() -> None:
    for weights in ([], [0, 0], [1, -1]):
        with pytest.raises(UsageError):
            allocate_minor(100, weights)


@given(
    total=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(
        lambda ws: sum(ws) > 0
    ),
)
def test_allocation_always_sums_to_the_total(total: int, weights: list[int]) -> None:
    parts = allocate_minor(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(total) * weight / weight_sum
        assert abs(Decimal(part) - exact) < 1  # each part is within one cent of its share
        if weight == 0:
            assert part == 0


@given(
    st.decimals(
        min_value=Decimal("-1e9"),
        max_value=Decimal("1e9"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_minor_round_trip_is_exact(value: Decimal) -> None:
    assert from_minor(to_minor(value)) == value


@given(
    st.decimals(
        min_value=Decimal("-1e6"),
        max_value=Decimal("1e6"),
        places=6,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_half_up_rounding_error_is_at_most_half_a_cent(value: Decimal) -> None:
    rounded = round_money(value)
    assert abs(rounded - value) <= Decimal("0.005")
    assert rounded == rounded.quantize(Decimal("0.01"))


def test_format_money() -> None:
    assert format_money(Decimal("1234567.5")) == "1,234,567.50"
    assert format_money(Decimal("-3"), "ghs") == "-3.00 GHS"
