"""Parse the pos command-line arguments (standard library only, so ``--help`` stays fast).

``SKU=QTY`` / ``SKU=QTY@PRICE`` lines, ``TENDER=AMOUNT`` payments, signed adjustments
(``SKU=-3``). Errors name the option and show the expected form.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ledgerctl.core.errors import UsageError


def _number(text: str, option: str, item: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise UsageError(f"{option} {item!r}: {text!r} is not a number") from None
    if not value.is_finite():
        raise UsageError(f"{option} {item!r}: {text!r} is not a number")
    return value


def line(item: str, option: str = "--line") -> tuple[str, Decimal, Decimal | None]:
    """``SKU=QTY[@PRICE]`` -> (sku, quantity, price or None)."""
    sku, sep, rest = item.partition("=")
    if not sep or not sku.strip() or not rest.strip():
        raise UsageError(f"{option} {item!r}: write SKU=QTY or SKU=QTY@PRICE (e.g. RICE-5KG=2)")
    qty_text, at, price_text = rest.partition("@")
    qty = _number(qty_text, option, item)
    price = _number(price_text, option, item) if at else None
    return sku.strip(), qty, price


def tender(item: str, option: str = "--pay") -> tuple[str, Decimal]:
    """``TENDER=AMOUNT`` -> (tender, amount)."""
    name, sep, amount = item.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"{option} {item!r}: write TENDER=AMOUNT (e.g. cash=150.00)")
    return name.strip().lower(), _number(amount, option, item)
