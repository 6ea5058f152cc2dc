"""Moving-average stock costing (pure): what goods going out cost, what coming in does.

A stock level keeps its quantity and its *value* in pesewas: the value is exactly what the
branch's inventory account holds for it, so the ledger and the stock never drift apart.
The average unit cost is value / quantity (kept to 4 places for when the quantity is zero).

- Out (sale, transfer, negative adjustment): taking the whole quantity takes the whole value;
  taking part takes value x part / quantity, rounded half-up. Below zero (only where the branch
  allows negative stock) the missing units are costed at the last unit cost.
- In (receipt, return, transfer in): value and quantity add up. When stock was negative, the
  units that fill the hole were already costed at the old unit cost; the difference to their
  real cost is a *variance* the caller books to cost of sales, so that zero stock has zero
  value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from ledgerctl.core.money import round_money

UNIT = Decimal("0.0001")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Level:
    """Stock of one product at one location."""

    quantity: Decimal
    value: Decimal
    unit_cost: Decimal
    reserved: Decimal = Decimal("0.000")

    @property
    def available(self) -> Decimal:
        return self.quantity - self.reserved


def _unit(value: Decimal, quantity: Decimal) -> Decimal:
    return (value / quantity).quantize(UNIT, rounding=ROUND_HALF_UP)


def issue_cost(level: Level, quantity: Decimal) -> Decimal:
    """The cost of taking ``quantity`` (> 0) out of ``level``."""
    on_hand = max(level.quantity, Decimal(0))
    if quantity <= on_hand:
        if quantity == on_hand:
            return level.value
        return round_money(level.value * quantity / on_hand)
    covered = level.value if on_hand > 0 else ZERO
    return covered + round_money((quantity - on_hand) * level.unit_cost)


def take(level: Level, quantity: Decimal) -> tuple[Level, Decimal]:
    """``level`` after taking ``quantity`` out, and the cost taken."""
    cost = issue_cost(level, quantity)
    return replace(level, quantity=level.quantity - quantity, value=level.value - cost), cost


def put(level: Level, quantity: Decimal, value: Decimal) -> tuple[Level, Decimal]:
    """``level`` after ``quantity`` worth ``value`` came in, and the variance (> 0: the new
    value is lower than old + incoming by that much; book it Dr cost of sales, Cr inventory)."""
    new_qty = level.quantity + quantity
    total = level.value + value
    if level.quantity >= 0:
        unit = _unit(total, new_qty) if new_qty > 0 else level.unit_cost
        return Level(new_qty, total, unit, level.reserved), ZERO
    incoming_unit = _unit(value, quantity) if quantity else level.unit_cost
    if new_qty <= 0:
        new_value = round_money(new_qty * level.unit_cost)
        unit = level.unit_cost
    else:
        new_value = round_money(value * new_qty / quantity)
        unit = incoming_unit
    return Level(new_qty, new_value, unit, level.reserved), total - new_value


def share(total: Decimal, part: Decimal, whole: Decimal, before: Decimal = Decimal(0)) -> Decimal:
    """The share of ``total`` for ``part`` of ``whole`` units when ``before`` units were taken
    already: cumulative rounding, so all the parts together add up to ``total`` exactly."""
    upto = round_money(total * (before + part) / whole)
    done = round_money(total * before / whole)
    return upto - done
