"""Line pricing arithmetic: exact quantities and prices, the catalog price for the sale's
kind, and the price convention (tax-inclusive or exclusive) a sale uses."""

from __future__ import annotations

from decimal import Decimal

from ledgerctl.core.errors import UsageError
from ledgerctl.pos.domain.taxes import PRICE_MODES

KINDS = ("retail", "wholesale")
QTY = Decimal("0.001")
PRICE = Decimal("0.0001")


def exact(value: Decimal, quantum: Decimal, what: str, where: str) -> Decimal:
    """``value`` at ``quantum`` (exit 2 if it is not a number or has more decimals)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise UsageError(f"{where}{what} {value!r} is not a number")
    if value != value.quantize(quantum):
        places = -int(quantum.as_tuple().exponent)
        raise UsageError(f"{where}{what} {value} has more than {places} decimal places")
    return value.quantize(quantum)


def line_quantity(sku: str, quantity: Decimal, where: str) -> Decimal:
    """A sold quantity: exact to 3 decimals and positive."""
    qty = exact(quantity, QTY, f"quantity of {sku}", where)
    if qty <= 0:
        raise UsageError(
            f"{where}quantity of {sku} must be positive, not {qty}; record "
            "goods coming back with `ledgerctl pos return record`"
        )
    return qty


def unit_price(
    sku: str,
    given: Decimal | None,
    kind: str,
    price: Decimal,
    wholesale_price: Decimal | None,
    where: str,
) -> Decimal:
    """The given price, else the catalog's (wholesale when the sale is wholesale and the
    product has one); exact to 4 decimals and not negative."""
    chosen = given
    if chosen is None:
        chosen = wholesale_price if kind == "wholesale" and wholesale_price is not None else price
    chosen = exact(chosen, PRICE, f"unit price of {sku}", where)
    if chosen < 0:
        raise UsageError(f"{where}unit price of {sku} must not be negative")
    return chosen


def price_mode(kind: str, given: str | None, retail: str, wholesale: str, where: str) -> str:
    """The sale's price convention: the one given, else the tax profile's for the kind."""
    if kind not in KINDS:
        raise UsageError(f"{where}sale kind {kind!r} must be retail or wholesale")
    mode = given or (retail if kind == "retail" else wholesale)
    if mode not in PRICE_MODES:
        raise UsageError(f"{where}price mode {mode!r} must be inclusive or exclusive")
    return mode
