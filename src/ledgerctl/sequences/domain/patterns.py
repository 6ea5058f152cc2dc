"""Sequence patterns and reset policies: validation, scopes and formatting (pure, no I/O).

A pattern is a Python format string restricted to the fields ``{n}`` (the counter, any
integer format spec such as ``{n:05d}``), ``{year}`` (2025), ``{yy}`` (25), ``{mm}`` (09) and
``{month}`` (202509). A pattern must show enough of the date to keep numbers unique across
resets: a yearly sequence needs the year, a monthly one the year and the month.
"""

from __future__ import annotations

import re
from datetime import date
from string import Formatter

from ledgerctl.core.errors import UsageError

RESETS = ("never", "yearly", "monthly")
FIELDS = ("n", "year", "yy", "mm", "month")
MAX_PATTERN = 128
MAX_NAME = 64
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ALLOWED = "allowed fields: {n} (counter, e.g. {n:05d}), {year}, {yy}, {mm}, {month}"


def scope_of(reset: str, on: date) -> str:
    """The counter scope a date falls in for a reset policy ('' / '2025' / '2025-09')."""
    if reset == "yearly":
        return f"{on.year:04d}"
    if reset == "monthly":
        return f"{on.year:04d}-{on.month:02d}"
    return ""


def _values(n: int, on: date) -> dict[str, object]:
    return {
        "n": n,
        "year": f"{on.year:04d}",
        "yy": f"{on.year % 100:02d}",
        "mm": f"{on.month:02d}",
        "month": f"{on.year:04d}{on.month:02d}",
    }


def format_number(pattern: str, n: int, on: date) -> str:
    """Render a pattern such as ``SOA-{year}-{n:05d}`` or ``INV-{month}-{n}``."""
    try:
        return pattern.format(**_values(n, on))
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise UsageError(
            f"sequence pattern {pattern!r} is invalid ({exc}); "
            f"{_ALLOWED}, e.g. SOA-{{year}}-{{n:05d}}"
        ) from None


def pattern_fields(pattern: str) -> set[str]:
    """The field names a pattern uses; UsageError for anything outside FIELDS."""
    try:
        parsed = list(Formatter().parse(pattern))
    except ValueError as exc:
        raise UsageError(f"sequence pattern {pattern!r} is invalid ({exc}); {_ALLOWED}") from None
    used = {field for _, field, _, _ in parsed if field is not None}
    unknown = sorted(f for f in used if f not in FIELDS)
    if unknown:
        raise UsageError(
            f"sequence pattern {pattern!r} uses unknown field(s) "
            f"{', '.join(repr(u) for u in unknown)}; {_ALLOWED}"
        )
    return used


def _check_scope_shown(pattern: str, reset: str, used: set[str]) -> None:
    has_year = bool(used & {"year", "yy", "month"})
    has_month = "month" in used or "mm" in used
    if reset == "yearly" and not has_year:
        raise UsageError(
            f"sequence pattern {pattern!r} resets yearly but shows no year, so "
            "numbers would repeat; add {year} or {yy} (or use --reset never)"
        )
    if reset == "monthly" and not (has_year and has_month):
        raise UsageError(
            f"sequence pattern {pattern!r} resets monthly but does not show year "
            "and month, so numbers would repeat; add {month} or {year}-{mm}"
        )


def validate_name(name: str) -> None:
    """A sequence name: 1-64 letters, digits, '.', '_' or '-', starting with a letter/digit."""
    if not (0 < len(name) <= MAX_NAME and _NAME.match(name)):
        raise UsageError(
            f"sequence name {name!r} is invalid; use up to {MAX_NAME} letters, "
            "digits, '.', '_' or '-' (e.g. soa, invoice.retail)"
        )


def validate_definition(pattern: str, reset: str) -> None:
    """UsageError (exit 2) unless ``pattern``/``reset`` make unique, formattable numbers."""
    if reset not in RESETS:
        raise UsageError(f"reset must be one of {', '.join(RESETS)}, not {reset!r}")
    if not pattern or len(pattern) > MAX_PATTERN:
        raise UsageError(f"sequence pattern must be 1 to {MAX_PATTERN} characters long")
    used = pattern_fields(pattern)
    if "n" not in used:
        raise UsageError(
            f"sequence pattern {pattern!r} must contain {{n}} (the counter); {_ALLOWED}"
        )
    _check_scope_shown(pattern, reset, used)
    format_number(pattern, 1, date(2000, 1, 1))
