"""Compatibility names for ``layby/demo.py`` (owned by the pos engineer this round): thin
ctx-level wrappers over the use cases, returning the dicts the demo reads. New code calls
the use cases themselves (``create.create_layby.run(ctx, ...)`` and so on).

Permissions (``rules/roles.yaml``), after the seed's four levels: read-only ``layby.read``;
standard ``layby.create`` + ``layby.pay``; manager ``layby.manage`` (complete, cancel, hold,
reactivate, refund, customer enable/disable); admin ``layby.admin`` (configuration, archive,
sending the outbox) and ``layby.automation`` (the daily job).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerctl.context import AppContext


def configure(
    ctx: AppContext, business_type: str | None, jurisdiction: str | None, branch: str | None
) -> dict[str, object]:
    from ledgerctl.layby.config import ConfigChange, change_config, read_config

    change = ConfigChange(business_type, jurisdiction, branch)
    found = change_config.run(ctx, change) if change.changes else read_config.run(ctx)
    return dataclasses.asdict(found)


def set_customers(
    ctx: AppContext, codes: list[str], allowed: bool, all_active: bool, note: str
) -> list[str]:
    from ledgerctl.layby.customers import CustomerChange
    from ledgerctl.layby.customers import set_customers as change

    return list(change.run(ctx, CustomerChange(tuple(codes), allowed, all_active, note)).codes)


def create(ctx: AppContext, request: Any) -> dict[str, Any]:
    """The new lay-by's record as ``{"layby": {...}, "items": [...], ...}``."""
    from ledgerctl.layby.create import create_layby
    from ledgerctl.layby.record import stored

    return stored(create_layby.run(ctx, request))


def pay(
    ctx: AppContext,
    number: str,
    amount: Decimal,
    method: str,
    day: date,
    reference: str,
    notes: str,
) -> dict[str, object]:
    from ledgerctl.layby.payments import PaymentDraft, pay_layby

    taken = pay_layby.run(ctx, PaymentDraft(number, amount, method, day, reference, notes))
    return dataclasses.asdict(taken)


def complete(ctx: AppContext, number: str, day: date) -> dict[str, object]:
    from ledgerctl.layby.lifecycle import complete_layby

    return dataclasses.asdict(complete_layby.run(ctx, number, day))


def cancel(
    ctx: AppContext, number: str, reason: str, by: str, day: date, circumstance: str | None
) -> dict[str, object]:
    from ledgerctl.layby.lifecycle import Cancellation, cancel_layby

    done = cancel_layby.run(ctx, Cancellation(number, reason, by, day, circumstance))
    return dataclasses.asdict(done)


def show(ctx: AppContext, number: str) -> dict[str, Any]:
    """The lay-by's record as ``{"layby": {...}, "instalments": [...], ...}``."""
    from ledgerctl.layby.record import stored
    from ledgerctl.layby.views import show_layby

    return stored(show_layby.run(ctx, number))


def check(ctx: AppContext) -> list[Any]:
    from ledgerctl.layby.integrity import check_laybys

    return check_laybys.run(ctx)
