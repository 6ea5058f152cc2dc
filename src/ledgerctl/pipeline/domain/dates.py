"""Dates as banks write them → ``date``: one cached parser per file's list of formats. Pure.

``make_date_parser(["%d/%m/%Y", ...])`` tries each format in order; formats like
``%Y-%m-%d``, ``%m/%d/%Y``, ``%d.%m.%y`` or ``%d %b %Y`` (optionally followed by a time,
which is ignored) take a strptime-free fast path; results are cached (bank files repeat
dates a lot).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

__all__ = ["make_date_parser"]

_MONTHS = {
    name: i
    for i, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_FAST_FORMAT = re.compile(r"(%[dmYyb])([^%\w])(%[dmYyb])\2(%[dmYyb])(.*)")


def _fast_date(fmt: str) -> Callable[[str], date | None] | None:
    """A strptime-free parser for formats like %Y-%m-%d, %m/%d/%Y, %d.%m.%y, %d %b %Y
    (optionally followed by a time part, which is ignored)."""
    m = _FAST_FORMAT.fullmatch(fmt)
    if not m:
        return None
    codes = (m.group(1), m.group(3), m.group(4))
    if sorted(c[1].lower() for c in codes) not in (["b", "d", "y"], ["d", "m", "y"]):
        return None
    sep, has_time = m.group(2), bool(m.group(5))
    pos = {c[1]: i for i, c in enumerate(codes)}
    iy, i_d = (pos["Y"] if "Y" in pos else pos["y"]), pos["d"]
    two_digit_year = "y" in pos
    im, month_name = (pos["m"], False) if "m" in pos else (pos["b"], True)

    def parse(s: str) -> date | None:
        s = s.strip()
        if has_time:
            s = s.split(" ", 1)[0].split("T", 1)[0] if sep != " " else " ".join(s.split()[:3])
        parts = s.split(sep)
        if len(parts) != 3:
            return None
        ys, ms, ds = parts[iy], parts[im], parts[i_d]
        if not (ys.isdigit() and ds.isdigit()) or len(ds) > 2:
            return None
        if two_digit_year:
            if len(ys) != 2:
                return None
            y = int(ys)
            y += 2000 if y < 69 else 1900
        else:
            if len(ys) != 4:
                return None
            y = int(ys)
        if month_name:
            mo = _MONTHS.get(ms[:3].lower())
            if mo is None:
                return None
        else:
            if not ms.isdigit() or len(ms) > 2:
                return None
            mo = int(ms)
        try:
            return date(y, mo, int(ds))
        except ValueError:
            return None

    return parse


def _strptime_date(fmt: str) -> Callable[[str], date | None]:
    def parse(s: str) -> date | None:
        try:
            return datetime.strptime(s.strip(), fmt).date()
        except ValueError:
            return None

    return parse


def make_date_parser(formats: list[str]) -> Callable[[str], date | None]:
    """One function trying each format in order (fast path where possible), cached."""
    parsers = [_fast_date(f) or _strptime_date(f) for f in formats]
    cache: dict[str, date | None] = {}

    get = cache.get

    def parse(s: str) -> date | None:
        result = get(s)
        if result is not None or s in cache:
            return result
        for p in parsers:
            result = p(s)
            if result is not None:
                break
        if len(cache) > 200_000:
            cache.clear()
        cache[s] = result
        return result

    return parse
