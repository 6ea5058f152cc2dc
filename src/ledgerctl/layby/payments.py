"""Money in and out of a lay-by (inside a Work): payments with a receipt number from a
gapless sequence, refunds of a payment to the same tender, each posted to the ledger.

A payment may not exceed the balance; a payment is refunded at most once and a refund is
never refunded; the deposit comes back only through a cancellation. After each change the
payments are re-applied to the instalments (oldest first) and the balance recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import select

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.core.money import format_money
from ledgerctl.layby import accounting, domain, store
from ledgerctl.layby.tables import Layby, Payment
from ledgerctl.pos.api import refuse_closed
from ledgerctl.sequences.api import allocate
from ledgerctl.work import Work, use_case

RECEIPT_SEQUENCE, RECEIPT_PATTERN = "layby.receipt", "LBR-{year}-{n:06d}"


@dataclass(frozen=True)
class PaymentDraft:
    """``layby pay``: what is paid towards which lay-by, how and when."""

    number: str
    amount: Decimal
    method: str
    day: date
    reference: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PaymentTaken:
    """A payment taken: its receipt, the lay-by after it, and whether it completed it."""

    receipt: str
    number: str
    status: str
    total: Decimal
    fees: Decimal
    paid: Decimal
    balance: Decimal
    completed: bool


@dataclass(frozen=True)
class PaymentRefunded:
    """A payment given back: the refund's receipt, amount and tender, the lay-by after it."""

    receipt: str
    amount: Decimal
    method: str
    number: str
    status: str
    balance: Decimal


def receipt_number(work: Work, day: date) -> str:
    return allocate(work, RECEIPT_SEQUENCE, pattern=RECEIPT_PATTERN, reset="yearly", on=day)


def add_row(
    work: Work,
    plan: Layby,
    kind: str,
    amount: Decimal,
    method: str,
    day: date,
    entry: str | None,
    *,
    reference: str = "",
    notes: str = "",
    refund_of: Payment | None = None,
) -> Payment:
    """Store a payment (or refund, for kinds refund and cancellation) with a new receipt
    number and update the lay-by's total paid; the ledger entry was posted by the caller."""
    is_refund = kind in ("refund", "cancellation")
    row = Payment(
        tenant_id=work.tenant_id,
        layby_id=plan.id,  # type: ignore[arg-type]
        receipt_number=receipt_number(work, day),
        kind=kind,
        amount=amount,
        method=method,
        reference=reference,
        paid_on=day,
        processed_by=work.actor.name,
        notes=notes,
        is_refund=is_refund,
        refunded_payment_id=refund_of.id if refund_of else None,
        entry_number=entry,
    )
    work.session.add(row)
    work.session.flush()
    plan.total_paid += -amount if is_refund else amount
    return row


def record(
    work: Work,
    plan: Layby,
    kind: str,
    amount: Decimal,
    method: str,
    day: date,
    *,
    reference: str = "",
    notes: str = "",
    refund_of: Payment | None = None,
) -> Payment:
    """A payment (or refund) with its own ledger entry; the caller re-applies the payments
    to the instalments."""
    row = add_row(
        work,
        plan,
        kind,
        amount,
        method,
        day,
        None,
        reference=reference,
        notes=notes,
        refund_of=refund_of,
    )
    row.entry_number = accounting.post_payment(
        work, day, plan.number, row.receipt_number, method, amount, refund=row.is_refund
    )
    work.session.add(row)
    return row


