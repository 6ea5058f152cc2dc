"""Use cases of ``pos customer list``, ``pos ar statement`` and ``pos ar aging``: what
customers owe, as typed rows (a branch-scoped actor sees the documents of their branches)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import select

from ledgerctl.pos.ar import Item, _items
from ledgerctl.pos.domain.aging import BUCKETS, Invoice, age, open_items
from ledgerctl.pos.lookup import customer
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work, use_case

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CustomerRow:
    code: str
    name: str
    phone: str
    email: str
    balance: Decimal


@dataclass(frozen=True)
class StatementLine:
    """One line of a statement: opening, a document, or closing, with the running balance."""

    date: date | None
    document: str
    kind: str
    debit: Decimal | None
    credit: Decimal | None
    balance: Decimal


@dataclass(frozen=True)
class AgingRow:
    """What one customer owes by age (``row()``: with the bucket names as columns)."""

    customer: str
    name: str
    buckets: tuple[Decimal, ...]  # in the order of domain.aging.BUCKETS
    unapplied: Decimal
    total: Decimal

    def row(self) -> dict[str, object]:
        return {
            "customer": self.customer,
            "name": self.name,
            **dict(zip(BUCKETS, self.buckets, strict=True)),
            "unapplied": self.unapplied,
            "total": self.total,
        }


@use_case("pos.read", write=False)
def list_customers(work: Work) -> list[CustomerRow]:
    """Customers with their balance (documents of the actor's branches)."""
    totals: dict[int, Decimal] = {}
    for item in _items(work):
        totals[item.customer_id] = totals.get(item.customer_id, ZERO) + item.amount
    rows = work.session.exec(
        select(Party)
        .where(Party.tenant_id == work.tenant_id, Party.kind == "customer")
        .order_by(Party.code)
    ).all()
    return [CustomerRow(p.code, p.name, p.phone, p.email, totals.get(p.id, ZERO)) for p in rows]  # type: ignore[arg-type]


@use_case("pos.read", write=False)
def statement(work: Work, code: str, start: date | None, end: date | None) -> list[StatementLine]:
    """Opening balance, each document with a running balance, closing balance."""
    party = customer(work, code)
    items = _items(work, party.id)
    running = sum((i.amount for i in items if start and i.day < start), ZERO)
    rows = [StatementLine(start, "", "opening", None, None, running)]
    for i in items:
        if (start and i.day < start) or (end and i.day > end):
            continue
        running += i.amount
        debit = i.amount if i.amount > 0 else None
        credit = -i.amount if i.amount < 0 else None
        rows.append(StatementLine(i.day, i.number, i.kind, debit, credit, running))
    rows.append(StatementLine(end, "", "closing", None, None, running))
    return rows


def _aging_row(code: str, name: str, mine: list[Item], as_of: date) -> AgingRow | None:
    invoices = [
        Invoice(i.sale_id or 0, i.number, i.day, i.amount) for i in mine if i.kind == "sale"
    ]
    targeted: dict[int, Decimal] = {}
    for i in mine:
        if i.kind == "return":
            targeted[i.sale_id or 0] = targeted.get(i.sale_id or 0, ZERO) - i.amount
    pool = -sum((i.amount for i in mine if i.kind == "payment"), ZERO)
    still_open, unapplied = open_items(invoices, targeted, pool)
    buckets = age(still_open, as_of)
    total = sum(buckets.values(), ZERO) - unapplied
    if total == 0 and not still_open:
        return None
    amounts = tuple(buckets[b] for b in BUCKETS)
    return AgingRow(code, name, amounts, -unapplied if unapplied else ZERO, total)


@use_case("pos.read", write=False)
def aging(work: Work, as_of: date) -> list[AgingRow]:
    """Per customer: open invoices by age (0-30 ... over_120), unapplied credit, total."""
    items = [i for i in _items(work) if i.day <= as_of]
    names = {
        p.id: (p.code, p.name)
        for p in work.session.exec(select(Party).where(Party.tenant_id == work.tenant_id)).all()
    }
    out = []
    for cid in sorted({i.customer_id for i in items}, key=lambda c: names[c][0]):
        row = _aging_row(*names[cid], [i for i in items if i.customer_id == cid], as_of)
        if row is not None:
            out.append(row)
    if out:
        sums = tuple(sum((r.buckets[n] for r in out), ZERO) for n in range(len(BUCKETS)))
        out.append(
            AgingRow(
                "TOTAL",
                "",
                sums,
                sum((r.unapplied for r in out), ZERO),
                sum((r.total for r in out), ZERO),
            )
        )
    return out
