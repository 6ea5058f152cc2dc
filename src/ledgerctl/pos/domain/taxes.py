"""Indirect taxes of one sale line (pure): tax-exclusive and tax-inclusive prices, compounding.

A tax has a rate and a base: the net value plus the amounts of some earlier taxes (Ghana
until 2025: VAT on net + NHIL + GETFund + COVID levy; from 2026 every tax on the net alone).
Rounding follows the notes: each tax of each line is rounded half-up to the pesewa.

- tax-exclusive price: ``net`` is given; each tax is rounded from its base, where the base
  uses the *rounded* amounts of the earlier taxes (what the invoice shows); gross = net + taxes.
- tax-inclusive price: ``gross`` is given; the unrounded net is gross / (1 + effective rate);
  each tax is rounded from the *unrounded* net (and unrounded earlier taxes); then
  net = gross - taxes, so the gross stays exactly what the customer pays.

Either way ``net + sum(taxes) == gross`` to the pesewa.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import cached_property

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import round_money

PRICE_MODES = ("inclusive", "exclusive")


@dataclass(frozen=True)
class TaxRate:
    """One tax of a regime: ``base`` names earlier taxes added to the net to form its base."""

    code: str
    name: str
    rate: Decimal
    base: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineTaxes:
    """A line's net value, each tax (code, amount) in rule order, and its gross value."""

    net: Decimal
    taxes: tuple[tuple[str, Decimal], ...]
    gross: Decimal

    @property
    def tax_total(self) -> Decimal:
        return sum((a for _, a in self.taxes), Decimal("0.00"))

    @cached_property
    def taxes_json(self) -> str:
        """The taxes as stored on a sale line: canonical JSON, code -> amount text."""
        return json.dumps({c: str(a) for c, a in self.taxes}, sort_keys=True, separators=(",", ":"))


def multipliers(rates: Sequence[TaxRate]) -> dict[str, Decimal]:
    """Each tax as an exact multiple of the net (VAT 2023: 0.15 x 1.06 = 0.159)."""
    found: dict[str, Decimal] = {}
    for tax in rates:
        missing = [b for b in tax.base if b not in found]
        if missing:
            raise UsageError(f"tax {tax.code}: base {', '.join(missing)} must be listed before it")
        found[tax.code] = tax.rate * (1 + sum((found[b] for b in tax.base), Decimal(0)))
    return found


def effective_rate(rates: Sequence[TaxRate]) -> Decimal:
    """Total tax as a fraction of the net (0.219 for Ghana 2023, 0.20 for 2026)."""
    return sum(multipliers(rates).values(), Decimal(0))


def tax_exclusive(net: Decimal, rates: Sequence[TaxRate]) -> LineTaxes:
    """Taxes on top of a net value (already rounded to the pesewa)."""
    amounts: dict[str, Decimal] = {}
    for tax in rates:
        base = net + sum((amounts[b] for b in tax.base), Decimal(0))
        amounts[tax.code] = round_money(base * tax.rate)
    taxes = tuple(amounts.items())
    return LineTaxes(net, taxes, net + sum(amounts.values(), Decimal("0.00")))


def tax_inclusive(gross: Decimal, rates: Sequence[TaxRate]) -> LineTaxes:
    """Taxes contained in a gross (shelf) price; net is what is left after rounded taxes."""
    if not rates:
        return LineTaxes(gross, (), gross)
    with localcontext() as context:
        context.prec = 40
        mult = multipliers(rates)
        net_exact = gross / (1 + sum(mult.values(), Decimal(0)))
        taxes = tuple((code, round_money(m * net_exact)) for code, m in mult.items())
    total = sum((a for _, a in taxes), Decimal("0.00"))
    return LineTaxes(gross - total, taxes, gross)


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Quantity x unit price, rounded half-up to the pesewa (quantities may be 0.001 kg)."""
    return round_money(quantity * unit_price)


def compute_taxes(
    quantity: Decimal, unit_price: Decimal, mode: str, rates: Sequence[TaxRate]
) -> LineTaxes:
    """Net, taxes and gross of ``quantity`` at ``unit_price`` (inclusive or exclusive)."""
    if mode not in PRICE_MODES:
        raise UsageError(f"price mode {mode!r} must be inclusive or exclusive")
    amount = line_amount(quantity, unit_price)
    return tax_inclusive(amount, rates) if mode == "inclusive" else tax_exclusive(amount, rates)


def sum_taxes(lines: Sequence[LineTaxes]) -> dict[str, Decimal]:
    """Per tax code, the sum of the lines' rounded taxes (codes in first-seen order)."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        for code, amount in line.taxes:
            totals[code] = totals.get(code, Decimal("0.00")) + amount
    return totals
