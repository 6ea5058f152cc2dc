"""Customers on account (inside a Work): customers, payments received, balance, statement
and aging (30/60/90/120 days).

A receivable arises when a sale is paid ``account``; a return refunded to ``account`` and a
payment received (``pos ar pay``) reduce it. Payments post Dr cash/bank/momo, Cr receivables.
A branch-scoped actor sees the documents of their branches only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import select

from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.core.money import format_money
from ledgerctl.pos import entries
from ledgerctl.pos.lookup import customer, default_site
from ledgerctl.pos.periods import refuse_closed
from ledgerctl.pos.posting import DocRef, build, post_documents
from ledgerctl.pos.rules import account_map
from ledgerctl.pos.tables import CustomerPayment, Return, ReturnRefund, Sale, SalePayment
from ledgerctl.sequences.api import allocate
from ledgerctl.tenancy.api import Party, branch_scope
from ledgerctl.work import Work, use_case

ZERO = Decimal("0.00")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Item:
    """One movement on a customer's account: debit (+) or credit (-)."""

    day: date
    number: str
    kind: str  # sale | return | payment
    amount: Decimal
    customer_id: int
    branch_id: int
    sale_id: int | None = None


@dataclass(frozen=True)
class CustomerAdded:
    code: str
    name: str


@dataclass(frozen=True)
class PaymentReceived:
    """A payment received on account and what the customer still owes."""

    number: str
    customer: str
    amount: Decimal
    balance: Decimal


@use_case("pos.ar")
def add_customer(work: Work, code: str, name: str, **fields: str) -> CustomerAdded:
    """A new customer (a shared party of kind customer); exit 4 if the code exists."""
    if not _CODE.match(code):
        raise UsageError(f"customer code {code!r} must be letters, digits, '.', '_' or '-'")
    if not name.strip():
        raise UsageError("customer name must not be empty; pass --name")
    if work.session.exec(
        select(Party).where(Party.tenant_id == work.tenant_id, Party.code == code)
    ).first():
        raise Conflict(f"customer {code} already exists; see `ledgerctl pos customer list`")
    party = Party(
        tenant_id=work.tenant_id,
        code=code,
        name=name.strip(),
        kind="customer",
        currency=work.tenant.base_currency,
        **fields,  # type: ignore[arg-type]
    )
    work.session.add(party)
    work.session.flush()
    work.audit("pos.customer.add", "party", code, None, {"code": code, "name": name, **fields})
    return CustomerAdded(party.code, party.name)


def _items(work: Work, customer_id: int | None = None, scoped: bool = True) -> list[Item]:
    t = work.tenant_id
    sales = (
        select(  # type: ignore[call-overload]
            Sale.sale_date,
            Sale.number,
            SalePayment.amount,
            Sale.customer_id,
            Sale.branch_id,
            Sale.id,
        )
        .join(Sale, Sale.id == SalePayment.sale_id)
        .where(SalePayment.tenant_id == t, SalePayment.tender == "account")
    )
    rets = (
        select(  # type: ignore[call-overload]
            Return.return_date,
            Return.number,
            ReturnRefund.amount,
            Sale.customer_id,
            Return.branch_id,
            Return.sale_id,
        )
        .join(Return, Return.id == ReturnRefund.return_id)
        .join(Sale, Sale.id == Return.sale_id)
        .where(ReturnRefund.tenant_id == t, ReturnRefund.tender == "account")
    )
    pays = select(  # type: ignore[call-overload]
        CustomerPayment.paid_on,
        CustomerPayment.number,
        CustomerPayment.amount,
        CustomerPayment.customer_id,
        CustomerPayment.branch_id,
    ).where(CustomerPayment.tenant_id == t)
    if customer_id is not None:
        sales = sales.where(Sale.customer_id == customer_id)
        rets = rets.where(Sale.customer_id == customer_id)
        pays = pays.where(CustomerPayment.customer_id == customer_id)
    items = [Item(d, n, "sale", a, c, b, s) for d, n, a, c, b, s in work.session.exec(sales)]
    items += [Item(d, n, "return", -a, c, b, s) for d, n, a, c, b, s in work.session.exec(rets)]
    items += [Item(d, n, "payment", -a, c, b) for d, n, a, c, b in work.session.exec(pays)]
    scope = branch_scope(work) if scoped else None
    return sorted(
        (i for i in items if scope is None or i.branch_id in scope), key=lambda i: (i.day, i.number)
    )


def balance_of(work: Work, customer_id: int) -> Decimal:
    """What the customer owes, over every branch."""
    return sum((i.amount for i in _items(work, customer_id, scoped=False)), ZERO)


@use_case("pos.ar")
def receive_payment(
    work: Work,
    code: str,
    amount: Decimal,
    tender: str,
    day: date,
    *,
    branch: str | None = None,
    reference: str = "",
) -> PaymentReceived:
    """Money from a customer against their account (exit 4 beyond what they owe)."""
    party = customer(work, code)
    amap = account_map(work.ctx.home)
    if tender in ("account", "deposit") or tender not in amap.tenders:
        raise UsageError(
            f"--tender {tender!r} must be one of "
            f"{', '.join(t for t in amap.tenders if t not in ('account', 'deposit'))}"
        )
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise UsageError(f"payment amount {amount} must be positive with at most 2 decimals")
    owed = balance_of(work, party.id)  # type: ignore[arg-type]
    if amount > owed:
        raise Conflict(
            f"payment {format_money(amount)} is more than {code} owes "
            f"({format_money(owed)}); take a lay-by deposit instead of an advance"
        )
    where = default_site(work, branch)
    refuse_closed(work, [(day, "")])
    number = allocate(
        work,
        f"pos.receipt.{where.code}",
        on=day,
        reset="yearly",
        pattern=f"{where.code}-RCT-{{year}}-{{n:05d}}",
    )
    payment = CustomerPayment(
        tenant_id=work.tenant_id,
        number=number,
        branch_id=where.branch.id,  # type: ignore[arg-type]
        customer_id=party.id,  # type: ignore[arg-type]
        paid_on=day,
        tender=tender,
        amount=amount,
        reference=reference,
        created_by=work.actor.name,
    )
    work.session.add(payment)
    work.session.flush()
    entry = build(
        lambda: entries.payment_entry(
            amap, day=day, number=number, customer=code, tender=tender, amount=amount
        )
    )
    post_documents(work, [DocRef("payment", payment.id, number, day)], [entry])  # type: ignore[arg-type]
    work.audit(
        "pos.ar.payment",
        "customer_payment",
        number,
        None,
        {
            "customer": code,
            "amount": amount,
            "tender": tender,
            "date": day,
            "branch": where.code,
            "reference": reference,
        },
    )
    return PaymentReceived(number, code, amount, balance_of(work, party.id))  # type: ignore[arg-type]
