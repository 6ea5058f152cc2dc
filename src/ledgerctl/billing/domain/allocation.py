"""Allocation rules: how ``--allocate NUMBER=AMOUNT`` arguments are read and checked."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import parse_amount


def parse_allocation(text: str, currency: str) -> tuple[str, Decimal]:
    """``SOA-2025-00012=1500.00`` → (number, amount > 0); exit 2 naming the argument."""
    number, sep, amount_text = text.partition("=")
    if not sep or not number.strip() or not amount_text.strip():
        raise UsageError(
            f"--allocate {text!r}: write NUMBER=AMOUNT, e.g. --allocate SOA-2025-00012=1500.00"
        )
    amount = parse_amount(amount_text, currency, field=f"--allocate {number.strip()}")
    if amount <= 0:
        raise UsageError(f"--allocate {text!r}: the amount must be more than zero")
    return number.strip(), amount


def parse_allocations(
    texts: Iterable[str], currency: str, payment: Decimal
) -> list[tuple[str, Decimal]]:
    """Every ``--allocate``; refuses a number given twice and a sum above ``payment``."""
    pairs = [parse_allocation(t, currency) for t in texts]
    numbers = [n for n, _ in pairs]
    twice = sorted({n for n in numbers if numbers.count(n) > 1})
    if twice:
        raise UsageError(
            f"--allocate names {', '.join(twice)} more than once; give one amount per statement"
        )
    total = sum((a for _, a in pairs), Decimal(0))
    if total > payment:
        raise UsageError(
            f"--allocate amounts add up to {total}, more than the {payment} "
            "available; lower them (the rest stays as credit on account)"
        )
    return pairs
