"""The inputs of recording sales (drafts) and what a batch recorded.

A ``SaleDraft`` is what ``pos sale record``, ``pos sale import`` and other groups (a lay-by
completed is a sale) hand to ``ledgerctl.pos.sales.record_sale`` / ``record_sales``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ledgerctl.pos.pricing import PreparedSale


@dataclass(frozen=True)
class LineDraft:
    """A line to sell: ``unit_price`` None takes the catalog price for the sale's kind."""

    sku: str
    quantity: Decimal
    unit_price: Decimal | None = None
    origin: str = ""  # where the line came from, for error messages (sales.csv:13)


@dataclass(frozen=True)
class PaymentDraft:
    """An amount handed over in one tender (cash, card, momo, account, deposit)."""

    tender: str
    amount: Decimal


@dataclass(frozen=True)
class SaleDraft:
    """A sale before it is recorded. ``branch`` None: the actor's (or tenant's) only branch.
    ``price_mode`` None: the tax profile's convention for the kind. ``till_receipt``: the
    till's own receipt id (a second import of the same receipt is skipped). ``origin``:
    where it came from, for error messages (``sales.csv:12``)."""

    sale_date: date
    lines: tuple[LineDraft, ...]
    payments: tuple[PaymentDraft, ...] = ()
    branch: str | None = None
    kind: str = "retail"
    customer: str | None = None
    price_mode: str | None = None
    till_receipt: str | None = None
    reservations: tuple[int, ...] = ()
    source: str = "record"
    origin: str = ""


@dataclass
class Recorded:
    """What recording a batch did: the sales (with duplicates skipped) and the posting."""

    sales: list[PreparedSale] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (till receipt, number)
    posting_status: str = ""
    posting_error: str = ""
