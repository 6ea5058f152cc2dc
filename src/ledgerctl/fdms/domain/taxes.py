"""Taxes of the device configuration and the spec's tax arithmetic (pure).

FDMS gives the applicable taxes in GetConfig (tax IDs differ between environments, so they
are never hard-coded). Per tax group of a receipt:

- tax-inclusive prices: taxAmount = round(Σ line totals × p / (100 + p)), salesAmountWithTax =
  Σ line totals;
- tax-exclusive prices: taxAmount = round(Σ line totals × p / 100), salesAmountWithTax =
  Σ line totals + taxAmount;
- exempt taxes (no percent): taxAmount 0.

Rounding is half-up (away from zero) to cents, also for negative credit-note amounts; a line
total is price × quantity rounded the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ledgerctl.core.errors import UsageError

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def round_cents(value: Decimal) -> Decimal:
    """Half-up (away from zero) to 2 decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_total(price: Decimal, quantity: Decimal) -> Decimal:
    return round_cents(price * quantity)


def tax_amounts(
    sales: Decimal, percent: Decimal | None, inclusive: bool
) -> tuple[Decimal, Decimal]:
    """(taxAmount, salesAmountWithTax) of one tax group whose line totals add to ``sales``."""
    if percent is None or percent == 0:
        return Decimal("0.00"), round_cents(sales)
    if inclusive:
        return round_cents(sales * percent / (HUNDRED + percent)), round_cents(sales)
    tax = round_cents(sales * percent / HUNDRED)
    return tax, round_cents(sales + tax)


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class ApplicableTax:
    """One tax of the device configuration, valid from ``valid_from`` to ``valid_till``."""

    tax_id: int
    name: str
    percent: Decimal | None
    valid_from: date | None = None
    valid_till: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_till is None or day <= self.valid_till
        )

    @property
    def label(self) -> str:
        return "exempt" if self.percent is None else f"{self.percent.normalize():f}%"

    def describe(self) -> str:
        return f"{self.name} {self.label} (id {self.tax_id})"


def taxes_from_config(config: Mapping[str, Any]) -> list[ApplicableTax]:
    """The ``applicableTaxes`` of a GetConfig answer."""
    taxes = []
    for item in config.get("applicableTaxes") or []:
        percent = item.get("taxPercent")
        taxes.append(
            ApplicableTax(
                tax_id=int(item["taxID"]),
                name=str(item.get("taxName", "")),
                percent=None if percent is None else Decimal(str(percent)),
                valid_from=_day(item.get("validFrom")),
                valid_till=_day(item.get("validTill")),
            )
        )
    return taxes


def _available(taxes: Iterable[ApplicableTax], day: date) -> str:
    names = [t.describe() for t in taxes if t.valid_on(day)]
    return ", ".join(names) or "none"


def resolve_tax(
    taxes: Sequence[ApplicableTax],
    day: date,
    *,
    where: str,
    tax_id: int | None = None,
    percent: Decimal | None = None,
    exempt: bool = False,
) -> ApplicableTax:
    """The configured tax a line names, valid on ``day``; UsageError listing the choices."""
    valid = [t for t in taxes if t.valid_on(day)]
    if tax_id is not None:
        found = [t for t in valid if t.tax_id == tax_id]
        wanted = f"tax id {tax_id}"
    elif exempt:
        found = [t for t in valid if t.percent is None]
        wanted = "an exempt tax"
    elif percent is not None:
        found = [t for t in valid if t.percent is not None and t.percent == percent]
        wanted = f"a tax of {percent.normalize():f}%"
    else:
        raise UsageError(f"{where}: no tax given; name one of: {_available(taxes, day)}")
    if not found:
        raise UsageError(
            f"{where}: unknown tax — the device configuration has no {wanted} "
            f"valid on {day.isoformat()}; available: {_available(taxes, day)} "
            "(refresh with `ledgerctl fdms config --refresh`)"
        )
    if len(found) > 1:
        choices = ", ".join(t.describe() for t in found)
        raise UsageError(f"{where}: {wanted} is ambiguous ({choices}); name the tax by its id")
    return found[0]
