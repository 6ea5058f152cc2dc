"""Exact money: Decimal amounts, per-currency minor units, half-up rounding, allocation.

Amounts are ``Decimal`` in Python and integer minor units (cents) in the database. Nothing
here ever touches a float. ``allocate`` splits an amount into parts that always add up to the
whole (largest-remainder method).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from ledgerctl.core.errors import UsageError

# ISO 4217 minor-unit exponents that differ from 2; every other currency uses 2.
_EXPONENTS: dict[str, int] = {
    "JPY": 0,
    "KRW": 0,
    "UGX": 0,
    "RWF": 0,
    "XAF": 0,
    "XOF": 0,
    "VND": 0,
    "CLP": 0,
    "ISK": 0,
    "PYG": 0,
    "BHD": 3,
    "KWD": 3,
    "OMR": 3,
    "JOD": 3,
    "TND": 3,
    "LYD": 3,
    "IQD": 3,
}

DEFAULT_CURRENCY = "GHS"
# Largest amount accepted: fits a signed 64-bit count of minor units with room to add.
MAX_AMOUNT = Decimal(10) ** 15


@lru_cache(maxsize=256)
def exponent(currency: str) -> int:
    """Number of decimal places of the currency's minor unit (2 unless ISO says otherwise)."""
    code = currency.upper()
    if len(code) != 3 or not code.isalpha():
        raise UsageError(f"currency {currency!r} is not a 3-letter ISO code (e.g. GHS, USD)")
    return _EXPONENTS.get(code, 2)


@lru_cache(maxsize=256)
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-exponent(currency))


def parse_amount(
    text: str | int | Decimal, currency: str = DEFAULT_CURRENCY, *, field: str = "amount"
) -> Decimal:
    """Parse an amount exactly; refuse more decimals than the currency has.

    Accepts ``1234.56``, ``1,234.56`` and a leading ``-``. Never rounds silently: an operator
    who typed ``10.005`` for GHS gets an error naming the field.
    """
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        cleaned = text.strip().replace(",", "").replace("_", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise UsageError(f"{field}: {text!r} is not an amount (write e.g. 1234.56)") from None
    if not value.is_finite():
        raise UsageError(f"{field}: {text!r} is not a finite amount")
    places = exponent(currency)
    if abs(value) >= MAX_AMOUNT:
        raise UsageError(f"{field}: {text} is too large (the limit is {MAX_AMOUNT:,})")
    if value != value.quantize(_quantum(currency), rounding=ROUND_HALF_UP):
        raise UsageError(
            f"{field}: {text} has more than {places} decimal places for {currency.upper()}"
        )
    return value.quantize(_quantum(currency))


def parse_number(text: str | int | Decimal, *, field: str = "number") -> Decimal:
    """Parse an exact finite number (quantities, rates, percentages): ``1,234.5``, ``-3``.

    The one "is not a number" check: the error names the field and shows what was typed.
    """
    if isinstance(text, bool):
        raise UsageError(f"{field}: {text!r} is not a number")
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        try:
            value = Decimal(str(text).strip().replace(",", "").replace("_", ""))
        except InvalidOperation:
            raise UsageError(f"{field}: {text!r} is not a number") from None
    if not value.is_finite():
        raise UsageError(f"{field}: {text!r} is not a number")
    return value


def round_money(value: Decimal, currency: str = DEFAULT_CURRENCY) -> Decimal:
    """Round half-up to the currency's minor unit (the default rounding rule)."""
    return value.quantize(_quantum(currency), rounding=ROUND_HALF_UP)


def to_minor(value: Decimal, currency: str = DEFAULT_CURRENCY) -> int:
    """Decimal amount → integer minor units. Refuses values that are not already rounded."""
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise UsageError(
            f"{value} has more decimals than {currency.upper()} allows; round it first"
        )
    return int(scaled)


def from_minor(minor: int, currency: str = DEFAULT_CURRENCY) -> Decimal:
    """Integer minor units → Decimal amount with the currency's number of places."""
    return Decimal(minor).scaleb(-exponent(currency)).quantize(_quantum(currency))


def allocate_minor(total: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Split ``total`` minor units in proportion to ``weights``; parts sum exactly to total.

    Largest-remainder method: every part gets the floor of its exact share, then the units
    left over go one each to the parts with the largest remainders (earliest part on ties).
    Negative totals are split like positive ones and negated.
    """
    if not weights:
        raise UsageError("cannot allocate over an empty list of parts")
    ws = [Decimal(w) for w in weights]
    if any(w < 0 for w in ws):
        raise UsageError("allocation weights must not be negative")
    weight_sum = sum(ws)
    if weight_sum == 0:
        raise UsageError("allocation weights must not all be zero")
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    exact = [Decimal(magnitude) * w / weight_sum for w in ws]
    parts = [int(e) for e in exact]  # floor for non-negative values
    leftover = magnitude - sum(parts)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:leftover]:
        parts[i] += 1
    return [sign * p for p in parts]


def allocate(
    amount: Decimal, weights: Sequence[int | Decimal], currency: str = DEFAULT_CURRENCY
) -> list[Decimal]:
    """Split a Decimal amount by weights; the parts add up to ``amount`` to the minor unit."""
    minor = allocate_minor(to_minor(amount, currency), weights)
    return [from_minor(m, currency) for m in minor]


def split_evenly(amount: Decimal, parts: int, currency: str = DEFAULT_CURRENCY) -> list[Decimal]:
    """Split into ``parts`` near-equal parts (instalments); the earliest get the extra cents."""
    if parts < 1:
        raise UsageError("cannot split into fewer than one part")
    return allocate(amount, [1] * parts, currency)


def format_money(value: Decimal, currency: str | None = None) -> str:
    """``1234.5`` → ``1,234.50`` (with `` GHS`` appended when a currency is given)."""
    places = exponent(currency) if currency else 2
    text = f"{value:,.{places}f}"
    return f"{text} {currency.upper()}" if currency else text
