"""How a sale is paid (pure): tenders, change, and what each tender contributes.

Rules: every amount is positive; card, mobile money, on-account and deposit amounts may not
exceed what is due (no change is given on them); the tenders together must cover the total;
change comes only out of cash. On account needs a customer. No tender given means the exact
total in cash.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import format_money

NEEDS_CUSTOMER = ("account", "deposit")


@dataclass(frozen=True)
class Tendered:
    """One tender of a sale: ``amount`` applied to the sale, ``tendered`` handed over."""

    tender: str
    amount: Decimal
    tendered: Decimal


def settle(
    gross: Decimal,
    payments: Sequence[tuple[str, Decimal]],
    *,
    has_customer: bool,
    tenders: Collection[str],
    where: str = "",
) -> tuple[list[Tendered], Decimal]:
    """The applied tenders and the change for a sale of ``gross``."""
    at = f"{where}: " if where else ""
    if not payments:
        return [Tendered("cash", gross, gross)], Decimal("0.00")
    merged: dict[str, Decimal] = {}
    for tender, amount in payments:
        if tender not in tenders:
            raise UsageError(
                f"{at}payment tender {tender!r} is not one of {', '.join(sorted(tenders))}"
            )
        if amount <= 0:
            raise UsageError(f"{at}payment {tender}={amount}: the amount must be positive")
        if tender in NEEDS_CUSTOMER and not has_customer:
            raise UsageError(f"{at}payment {tender!r} needs a customer; pass --customer CODE")
        merged[tender] = merged.get(tender, Decimal("0.00")) + amount
    cash = merged.get("cash", Decimal("0.00"))
    other = sum((a for t, a in merged.items() if t != "cash"), Decimal("0.00"))
    if other > gross:
        raise UsageError(
            f"{at}non-cash payments {format_money(other)} exceed the total "
            f"{format_money(gross)}; change is given in cash only"
        )
    if cash + other < gross:
        raise UsageError(
            f"{at}payments {format_money(cash + other)} do not cover the total "
            f"{format_money(gross)}; pay the rest or put it on account "
            f"(--pay account={format_money(gross - cash - other)} --customer CODE)"
        )
    change = cash + other - gross
    applied = [Tendered(t, a - change if t == "cash" else a, a) for t, a in merged.items()]
    return applied, change
