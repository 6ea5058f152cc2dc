"""Options shared by the pos command modules, and the parsers of their item arguments.

``SKU=QTY`` / ``SKU=QTY@PRICE`` lines, ``TENDER=AMOUNT`` payments, signed adjustments
(``SKU=-3``). Errors name the option and show the expected form (exit 2). Standard library,
typer and ``ledgerctl.core`` only, so ``--help`` stays fast.
"""

from __future__ import annotations

from decimal import Decimal

import typer

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import parse_number

DATE_HELP = "YYYY-MM-DD"
BRANCH_OPTION = typer.Option(
    None, "--branch", "-b", help="Branch code (default: your branch, or the only one)."
)


def line(item: str, option: str = "--line") -> tuple[str, Decimal, Decimal | None]:
    """``SKU=QTY[@PRICE]`` -> (sku, quantity, price or None)."""
    sku, sep, rest = item.partition("=")
    if not sep or not sku.strip() or not rest.strip():
        raise UsageError(f"{option} {item!r}: write SKU=QTY or SKU=QTY@PRICE (e.g. RICE-5KG=2)")
    qty_text, at, price_text = rest.partition("@")
    qty = parse_number(qty_text, field=f"{option} {item!r}")
    price = parse_number(price_text, field=f"{option} {item!r}") if at else None
    return sku.strip(), qty, price


def tender(item: str, option: str = "--pay") -> tuple[str, Decimal]:
    """``TENDER=AMOUNT`` -> (tender, amount)."""
    name, sep, amount = item.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"{option} {item!r}: write TENDER=AMOUNT (e.g. cash=150.00)")
    return name.strip().lower(), parse_number(amount, field=f"{option} {item!r}")
