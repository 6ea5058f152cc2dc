"""What an operator types for a lay-by, checked (pure): the deposit (``30%`` or an amount),
an item (``SKU:QTY``) and a payment amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ledgerctl.core.errors import UsageError

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


@dataclass(frozen=True)
class DepositSpec:
    """``--deposit 30%`` (percent) or ``--deposit 150.00`` (amount)."""

    percent: Decimal | None = None
    amount: Decimal | None = None


def parse_deposit(text: str | None) -> DepositSpec:
    """Parse ``--deposit``: ``30%`` or an amount; None means the rule's default percent."""
    if text is None or not text.strip():
        return DepositSpec()
    match = _PERCENT.match(text)
    try:
        if match:
            return DepositSpec(percent=Decimal(match.group(1)))
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise UsageError(
            f"--deposit {text!r}: write a percentage (30%) or an amount with at "
            "most 2 decimals (150.00)"
        )
    return DepositSpec(amount=value.quantize(Decimal("0.01")))


def parse_item(text: str) -> tuple[str, Decimal]:
    """``SKU:QTY`` (or ``SKU`` for one) -> (sku, quantity)."""
    sku, sep, qty = text.partition(":")
    try:
        quantity = Decimal(qty.strip()) if sep else Decimal(1)
    except ArithmeticError:
        quantity = Decimal("NaN")
    if (
        not sku.strip()
        or not quantity.is_finite()
        or quantity <= 0
        or quantity != quantity.quantize(Decimal("0.001"))
    ):
        raise UsageError(
            f"--item {text!r}: write SKU:QTY with a positive quantity of at most "
            "3 decimals (e.g. DRESS-RED:2)"
        )
    return sku.strip(), quantity.quantize(Decimal("0.001"))


def check_amount(amount: Decimal, field: str = "AMOUNT") -> Decimal:
    """A payment amount: positive, at most 2 decimals (exit 2 otherwise)."""
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise UsageError(f"{field} {amount} must be a positive amount with at most 2 decimals")
    return amount
