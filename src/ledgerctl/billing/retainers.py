"""Retainers: a client's monthly amount from a start date, optionally to an end date.

``set`` replaces the client's retainer from START on: an earlier retainer is ended the day
before, a later one that was never billed is superseded. Months already billed (a live
statement carries the retainer's line) cannot be changed that way: exit 4 names the statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from ledgerctl.billing.domain import day_before
from ledgerctl.billing.lookup import client_codes, load_client, row_id
from ledgerctl.billing.tables import Retainer, Statement, StatementLine
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.core.money import parse_amount
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class RetainerRow:
    """A retainer (superseded ones included)."""

    id: int
    amount: Decimal
    start: date
    end: date | None
    description: str
    status: str


@dataclass(frozen=True)
class ClientRetainer(RetainerRow):
    """A retainer with its client, as `billing retainer list` shows it."""

    client: str = ""


@dataclass(frozen=True)
class RetainerSet(ClientRetainer):
    """A retainer just set, and the ids of the retainers it cut short or superseded."""

    replaced: tuple[int, ...] = ()


@dataclass(frozen=True)
class RetainerEnded:
    """The retainers of a client ended after ``end``."""

    client: str
    end: date
    changed: tuple[int, ...]


def retainer_of(r: Retainer, cls: type[RetainerRow] = RetainerRow, **extra: Any) -> Any:
    """The retainer as a ``cls`` row (extra fields: ``client``, ``replaced``)."""
    assert r.id is not None
    return cls(r.id, r.amount, r.start_date, r.end_date, r.description, r.status, **extra)


def retainer_row(r: Retainer) -> dict[str, object]:
    return {
        "id": r.id,
        "amount": r.amount,
        "start": r.start_date,
        "end": r.end_date,
        "description": r.description,
        "status": r.status,
    }


def _billed_from(work: Work, retainer: Retainer, day: date) -> None:
    """Exit 4 if a live statement bills ``retainer`` for ``day`` or later."""
    found = work.session.exec(
        select(Statement.number, Statement.id, Statement.period)
        .join(StatementLine, StatementLine.statement_id == Statement.id)  # type: ignore[arg-type]
        .where(
            StatementLine.tenant_id == work.tenant_id,
            StatementLine.retainer_id == retainer.id,
            Statement.statement_date >= day,
            Statement.status != "void",
        )
        .order_by(col(Statement.period))
    ).first()
    if found is not None:
        number, sid, period = found
        label = number or f"draft {sid}"
        raise Conflict(
            f"the retainer from {retainer.start_date} is already billed for "
            f"{period} on statement {label}; change it from a later month, or "
            "delete the draft / void the statement first"
        )


def _active(work: Work, client_id: int) -> list[Retainer]:
    return list(
        work.session.exec(
            select(Retainer)
            .where(
                Retainer.tenant_id == work.tenant_id,
                Retainer.client_id == client_id,
                Retainer.status == "active",
            )
            .order_by(col(Retainer.start_date))
        ).all()
    )


def _cut_at(work: Work, retainer: Retainer, first_free: date) -> dict[str, object] | None:
    """Make ``retainer`` stop before ``first_free``; returns its before-row if it changed."""
    if retainer.end_date is not None and retainer.end_date < first_free:
        return None
    _billed_from(work, retainer, first_free)
    before = retainer_row(retainer)
    if retainer.start_date >= first_free:
        retainer.status = "superseded"
    else:
        retainer.end_date = day_before(first_free)
    work.session.add(retainer)
    return before


@use_case("billing.client")
def set_retainer(
    work: Work, code: str, amount_text: str, start: date, end: date | None, description: str
) -> RetainerSet:
    """A new monthly retainer for client ``code`` from ``start`` (exit 2 for a bad amount)."""
    client, party = load_client(work, code)
    amount = parse_amount(amount_text, client.currency, field="--amount")
    if amount <= 0:
        raise UsageError(
            f"--amount {amount_text}: a retainer must be more than zero (to stop "
            f"billing use `ledgerctl billing retainer end --client {code}`)"
        )
    if end is not None and end < start:
        raise UsageError(f"--end {end} is before --start {start}")
    changed = [
        (r, before)
        for r in _active(work, client.id)  # type: ignore[arg-type]
        if (end is None or r.start_date <= end) and (before := _cut_at(work, r, start)) is not None
    ]
    retainer = Retainer(
        tenant_id=work.tenant_id,
        client_id=row_id(client),
        amount=amount,
        start_date=start,
        end_date=end,
        description=description.strip(),
        created_by=work.actor.name,
    )
    work.session.add(retainer)
    work.session.flush()
    for old, before in changed:
        work.audit("billing.retainer_change", "billing_retainer", old.id, before, retainer_row(old))
    work.audit(
        "billing.retainer_set",
        "billing_retainer",
        retainer.id,
        None,
        {**retainer_row(retainer), "client": party.code},
    )
    replaced = tuple(old.id for old, _ in changed if old.id is not None)
    result: RetainerSet = retainer_of(retainer, RetainerSet, client=party.code, replaced=replaced)
    return result


@use_case("billing.client")
def end_retainer(work: Work, code: str, end: date) -> RetainerEnded:
    """Stop billing client ``code``'s retainer after ``end`` (exit 3 if none runs past it)."""
    client, party = load_client(work, code)
    changed = [
        (r, before)
        for r in _active(work, client.id)  # type: ignore[arg-type]
        if (before := _cut_at(work, r, end + timedelta(days=1))) is not None
    ]
    if not changed:
        raise NotFound(
            f"client {code!r} has no retainer running after {end}; see "
            f"`ledgerctl billing client show {code}`"
        )
    for old, before in changed:
        work.audit(
            "billing.retainer_end",
            "billing_retainer",
            old.id,
            before,
            {**retainer_row(old), "client": party.code},
        )
    return RetainerEnded(party.code, end, tuple(old.id for old, _ in changed if old.id))


@use_case("billing.read", write=False)
def list_retainers(work: Work, code: str | None = None) -> list[ClientRetainer]:
    """Retainers of every client (or of ``code``), oldest first."""
    query = select(Retainer).where(Retainer.tenant_id == work.tenant_id)
    if code:
        client, _ = load_client(work, code)
        query = query.where(Retainer.client_id == client.id)
    rows = work.session.exec(
        query.order_by(col(Retainer.client_id), col(Retainer.start_date))
    ).all()
    names = client_codes(work, {r.client_id for r in rows})
    return [retainer_of(r, ClientRetainer, client=names[r.client_id][0]) for r in rows]
