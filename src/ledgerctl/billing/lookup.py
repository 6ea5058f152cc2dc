"""Finding billing rows by what operators type: client codes, statement ids or numbers,
payment ids. Every lookup is scoped to the work's tenant; a miss is exit 3 with a hint."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from ledgerctl.billing.rules import BillingRules, load_rules
from ledgerctl.billing.tables import BillingClient, Payment, Statement
from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work


def rules(work: Work) -> BillingRules:
    """The billing rules of the work's workspace."""
    return load_rules(work.ctx.home)


def find_client(work: Work, code: str) -> tuple[BillingClient, Party] | None:
    row = work.session.exec(
        select(BillingClient, Party)
        .join(Party, col(Party.id) == BillingClient.party_id)
        .where(
            BillingClient.tenant_id == work.tenant_id,
            Party.tenant_id == work.tenant_id,
            Party.code == code,
        )
    ).first()
    return (row[0], row[1]) if row else None


def load_client(work: Work, code: str) -> tuple[BillingClient, Party]:
    """The billing client with customer code ``code`` (exit 3 if there is none)."""
    found = find_client(work, code.strip())
    if found is None:
        raise NotFound(
            f"client {code!r} not found; see `ledgerctl billing client list` or add "
            f"it with `ledgerctl billing client add {code} --name NAME`"
        )
    return found


def _locked(query: Any, lock: bool) -> Any:
    return query.with_for_update() if lock else query


def statement_query(work: Work, ref: str) -> Any:
    """A query for the statement ``ref``: a draft id (``12``) or a number (``SOA-2025-00012``)."""
    ref = ref.strip()
    if not ref:
        raise UsageError("give a statement id (e.g. 12) or number (e.g. SOA-2025-00012)")
    query = select(Statement).where(Statement.tenant_id == work.tenant_id)
    if ref.isdigit():
        return query.where(Statement.id == int(ref))
    return query.where(Statement.number == ref)


def load_statement(work: Work, ref: str, *, lock: bool = False) -> Statement:
    """The statement with id or number ``ref`` (row-locked on Postgres when ``lock``)."""
    statement = work.session.exec(_locked(statement_query(work, ref), lock)).first()
    if statement is None:
        raise NotFound(f"statement {ref!r} not found; see `ledgerctl billing statement list`")
    return statement


def load_payment(work: Work, payment_id: int, *, lock: bool = False) -> Payment:
    """The payment with id ``payment_id`` (exit 3 if there is none)."""
    query = select(Payment).where(Payment.tenant_id == work.tenant_id, Payment.id == payment_id)
    payment = work.session.exec(_locked(query, lock)).first()
    if payment is None:
        raise NotFound(f"payment {payment_id} not found; see `ledgerctl billing payment list`")
    return payment


def client_codes(work: Work, client_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Client id → (customer code, name) for listings."""
    if not client_ids:
        return {}
    rows = work.session.exec(
        select(BillingClient.id, Party.code, Party.name)
        .join(Party, col(Party.id) == BillingClient.party_id)
        .where(
            BillingClient.tenant_id == work.tenant_id, col(BillingClient.id).in_(sorted(client_ids))
        )
    ).all()
    return {cid: (code, name) for cid, code, name in rows if cid is not None}


def statement_label(statement: Statement) -> str:
    """How messages name a statement: its number once issued, else ``draft 12``."""
    return statement.number or f"draft {statement.id}"


def row_id(row: Any) -> int:
    """The id of a row that has been flushed or loaded (never None then)."""
    value = row.id
    assert isinstance(value, int), f"{type(row).__name__} has no id yet"
    return value
