"""Hold, reactivate, complete and cancel a lay-by (inside a Work).

- hold / reactivate: ACTIVE <-> ON_HOLD (the daily automation skips lay-bys on hold);
- complete: only at zero balance; records the pos sale paid from the lay-by deposits
  (consuming the stock reservations), settles the fees and releases the items (who, when);
- cancel: by the customer or the business, from ACTIVE, ON_HOLD or DEFAULTED; the fee and
  refund follow the lay-by's rules and jurisdiction profile (``domain.settle_cancellation``);
  the refund goes back to the tenders that paid, and the goods go back to stock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.core.money import format_money
from ledgerctl.layby import accounting, domain, payments, store
from ledgerctl.layby.config import ruleset_of
from ledgerctl.layby.tables import (
    ACTIVE,
    CANCELLED,
    COMPLETED,
    DEFAULTED,
    ON_HOLD,
    Layby,
    LaybyItem,
)
from ledgerctl.pos.api import (
    LineDraft,
    PaymentDraft,
    SaleDraft,
    record_sale,
    refuse_closed,
    release_reservations,
)
from ledgerctl.tenancy.api import Branch, Party
from ledgerctl.work import Work, use_case

MANAGE = "layby.manage"


def hold(work: Work, number: str, reason: str, day: date) -> Layby:
    """Pause an ACTIVE lay-by: no reminders, fees or default while on hold."""
    plan = store.load(work, number)
    store.refuse_closed(plan, "put on hold")
    if plan.status == ON_HOLD:
        raise Conflict(f"lay-by {number} is already on hold since {plan.on_hold_since}")
    if not reason.strip():
        raise UsageError("putting a lay-by on hold needs a reason; pass --reason TEXT")
    before = store.summary(plan)
    plan.status, plan.on_hold_since, plan.hold_reason = ON_HOLD, day, reason.strip()
    plan.updated_at = utcnow()
    work.session.add(plan)
    work.audit("layby.hold", "layby", number, before, {**store.summary(plan), "reason": reason})
    return plan


def reactivate(work: Work, number: str) -> Layby:
    """Resume a lay-by that is on hold."""
    plan = store.load(work, number)
    store.refuse_closed(plan, "reactivated")
    if plan.status != ON_HOLD:
        raise Conflict(f"lay-by {number} is {plan.status}, not on hold; nothing to reactivate")
    before = store.summary(plan)
    plan.status, plan.on_hold_since, plan.hold_reason = ACTIVE, None, ""
    plan.updated_at = utcnow()
    work.session.add(plan)
    work.audit("layby.reactivate", "layby", number, before, store.summary(plan))
    return plan


def _sale_draft(work: Work, plan: Layby, items: list[LaybyItem], day: date) -> SaleDraft:
    branch = work.session.get(Branch, plan.branch_id)
    party = work.session.get(Party, plan.customer_id)
    assert branch is not None and party is not None
    return SaleDraft(
        day,
        tuple(LineDraft(i.sku, i.quantity, i.unit_price) for i in items),
        (PaymentDraft("deposit", plan.total_amount),),
        branch=branch.code,
        customer=party.code,
        price_mode="inclusive",
        reservations=tuple(i.reservation_id for i in items if i.reservation_id),
        source="layby",
        origin=f"lay-by {plan.number}",
    )


def _release(plan: Layby, work: Work) -> None:
    plan.items_released, plan.items_released_at = True, utcnow()
    plan.items_released_by = work.actor.name


def complete(work: Work, number: str, day: date) -> Layby:
    """Complete a fully paid lay-by: the sale is recorded in pos and the items released."""
    plan = store.load(work, number)
    store.refuse_closed(plan, "completed")
    if plan.balance != 0:
        raise Conflict(
            f"lay-by {number} still has a balance of {format_money(plan.balance)}; "
            f"take the payment first (`ledgerctl layby pay {number} "
            f"{plan.balance}`)"
        )
    before = store.summary(plan)
    sale = record_sale(work, _sale_draft(work, plan, store.items(work, plan), day))
    if sale.gross != plan.total_amount:
        raise Conflict(
            f"lay-by {number}: the sale came to {format_money(sale.gross)}, not "
            f"the lay-by total {format_money(plan.total_amount)}; nothing was done"
        )
    accounting.post_fee_settlement(work, day, number, plan.total_fees)
    plan.status, plan.completed_on, plan.sale_number = COMPLETED, day, sale.number
    _release(plan, work)
    store.close_instalments(work, plan)
    plan.updated_at = utcnow()
    work.session.add(plan)
    work.audit(
        "layby.complete",
        "layby",
        number,
        before,
        {
            **store.summary(plan),
            "sale": sale.number,
            "date": day,
            "items_released_by": work.actor.name,
        },
    )
    return plan


def _terms(work: Work, plan: Layby, by: str, circumstance: str | None) -> domain.CancelTerms:
    ruleset, _ = ruleset_of(work, plan.rule_version_id)
    grace = ruleset.rules.fees.cancellation_grace_hours
    within = grace > 0 and utcnow() - plan.created_at <= timedelta(hours=grace)
    p = ruleset.profile
    return domain.CancelTerms(
        total=plan.total_amount,
        paid=plan.total_paid,
        fees_charged=plan.total_fees,
        by=by,
        fee_percent=ruleset.rules.fees.cancellation_percent,
        within_grace=within,
        fee_disclosed=plan.fee_disclosed,
        cap_percent=p.fee_cap_percent_of_price,
        cap_amount=p.fee_cap_amount,
        requires_disclosure=p.fee_requires_disclosure,
        waived_for=tuple(p.fee_waived_for),
        circumstance=circumstance,
        keep_charged_fees=p.keep_charged_fees,
    )


def cancel(
    work: Work, number: str, reason: str, by: str, day: date, circumstance: str | None = None
) -> tuple[Layby, domain.Settlement]:
    """Cancel: fee per policy, refund the rest to the tenders that paid, goods back."""
    if not reason.strip():
        raise UsageError("a cancellation needs a reason; pass --reason TEXT")
    if circumstance is not None and circumstance not in ("death", "hospitalisation"):
        raise UsageError(f"--circumstance {circumstance!r} must be death or hospitalisation")
    plan = store.load(work, number)
    if plan.status in (CANCELLED, COMPLETED):
        store.refuse_closed(plan, "cancelled")
    settlement = domain.settle_cancellation(_terms(work, plan, by, circumstance))
    rows = store.payments(work, plan)
    refunds = domain.split_refund(settlement.refund, store.net_by_method(rows))
    refuse_closed(work, [(day, "")])
    before = store.summary(plan)
    entry = accounting.post_cancellation(
        work,
        day,
        number,
        waived=settlement.fees_waived,
        kept=settlement.fees_kept,
        fee=settlement.fee,
        refunds=refunds,
    )
    receipts = [
        payments.add_row(
            work, plan, "cancellation", amount, method, day, entry, notes=reason.strip()
        ).receipt_number
        for method, amount in refunds.items()
    ]
    if plan.status != DEFAULTED:
        ids = [i.reservation_id for i in store.items(work, plan) if i.reservation_id]
        release_reservations(work, ids, number)
    plan.status, plan.cancelled_on, plan.cancelled_by_party = CANCELLED, day, by
    plan.cancel_reason, plan.cancellation_fee = reason.strip(), settlement.fee
    plan.fees_kept, plan.refunded, plan.balance = (
        settlement.fees_kept,
        settlement.refund,
        domain.ZERO,
    )
    store.close_instalments(work, plan)
    plan.updated_at = utcnow()
    work.session.add(plan)
    work.audit(
        "layby.cancel",
        "layby",
        number,
        before,
        {
            **store.summary(plan),
            "by": by,
            "reason": reason,
            "fee": settlement.fee,
            "fee_reason": settlement.fee_reason,
            "fees_kept": settlement.fees_kept,
            "fees_waived": settlement.fees_waived,
            "refund": settlement.refund,
            "refunds": {m: str(a) for m, a in refunds.items()},
            "receipts": receipts,
        },
    )
    return plan, settlement


@dataclass(frozen=True)
class LaybyCompleted:
    """A completed lay-by: the pos sale that sold the goods, who released them."""

    number: str
    status: str
    sale: str
    released_by: str


@dataclass(frozen=True)
class LaybyCancelled:
    """A cancelled lay-by: the fee per policy, fees kept or waived, the refund."""

    number: str
    status: str
    fee: Decimal
    fee_reason: str
    fees_kept: Decimal
    fees_waived: Decimal
    refund: Decimal


@dataclass(frozen=True)
class Cancellation:
    """``layby cancel``: which lay-by, why, by whom (customer or business), when."""

    number: str
    reason: str
    by: str
    day: date
    circumstance: str | None = None


@use_case(MANAGE)
def hold_layby(work: Work, number: str, reason: str, day: date) -> store.LaybyState:
    """``layby hold``."""
    return store.state(hold(work, number, reason, day))


@use_case(MANAGE)
def reactivate_layby(work: Work, number: str) -> store.LaybyState:
    """``layby reactivate``."""
    return store.state(reactivate(work, number))


@use_case(MANAGE)
def complete_layby(work: Work, number: str, day: date) -> LaybyCompleted:
    """``layby complete``."""
    plan = complete(work, number, day)
    return LaybyCompleted(
        plan.number, plan.status, plan.sale_number or "", plan.items_released_by or ""
    )


@use_case(MANAGE)
def cancel_layby(work: Work, c: Cancellation) -> LaybyCancelled:
    """``layby cancel``."""
    plan, s = cancel(work, c.number, c.reason, c.by, c.day, c.circumstance)
    return LaybyCancelled(
        plan.number, plan.status, s.fee, s.fee_reason, s.fees_kept, s.fees_waived, s.refund
    )
