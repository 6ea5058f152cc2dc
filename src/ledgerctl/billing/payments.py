"""Payments: recorded by a biller with the client's manual receipt/invoice number, posted
Dr cash or bank / Cr receivable, optionally allocated to issued statements (the rest stays as
credit on account), and verified by a reviewer who did not record them.

Allocations lock the statement and payment rows (Postgres ``FOR UPDATE``) and never exceed
the payment's unallocated amount or a statement's open amount; a statement whose open amount
reaches zero becomes settled.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from ledgerctl.billing.charges import check_text
from ledgerctl.billing.domain import parse_allocations
from ledgerctl.billing.issuing import require_accounts
from ledgerctl.billing.lookup import client_codes, load_client, load_payment, load_statement, row_id
from ledgerctl.billing.lookup import rules as billing_rules
from ledgerctl.billing.periods import require_open
from ledgerctl.billing.tables import Allocation, Payment, Statement
from ledgerctl.core.clock import period_of, utcnow
from ledgerctl.core.errors import Conflict, PermissionDenied, UsageError
from ledgerctl.core.money import parse_amount
from ledgerctl.ledger.api import post
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class PaymentRow:
    """A payment as listings show it."""

    id: int
    date: date
    client: str
    invoice_no: str
    method: str
    amount: Decimal
    allocated: Decimal
    unallocated: Decimal
    recorded_by: str
    verified_by: str
    journal_entry: str


@dataclass(frozen=True)
class AllocationDone:
    """Part of a payment applied to a statement, and the statement's status after it."""

    statement: str
    amount: Decimal
    status: str


@dataclass(frozen=True)
class PaymentAllocated(PaymentRow):
    """A payment after recording or allocating, with the allocations just made."""

    allocations: tuple[AllocationDone, ...] = ()


@dataclass(frozen=True)
class AllocationRow:
    """An allocation of a payment (active or released)."""

    statement: str
    amount: Decimal
    on: date
    status: str


@dataclass(frozen=True)
class PaymentDetail(PaymentRow):
    """`billing payment show`: a payment, its reference and all its allocations."""

    reference: str = ""
    allocations: tuple[AllocationRow, ...] = ()


R = TypeVar("R", bound=PaymentRow)


def _build(cls: type[R], p: Payment, code: str, **extra: Any) -> R:
    assert p.id is not None
    return cls(
        id=p.id,
        date=p.payment_date,
        client=code,
        invoice_no=p.invoice_no,
        method=p.method,
        amount=p.amount,
        allocated=p.allocated,
        unallocated=p.amount - p.allocated,
        recorded_by=p.recorded_by,
        verified_by=p.verified_by or "",
        journal_entry=p.journal_entry,
        **extra,
    )


def payment_row(p: Payment, code: str) -> dict[str, object]:
    """The payment as its audit rows record it."""
    return asdict(_build(PaymentRow, p, code))


def _allocated(payment: Payment, code: str, done: list[AllocationDone]) -> PaymentAllocated:
    return _build(PaymentAllocated, payment, code, allocations=tuple(done))


def _target(work: Work, payment: Payment, number: str, amount: Decimal) -> Statement:
    statement = load_statement(work, number, lock=True)
    if statement.client_id != payment.client_id:
        raise UsageError(
            f"--allocate {number}: that statement belongs to another client; "
            "allocate to this client's statements only"
        )
    if statement.status in ("draft", "void"):
        raise Conflict(
            f"--allocate {number}: statement is {statement.status}; payments can "
            "only be allocated to issued statements"
        )
    open_amount = statement.total - statement.paid
    if amount > open_amount:
        raise Conflict(
            f"--allocate {number}={amount}: only {open_amount} of the statement is "
            "open; allocate at most that (the rest stays as credit on account)"
        )
    return statement


def _apply(
    work: Work, payment: Payment, pairs: list[tuple[str, Decimal]], on: date
) -> list[AllocationDone]:
    """Allocate ``pairs`` (number, amount) of ``payment`` dated ``on``; all checked first."""
    targets = [(_target(work, payment, n, a), a) for n, a in pairs]
    done: list[AllocationDone] = []
    for statement, amount in targets:
        statement.paid += amount
        if statement.paid == statement.total:
            statement.status = "settled"
        payment.allocated += amount
        work.session.add(
            Allocation(
                tenant_id=work.tenant_id,
                payment_id=row_id(payment),
                statement_id=row_id(statement),
                amount=amount,
                allocated_on=on,
                effective_on=max(on, statement.statement_date),
                created_by=work.actor.name,
            )
        )
        work.session.add(statement)
        done.append(AllocationDone(statement.number or "", amount, statement.status))
    work.session.add(payment)
    return done


def _check_invoice_no(work: Work, client_id: int, code: str, invoice_no: str) -> str:
    text = check_text(invoice_no, "--invoice-no", 64)
    clash = work.session.exec(
        select(Payment.id).where(
            Payment.tenant_id == work.tenant_id,
            Payment.client_id == client_id,
            Payment.invoice_no == text,
        )
    ).first()
    if clash is not None:
        raise Conflict(
            f"--invoice-no {text!r} is already used by payment {clash} of client "
            f"{code!r}; each receipt number is recorded once per client"
        )
    return text


