"""Pattern validation, reset scopes and formatting (pure functions, no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerctl.core.errors import UsageError
from ledgerctl.sequences.domain.patterns import (
    format_number,
    scope_of,
    validate_definition,
    validate_name,
)

DAY = date(2025, 9, 14)


@pytest.mark.parametrize(
    ("pattern", "n", "expected"),
    [
        ("SOA-{year}-{n:05d}", 12, "SOA-2025-00012"),
        ("INV-{month}-{n}", 3, "INV-202509-3"),
        ("R{yy}{mm}/{n:04d}", 7, "R2509/0007"),
        ("{n}", 123456, "123456"),
        ("SOA-{year}-{n:05d}", 123456, "SOA-2025-123456"),
        ("{{literal}}-{n}", 1, "{literal}-1"),
    ],
)
def test_format_number(pattern: str, n: int, expected: str) -> None:
    assert format_number(pattern, n, DAY) == expected


@pytest.mark.parametrize(
    ("reset", "on", "scope"),
    [
        ("never", DAY, ""),
        ("yearly", DAY, "2025"),
        ("monthly", DAY, "2025-09"),
        ("monthly", date(2026, 1, 1), "2026-01"),
        ("yearly", date(999, 12, 31), "0999"),
    ],
)
def test_scope_of(reset: str, on: date, scope: str) -> None:
    assert scope_of(reset, on) == scope


@pytest.mark.parametrize(
    ("pattern", "reset"),
    [
        ("SOA-{year}-{n:05d}", "yearly"),
        ("S{yy}-{n}", "yearly"),
        ("INV-{month}-{n}", "monthly"),
        ("INV-{year}{mm}-{n}", "monthly"),
        ("INV-{yy}-{mm}-{n}", "monthly"),
        ("R-{n:06d}", "never"),
        ("R-{year}-{n}", "never"),
    ],
)
def test_valid_definitions(pattern: str, reset: str) -> None:
    validate_definition(pattern, reset)


@pytest.mark.parametrize(
    ("pattern", "reset", "says"),
    [
        ("SOA-{year}", "yearly", "must contain {n}"),
        ("SOA-{foo}-{n}", "yearly", "unknown field(s) 'foo'"),
        ("SOA-{0}-{n}", "never", "unknown field(s) '0'"),
        ("SOA-{n.real}", "never", "unknown field(s) 'n.real'"),
        ("SOA-{n[0]}", "never", "unknown field(s) 'n[0]'"),
        ("SOA-{n", "never", "invalid"),
        ("SOA-{n:s}", "never", "invalid"),
        ("SOA-{n!z}", "never", "invalid"),
        ("SOA-{n}", "yearly", "shows no year"),
        ("SOA-{mm}-{n}", "yearly", "shows no year"),
        ("SOA-{year}-{n}", "monthly", "year and month"),
        ("SOA-{mm}-{n}", "monthly", "year and month"),
        ("SOA-{year}-{n}", "weekly", "reset must be one of never, yearly, monthly"),
        ("", "never", "1 to 128 characters"),
        ("X" * 126 + "{n}", "never", "1 to 128 characters"),
    ],
)
def test_bad_definitions_name_the_allowed_fields(pattern: str, reset: str, says: str) -> None:
    with pytest.raises(UsageError) as err:
        validate_definition(pattern, reset)
    assert says in err.value.message
    assert err.value.exit_code == 2


def test_unknown_field_error_lists_allowed_fields() -> None:
    with pytest.raises(UsageError, match=r"\{n\}.*\{year\}, \{yy\}, \{mm\}, \{month\}"):
        validate_definition("X-{day}-{n}", "never")


@pytest.mark.parametrize("name", ["", "-soa", "so a", "soa/1", "s" * 65, "ñ"])
def test_bad_names(name: str) -> None:
    with pytest.raises(UsageError, match="sequence name"):
        validate_name(name)


@pytest.mark.parametrize("name", ["soa", "invoice.retail", "R_2", "a-b", "s" * 64])
def test_good_names(name: str) -> None:
    validate_name(name)


@given(st.dates(), st.dates(), st.integers(1, 10**6))
def test_yearly_numbers_differ_across_years(d1: date, d2: date, n: int) -> None:
    """Two scopes never render the same number: why a yearly pattern must show the year."""
    pattern = "SOA-{year}-{n:05d}"
    same = format_number(pattern, n, d1) == format_number(pattern, n, d2)
    assert same == (scope_of("yearly", d1) == scope_of("yearly", d2))


@given(st.dates(), st.integers(1, 10**9), st.integers(1, 10**9))
def test_monthly_numbers_are_unique_within_and_across_scopes(d: date, a: int, b: int) -> None:
    pattern = "INV-{month}-{n}"
    assert (format_number(pattern, a, d) == format_number(pattern, b, d)) == (a == b)
