"""Retainer proration and billing periods: which part of a month a retainer bills."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ledgerctl.core.clock import parse_period, period_bounds, period_of
from ledgerctl.core.money import round_money

LINE_KINDS = ("retainer", "fee", "disbursement", "adjustment")
CHARGE_KINDS = ("fee", "disbursement")


@dataclass(frozen=True)
class RetainerTerm:
    """A retainer as the cycle sees it."""

    id: int
    amount: Decimal
    start: date
    end: date | None
    description: str


@dataclass(frozen=True)
class DraftLine:
    """A line about to go on a draft statement."""

    kind: str
    service_date: date
    description: str
    amount: Decimal
    retainer_id: int | None = None
    charge_id: int | None = None


def resolve_period(text: str, today: date, *, field: str = "PERIOD") -> str:
    """``YYYY-MM``, or ``current`` / ``previous`` (month of / before ``today``; for cron)."""
    word = text.strip().lower()
    if word in ("current", "previous"):
        day = today if word == "current" else today.replace(day=1) - timedelta(days=1)
        return period_of(day)
    return parse_period(text, field=field)


def period_label(period: str) -> str:
    """``2025-09`` → ``September 2025``."""
    first, _ = period_bounds(period)
    return f"{calendar.month_name[first.month]} {first.year}"


def prorate(amount: Decimal, days: int, days_in_month: int, currency: str) -> Decimal:
    """``amount × days / days_in_month`` rounded half-up to the currency's minor unit."""
    if days >= days_in_month:
        return amount
    return round_money(amount * days / days_in_month, currency)


def retainer_line(
    term: RetainerTerm, period: str, *, proration: str, label: str, currency: str
) -> DraftLine | None:
    """The retainer's line for ``period``, prorated by days covered; None if it does not apply."""
    first, last = period_bounds(period)
    start, end = max(term.start, first), min(term.end or last, last)
    if start > end:
        return None
    days, month_days = (end - start).days + 1, (last - first).days + 1
    amount = (
        term.amount if proration == "none" else prorate(term.amount, days, month_days, currency)
    )
    text = term.description or label
    text = f"{text} — {period_label(period)}"
    if days < month_days:
        text += (
            f" ({start.day}–{end.day} {calendar.month_abbr[first.month]}, {days} of "
            f"{month_days} days)"
        )
    return DraftLine("retainer", start, text, amount, retainer_id=term.id)


def day_before(day: date) -> date:
    return day - timedelta(days=1)