@use_case("billing.payment")
def record_payment(
    work: Work,
    code: str,
    amount_text: str,
    on: date,
    method: str,
    invoice_no: str,
    reference: str,
    allocations: list[str],
) -> PaymentAllocated:
    """Record, post and optionally allocate one payment."""
    rules = billing_rules(work)
    client, party = load_client(work, code)
    amount = parse_amount(amount_text, client.currency, field="--amount")
    if amount <= 0:
        raise UsageError(f"--amount {amount_text}: a payment must be more than zero")
    account = rules.method_account(method)
    number = _check_invoice_no(work, client.id, party.code, invoice_no)  # type: ignore[arg-type]
    pairs = parse_allocations(allocations, client.currency, amount)
    require_open(work, [period_of(on)], "a payment")
    require_accounts(
        work,
        {f"payment_methods.{method}": account, "accounts.receivable": rules.accounts.receivable},
    )
    entry = post(
        work,
        on,
        f"Payment {number} from {party.name}",
        [
            (account, amount, client.currency, method),
            (rules.accounts.receivable, -amount, client.currency, party.code),
        ],
        source="billing",
        reference=number,
    )
    payment = Payment(
        tenant_id=work.tenant_id,
        client_id=row_id(client),
        payment_date=on,
        amount=amount,
        currency=client.currency,
        method=method,
        invoice_no=number,
        reference=reference.strip()[:200],
        journal_entry=entry.number,
        recorded_by=work.actor.name,
    )
    work.session.add(payment)
    code = party.code  # read now: after a failed flush the session cannot load it
    try:
        work.session.flush()
    except IntegrityError:  # recorded by a concurrent command since the check above
        raise Conflict(
            f"--invoice-no {number!r} was just recorded for client {code!r} "
            "by another command; each receipt number is recorded once per client"
        ) from None
    done = _apply(work, payment, pairs, on)
    row = payment_row(payment, party.code)
    work.audit(
        "billing.payment_record",
        "billing_payment",
        payment.id,
        None,
        {**row, "allocations": [asdict(d) for d in done]},
    )
    return _allocated(payment, party.code, done)


@use_case("billing.payment")
def allocate_payment(
    work: Work, payment_id: int, allocations: list[str], on: date
) -> PaymentAllocated:
    """Allocate more of a payment's unallocated credit (dated ``on``)."""
    payment = load_payment(work, payment_id, lock=True)
    if not allocations:
        raise UsageError("give at least one --allocate NUMBER=AMOUNT")
    if on < payment.payment_date:
        raise UsageError(f"--date {on} is before the payment date {payment.payment_date}")
    pairs = parse_allocations(allocations, payment.currency, payment.amount - payment.allocated)
    require_open(work, [period_of(on)], "an allocation")
    done = _apply(work, payment, pairs, on)
    code = client_codes(work, {payment.client_id})[payment.client_id][0]
    work.audit(
        "billing.payment_allocate",
        "billing_payment",
        payment.id,
        None,
        {"on": on, "allocations": [asdict(d) for d in done]},
    )
    return _allocated(payment, code, done)


@use_case("billing.verify")
def verify_payment(work: Work, payment_id: int) -> PaymentRow:
    """Mark a payment verified; the reviewer must not be the one who recorded it (exit 7)."""
    payment = load_payment(work, payment_id, lock=True)
    if payment.verified_by:
        raise Conflict(f"payment {payment_id} was already verified by {payment.verified_by}")
    if payment.recorded_by == work.actor.name:
        raise PermissionDenied(
            f"payment {payment_id} was recorded by you "
            f"({work.actor.name}); another reviewer must verify it"
        )
    payment.verified_by, payment.verified_at = work.actor.name, utcnow()
    work.session.add(payment)
    work.audit(
        "billing.payment_verify",
        "billing_payment",
        payment.id,
        {"verified_by": None},
        {"verified_by": work.actor.name},
    )
    code = client_codes(work, {payment.client_id})[payment.client_id][0]
    return _build(PaymentRow, payment, code)


@use_case("billing.read", write=False)
def list_payments(work: Work, code: str | None, unverified: bool) -> list[PaymentRow]:
    """Payments, oldest first; ``unverified`` keeps those awaiting verification."""
    query = select(Payment).where(Payment.tenant_id == work.tenant_id)
    if code:
        client, _ = load_client(work, code)
        query = query.where(Payment.client_id == client.id)
    if unverified:
        query = query.where(col(Payment.verified_by).is_(None))
    rows = work.session.exec(query.order_by(col(Payment.payment_date), col(Payment.id))).all()
    names = client_codes(work, {p.client_id for p in rows})
    return [_build(PaymentRow, p, names[p.client_id][0]) for p in rows]


@use_case("billing.read", write=False)
def show_payment(work: Work, payment_id: int) -> PaymentDetail:
    """A payment with its allocations (active and released)."""
    payment = load_payment(work, payment_id)
    rows = work.session.exec(
        select(Allocation, Statement.number)
        .join(Statement, col(Statement.id) == Allocation.statement_id)
        .where(Allocation.tenant_id == work.tenant_id, Allocation.payment_id == payment.id)
        .order_by(col(Allocation.id))
    ).all()
    code = client_codes(work, {payment.client_id})[payment.client_id][0]
    return _build(
        PaymentDetail,
        payment,
        code,
        reference=payment.reference,
        allocations=tuple(
            AllocationRow(number or "", a.amount, a.allocated_on, a.status) for a, number in rows
        ),
    )
