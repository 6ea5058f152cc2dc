"""Billing clients: a customer of the shared ``parties`` table plus billing details.

``add`` makes the customer if the code is new, or turns an existing customer (e.g. one the
shop already sells to) into a billing client. Listings show each client's current retainer
and balance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from ledgerctl.billing.accounts import load_accounts
from ledgerctl.billing.lookup import find_client, load_client, row_id
from ledgerctl.billing.retainers import RetainerRow, retainer_of
from ledgerctl.billing.tables import BillingClient, Retainer
from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.core.money import exponent, from_minor
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work, use_case

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ClientInput:
    """What `billing client add` was given (empty strings: not given)."""

    code: str
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    tax_id: str = ""
    contact_name: str = ""
    contact_email: str = ""
    currency: str = ""
    terms_days: int | None = None


def _check(data: ClientInput) -> None:
    if not CODE.match(data.code):
        raise UsageError(
            f"client code {data.code!r} is invalid; use up to 64 letters, digits, "
            "'.', '_' or '-' (e.g. ASANTE or CL-0042)"
        )
    for label, value in (("--email", data.email), ("--contact-email", data.contact_email)):
        if value and not EMAIL.match(value):
            raise UsageError(f"{label} {value!r} is not an e-mail address")
    if data.terms_days is not None and not 0 <= data.terms_days <= 365:
        raise UsageError(f"--terms-days {data.terms_days} must be between 0 and 365")
    if data.currency:
        _check_currency(data.currency)


def _check_currency(currency: str) -> None:
    if exponent(currency) > 2:
        raise UsageError(
            f"--currency {currency.upper()}: currencies with more than 2 decimal "
            "places are not supported by the ledger"
        )


def _party(work: Work, data: ClientInput) -> tuple[Party, bool]:
    party = work.session.exec(
        select(Party).where(Party.tenant_id == work.tenant_id, Party.code == data.code)
    ).first()
    if party is not None:
        if party.kind != "customer":
            raise Conflict(
                f"party {data.code!r} is a {party.kind}, not a customer; pick another client code"
            )
        return party, False
    if not data.name.strip():
        raise UsageError(f"client {data.code!r} is new: give its name with --name")
    party = Party(
        tenant_id=work.tenant_id,
        code=data.code,
        name=data.name.strip(),
        email=data.email,
        phone=data.phone,
        address=data.address,
        tax_id=data.tax_id,
        currency=(data.currency or work.tenant.base_currency).upper(),
    )
    work.session.add(party)
    work.session.flush()
    return party, True


@dataclass(frozen=True)
class ClientAdded:
    """A new billing client; ``new_customer`` when its customer was made too."""

    code: str
    name: str
    currency: str
    contact: str
    contact_email: str
    terms_days: int | None
    status: str
    new_customer: bool


@dataclass(frozen=True)
class ClientRow:
    """A billing client with its current retainer and balance."""

    code: str
    name: str
    currency: str
    contact: str
    contact_email: str
    terms_days: int | None
    status: str
    retainer: Decimal | None
    balance: Decimal


@dataclass(frozen=True)
class OpenStatement:
    """An issued statement not fully paid, and what is open of it."""

    statement: str
    open: Decimal


@dataclass(frozen=True)
class ClientDetail:
    """`billing client show`: details, balance, credit, open statements, retainers."""

    code: str
    name: str
    currency: str
    contact: str
    contact_email: str
    terms_days: int | None
    status: str
    email: str
    phone: str
    address: str
    tax_id: str
    balance: Decimal
    credit_on_account: Decimal
    open_statements: tuple[OpenStatement, ...]
    retainers: tuple[RetainerRow, ...]


def client_row(client: BillingClient, party: Party) -> dict[str, Any]:
    return {
        "code": party.code,
        "name": party.name,
        "currency": client.currency,
        "contact": client.contact_name,
        "contact_email": client.contact_email or party.email,
        "terms_days": client.terms_days,
        "status": client.status,
    }


@use_case("billing.client")
def add_client(work: Work, data: ClientInput) -> ClientAdded:
    """Make ``data.code`` a billing client (exit 4 if it is one already)."""
    _check(data)
    if find_client(work, data.code) is not None:
        raise Conflict(
            f"client {data.code!r} already exists; see `ledgerctl billing client show {data.code}`"
        )
    party, new_party = _party(work, data)
    client = BillingClient(
        tenant_id=work.tenant_id,
        party_id=row_id(party),
        contact_name=data.contact_name.strip(),
        contact_email=data.contact_email,
        currency=(data.currency or party.currency).upper(),
        terms_days=data.terms_days,
        created_by=work.actor.name,
    )
    _check_currency(client.currency)  # a reused customer's own currency
    work.session.add(client)
    work.session.flush()
    row = {**client_row(client, party), "new_customer": new_party}
    work.audit("billing.client_add", "billing_client", party.code, None, row)
    return ClientAdded(**row)


def current_retainers(work: Work, on: date) -> dict[int, Retainer]:
    """Client id → the retainer running on ``on``."""
    rows = work.session.exec(
        select(Retainer).where(
            Retainer.tenant_id == work.tenant_id,
            Retainer.status == "active",
            Retainer.start_date <= on,
        )
    ).all()
    return {r.client_id: r for r in rows if r.end_date is None or r.end_date >= on}


@use_case("billing.read", write=False)
def list_clients(work: Work, on: date, status: str | None = None) -> list[ClientRow]:
    """Every billing client with its retainer running on ``on`` and its balance then."""
    query = (
        select(BillingClient, Party)
        .join(Party, col(Party.id) == BillingClient.party_id)
        .where(BillingClient.tenant_id == work.tenant_id)
    )
    if status:
        query = query.where(BillingClient.status == status)
    pairs = work.session.exec(query.order_by(col(Party.code))).all()
    retainers = current_retainers(work, on)
    accounts = load_accounts(work)
    rows = []
    for client, party in pairs:
        retainer = retainers.get(client.id)  # type: ignore[arg-type]
        account = accounts.get(client.id)  # type: ignore[arg-type]
        rows.append(
            ClientRow(
                **client_row(client, party),
                retainer=retainer.amount if retainer else None,
                balance=account.balance(on) if account else _zero(client),
            )
        )
    return rows


def _zero(client: BillingClient) -> Decimal:
    return from_minor(0, client.currency)


@use_case("billing.read", write=False)
def show_client(work: Work, code: str, on: date) -> ClientDetail:
    """One client: details, retainers, balance, credit on account, open statements."""
    client, party = load_client(work, code)
    account = load_accounts(work, [row_id(client)])[row_id(client)]
    retainers = work.session.exec(
        select(Retainer)
        .where(Retainer.tenant_id == work.tenant_id, Retainer.client_id == client.id)
        .order_by(col(Retainer.start_date), col(Retainer.id))
    ).all()
    numbers = {s.id: s.number for s in account.statements}
    open_items = tuple(
        OpenStatement(numbers[sid], amount)
        for sid, amount in account.open_amounts(on).items()
        if amount
    )
    zero = _zero(client)
    return ClientDetail(
        **client_row(client, party),
        email=party.email,
        phone=party.phone,
        address=party.address,
        tax_id=party.tax_id,
        balance=account.balance(on) + zero,
        credit_on_account=account.credit(on) + zero,
        open_statements=open_items,
        retainers=tuple(retainer_of(r) for r in retainers),
    )
