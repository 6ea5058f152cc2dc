"""Dates and periods are parsed strictly; errors name the field."""

from datetime import date

import pytest

from ledgerctl.core.clock import parse_date, parse_period, period_bounds, period_of, utcnow
from ledgerctl.core.errors import EXIT_CODES, LedgerError, UsageError


def test_parse_date_and_period() -> None:
    assert parse_date("2025-09-30") == date(2025, 9, 30)
    assert parse_period("2025-09") == "2025-09"
    assert period_of(date(2025, 12, 31)) == "2025-12"
    assert period_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds("2025-12") == (date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize("bad", ["2025-13", "2025-9", "25-09", "2025/09", ""])
def test_bad_period_names_the_field(bad: str) -> None:
    with pytest.raises(UsageError, match="--period.*YYYY-MM"):
        parse_period(bad, field="--period")


def test_bad_date_names_the_field() -> None:
    with pytest.raises(UsageError, match="--as-of.*YYYY-MM-DD"):
        parse_date("31/12/2025", field="--as-of")


def test_utcnow_is_aware() -> None:
    assert utcnow().tzinfo is not None


def test_every_error_class_has_a_documented_exit_code() -> None:
    def walk(cls: type) -> list[type]:
        return [cls] + [c for sub in cls.__subclasses__() for c in walk(sub)]

    for cls in walk(LedgerError):
        assert cls.exit_code in EXIT_CODES
