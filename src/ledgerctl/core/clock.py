"""Time and dates: one place to get 'now' (UTC) and to parse dates and periods strictly."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from ledgerctl.core.errors import UsageError

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in local time (what an operator means by 'today')."""
    return date.today()


def parse_date(text: str, *, field: str = "date") -> date:
    """Parse an ISO date (YYYY-MM-DD); the error names the field and the expected form."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{field}: {text!r} is not a date; write YYYY-MM-DD") from None


def parse_period(text: str, *, field: str = "period") -> str:
    """Validate a monthly period code ``YYYY-MM`` and return it."""
    if not _PERIOD.match(text.strip()):
        raise UsageError(f"{field}: {text!r} is not a period; write YYYY-MM (e.g. 2025-09)")
    return text.strip()


def parse_day(text: str | None, option: str) -> date | None:
    """An optional ``YYYY-MM-DD`` option value; ``None`` when not given (exit 2 naming it)."""
    if text is None or not text.strip():
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date; write YYYY-MM-DD") from None
    if not 1900 <= value.year <= 9000:
        raise UsageError(f"{option}: {text!r} is out of range; write a year 1900-9000")
    return value


def parse_month(text: str | None, option: str) -> str | None:
    """An optional ``YYYY-MM`` option value; ``None`` when not given (exit 2 naming it)."""
    if text is None or not text.strip():
        return None
    return parse_period(text, field=option)


def parse_day_or_month(text: str | None, option: str, *, end: bool) -> date | None:
    """``2025-09`` (its first day, or its last with ``end``) or ``2025-09-15``; None if absent."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if _PERIOD.match(value):
        first, last = period_bounds(value)
        return last if end else first
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option}: {text!r} is neither a month (YYYY-MM) nor a day (YYYY-MM-DD)"
        ) from None


def period_of(day: date) -> str:
    """The monthly period code a date falls in."""
    return f"{day.year:04d}-{day.month:02d}"


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a ``YYYY-MM`` period."""
    year, month = (int(p) for p in parse_period(period).split("-"))
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)
