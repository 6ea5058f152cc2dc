"""One-off charges and disbursements: recorded against a client, billed on the next statement
the retainer cycle makes for that client (any unbilled charge dated up to the period's end)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from ledgerctl.billing.domain import CHARGE_KINDS
from ledgerctl.billing.lookup import client_codes, load_client, row_id
from ledgerctl.billing.periods import require_open
from ledgerctl.billing.tables import Charge, Statement
from ledgerctl.core.clock import period_of
from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import parse_amount
from ledgerctl.work import Work, use_case


def check_text(value: str, option: str, limit: int = 200) -> str:
    """A required one-line text argument of at most ``limit`` characters."""
    text = value.strip()
    if not text:
        raise UsageError(f"{option} must not be empty")
    if len(text) > limit or "\n" in text:
        raise UsageError(f"{option} must be one line of at most {limit} characters")
    return text


def check_kind(kind: str, allowed: tuple[str, ...] = CHARGE_KINDS) -> str:
    if kind not in allowed:
        raise UsageError(f"--kind {kind!r} must be one of {', '.join(allowed)}")
    return kind


@dataclass(frozen=True)
class ChargeRow:
    """A charge and the statement that bills it (empty while unbilled)."""

    id: int
    client: str
    date: date
    kind: str
    description: str
    amount: Decimal
    statement: str


def charge_row(c: Charge, code: str, number: str | None = None) -> dict[str, Any]:
    return {
        "id": c.id,
        "client": code,
        "date": c.charge_date,
        "kind": c.kind,
        "description": c.description,
        "amount": c.amount,
        "statement": number or (f"draft {c.statement_id}" if c.statement_id else ""),
    }


@use_case("billing.charge")
def add_charge(
    work: Work, code: str, on: date, amount_text: str, description: str, kind: str
) -> ChargeRow:
    """Record a fee or disbursement for the client's next statement."""
    client, party = load_client(work, code)
    check_kind(kind)
    text = check_text(description, "--description")
    amount = parse_amount(amount_text, client.currency, field="--amount")
    if amount <= 0:
        raise UsageError(
            f"--amount {amount_text}: a charge must be more than zero (to credit "
            "a client, add an adjustment line to a draft statement)"
        )
    require_open(work, [period_of(on)], "a charge")
    charge = Charge(
        tenant_id=work.tenant_id,
        client_id=row_id(client),
        charge_date=on,
        kind=kind,
        description=text,
        amount=amount,
        created_by=work.actor.name,
    )
    work.session.add(charge)
    work.session.flush()
    row = charge_row(charge, party.code)
    work.audit("billing.charge_add", "billing_charge", charge.id, None, row)
    return ChargeRow(**row)


@use_case("billing.read", write=False)
def list_charges(work: Work, code: str | None, unbilled: bool) -> list[ChargeRow]:
    """Charges, newest last; ``unbilled`` keeps those on no statement yet."""
    query = (
        select(Charge, Statement.number)
        .outerjoin(Statement, col(Statement.id) == Charge.statement_id)
        .where(Charge.tenant_id == work.tenant_id)
    )
    if code:
        client, _ = load_client(work, code)
        query = query.where(Charge.client_id == client.id)
    if unbilled:
        query = query.where(col(Charge.statement_id).is_(None))
    rows = work.session.exec(query.order_by(col(Charge.charge_date), col(Charge.id))).all()
    names = client_codes(work, {c.client_id for c, _ in rows})
    return [ChargeRow(**charge_row(c, names[c.client_id][0], number)) for c, number in rows]