def pay(
    work: Work,
    number: str,
    amount: Decimal,
    method: str,
    day: date,
    *,
    reference: str = "",
    notes: str = "",
) -> tuple[Layby, Payment]:
    """``layby pay``: a payment towards the balance (exit 4 beyond it or on a closed lay-by)."""
    domain.check_amount(amount)
    accounting.check_method(work, method)
    plan = store.load(work, number)
    store.refuse_closed(plan, "paid")
    if amount > plan.balance:
        raise Conflict(
            f"payment {format_money(amount)} is more than the balance of lay-by "
            f"{number} ({format_money(plan.balance)}); take at most the balance"
        )
    refuse_closed(work, [(day, "")])
    before = store.summary(plan)
    payment = record(
        work, plan, "instalment", amount, method, day, reference=reference, notes=notes
    )
    store.reapply(work, plan)
    work.audit(
        "layby.pay",
        "layby",
        number,
        before,
        {
            **store.summary(plan),
            "receipt": payment.receipt_number,
            "amount": amount,
            "method": method,
            "date": day,
        },
    )
    return plan, payment


def _payment(work: Work, receipt: str) -> Payment:
    row = work.session.exec(
        select(Payment).where(
            Payment.tenant_id == work.tenant_id, Payment.receipt_number == receipt
        )
    ).first()
    if row is None:
        raise NotFound(
            f"lay-by payment {receipt} not found; see `ledgerctl layby show "
            "NUMBER` for its receipts"
        )
    return row


def refund(work: Work, receipt: str, day: date, reason: str) -> tuple[Layby, Payment]:
    """``layby refund``: give one payment back to the tender that paid it."""
    original = _payment(work, receipt)
    if original.is_refund:
        raise Conflict(f"{receipt} is itself a refund; a refund cannot be refunded")
    plan = work.session.get(Layby, original.layby_id)
    assert plan is not None
    plan = store.load(work, plan.number)
    store.refuse_closed(plan, "refunded")
    done = work.session.exec(
        select(Payment.receipt_number).where(
            Payment.tenant_id == work.tenant_id, Payment.refunded_payment_id == original.id
        )
    ).first()
    if done is not None:
        raise Conflict(f"payment {receipt} was already refunded by {done}")
    if original.kind == "deposit":
        raise Conflict(
            f"{receipt} is the deposit of lay-by {plan.number}; the deposit comes "
            f"back only by cancelling: `ledgerctl layby cancel {plan.number} "
            "--reason ...`"
        )
    if not reason.strip():
        raise UsageError("a refund needs a reason; pass --reason TEXT")
    refuse_closed(work, [(day, "")])
    before = store.summary(plan)
    row = record(
        work,
        plan,
        "refund",
        original.amount,
        original.method,
        day,
        notes=reason.strip(),
        refund_of=original,
    )
    store.reapply(work, plan)
    work.audit(
        "layby.refund",
        "layby",
        plan.number,
        before,
        {
            **store.summary(plan),
            "receipt": row.receipt_number,
            "refunds": receipt,
            "amount": original.amount,
            "method": original.method,
            "reason": reason,
        },
    )
    return plan, row


@use_case("layby.pay")
def pay_layby(work: Work, draft: PaymentDraft) -> PaymentTaken:
    """``layby pay``; a lay-by whose rules say ``auto_complete`` completes at zero balance."""
    from ledgerctl.layby import lifecycle
    from ledgerctl.layby.config import ruleset_of

    plan, payment = pay(
        work,
        draft.number,
        draft.amount,
        draft.method,
        draft.day,
        reference=draft.reference,
        notes=draft.notes,
    )
    ruleset, _ = ruleset_of(work, plan.rule_version_id)
    completed = plan.balance == 0 and ruleset.rules.auto_complete
    if completed:
        lifecycle.complete(work, draft.number, draft.day)
    s = store.state(plan)
    return PaymentTaken(
        payment.receipt_number, s.number, s.status, s.total, s.fees, s.paid, s.balance, completed
    )


@use_case("layby.manage")
def refund_payment(work: Work, receipt: str, day: date, reason: str) -> PaymentRefunded:
    """``layby refund``: one payment back to the tender that paid it."""
    plan, row = refund(work, receipt, day, reason)
    return PaymentRefunded(
        row.receipt_number, row.amount, row.method, plan.number, plan.status, plan.balance
    )
