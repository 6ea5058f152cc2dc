"""Amount cells as banks write them → exact Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerctl.pipeline.domain.amounts import (
    STYLES_COMMA,
    STYLES_POINT,
    AmountError,
    format_amount,
    parse_amount_text,
)


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("1,234.56", False, "1234.56"),
        ("(12.00)", False, "-12.00"),
        ("12.00-", False, "-12.00"),
        ("-$1,234.56", False, "-1234.56"),
        ("$-12", False, "-12"),
        ("$12", False, "12"),
        ("12,00", True, "12.00"),
        ("1.234,56", True, "1234.56"),
        ("-1 234,56 €", True, "-1234.56"),
        ("£12.50", False, "12.50"),
        ("GH₵ 1,234.56", False, "1234.56"),
        ("₵5", False, "5"),
        ("GHS -5.00", False, "-5.00"),
        (" 12.00 ", False, "12.00"),
        ("12.00 DR", False, "-12.00"),
        ("12.00 CR", False, "12.00"),
        ("$(3.00)", False, "-3.00"),
        ("1\u00a0234.00", False, "1234.00"),
        ("\u22125.00", False, "-5.00"),
        ("1'234.50", False, "1234.50"),
        (".5", False, "0.5"),
        ("USD 12.00", False, "12.00"),
        ("12.00 EUR", False, "12.00"),
    ],
)
def test_amount_styles(text: str, decimal_comma: bool, expected: str) -> None:
    value = parse_amount_text(text, decimal_comma)
    assert isinstance(value, Decimal) and value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    ("text", "decimal_comma", "why"),
    [
        ("12,00", False, "decimal_comma: true"),
        ("1.5", True, "decimal comma"),
        ("abc", False, "not an amount"),
        ("NaN", False, "not an amount"),
        ("1e5", False, "not an amount"),
        ("12abc", False, "not an amount"),
        ("12.00.00", False, "not an amount"),
        ("--", False, "not an amount"),
        ("", False, "empty"),
        ("1,23,4.00", False, "not an amount"),
    ],
)
def test_not_amounts(text: str, decimal_comma: bool, why: str) -> None:
    with pytest.raises(AmountError, match=why):
        parse_amount_text(text, decimal_comma)


money = st.decimals(
    min_value=Decimal("-999999999.99"),
    max_value=Decimal("999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(money, st.sampled_from(STYLES_POINT + STYLES_COMMA))
def test_formatting_and_parsing_back_gives_the_same_decimal(value: Decimal, style: str) -> None:
    text = format_amount(value, style)
    back = parse_amount_text(text, decimal_comma=style in STYLES_COMMA)
    assert back == value
    assert back.as_tuple().exponent == value.as_tuple().exponent or value == 0
