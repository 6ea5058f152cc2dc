"""Transfers between branches (inside a Work): send, then receive; at cost, no tax.

Sending takes the goods out of the sender's stock at moving-average cost and posts them to
stock in transit (Dr 1210 / Cr the sender's inventory); receiving puts them into the
receiver's stock at the same cost (Dr the receiver's inventory / Cr 1210). A manager sends
from and receives into their own branch only. Number: ``TRF-2026-00001`` (per tenant).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import insert
from sqlmodel import select

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.pos import entries
from ledgerctl.pos.lookup import Site, products_by_sku, site, sites_by_id
from ledgerctl.pos.periods import refuse_closed
from ledgerctl.pos.posting import DocRef, build, post_documents
from ledgerctl.pos.rules import account_map
from ledgerctl.pos.stockbook import Move, StockBook
from ledgerctl.pos.tables import Product, Transfer, TransferLine
from ledgerctl.sequences.api import allocate
from ledgerctl.tenancy.api import branch_scope, require_branch
from ledgerctl.work import Work, use_case

ZERO = Decimal("0.00")


def _book(work: Work, where: Site, products: Sequence[Product]) -> StockBook:
    return StockBook(
        work,
        {(where.location.id, p.id) for p in products},  # type: ignore[misc]
        {p.id: p for p in products},  # type: ignore[misc]
        {where.location.id: where.location},  # type: ignore[dict-item]
    )


def _products(work: Work, lines: Sequence[tuple[str, Decimal]]) -> list[tuple[Product, Decimal]]:
    found = products_by_sku(work, [sku for sku, _ in lines])
    out = []
    for sku, qty in lines:
        if sku not in found:
            raise NotFound(f"unknown SKU {sku!r}; see `ledgerctl pos product list`")
        if qty <= 0 or qty != qty.quantize(Decimal("0.001")):
            raise UsageError(f"quantity of {sku} must be positive with at most 3 decimals")
        out.append((found[sku], qty))
    return out


@use_case("pos.transfer")
def send_transfer(
    work: Work,
    source: str,
    target: str,
    lines: Sequence[tuple[str, Decimal]],
    day: date,
    note: str = "",
) -> TransferDone:
    """Send goods from ``source`` to ``target`` (exit 2 for the same branch, 4 if the
    sender's stock would go negative)."""
    if source.upper() == target.upper():
        raise UsageError(f"a transfer goes from one branch to another; {source} is both")
    if not lines:
        raise UsageError("give at least one line: SKU=QTY")
    sender, receiver = site(work, source), _any_site(work, target)
    items = _products(work, lines)
    refuse_closed(work, [(day, "")])
    book = _book(work, sender, [p for p, _ in items])
    costs = [
        book.take((sender.location.id, p.id), qty, where=f"transfer of {p.sku}")  # type: ignore[arg-type]
        for p, qty in items
    ]
    number = allocate(work, "pos.transfer", pattern="TRF-{year}-{n:05d}", reset="yearly", on=day)
    transfer = Transfer(
        tenant_id=work.tenant_id,
        number=number,
        from_location_id=sender.location.id,  # type: ignore[arg-type]
        to_location_id=receiver.location.id,  # type: ignore[arg-type]
        sent_on=day,
        cost=sum(costs, ZERO),
        note=note,
        sent_by=work.actor.name,
    )
    work.session.add(transfer)
    work.session.flush()
    work.session.connection().execute(
        insert(TransferLine.__table__),  # type: ignore[attr-defined]
        [
            {
                "tenant_id": work.tenant_id,
                "transfer_id": transfer.id,
                "product_id": p.id,
                "quantity": qty,
                "cost": cost,
            }
            for (p, qty), cost in zip(items, costs, strict=True)
        ],
    )
    for (p, qty), cost in zip(items, costs, strict=True):
        book.record(
            Move(
                (sender.location.id, p.id),  # type: ignore[arg-type]
                day,
                "transfer_out",
                -qty,
                -cost,
                "transfer",
                transfer.id,  # type: ignore[arg-type]
                number,
            )
        )
    book.flush()
    entry = build(
        lambda: entries.transfer_entry(
            account_map(work.ctx.home),
            day=day,
            number=number,
            branch=sender.code,
            cost=transfer.cost,
            sending=True,
        )
    )
    post_documents(work, [DocRef("transfer", transfer.id, number, day, "send")], [entry])  # type: ignore[arg-type]
    work.audit(
        "pos.transfer.send",
        "transfer",
        number,
        None,
        {
            "from": sender.code,
            "to": receiver.code,
            "date": day,
            "cost": transfer.cost,
            "lines": [[p.sku, str(q)] for p, q in items],
        },
    )
    return TransferDone(transfer.number, transfer.cost)


def _any_site(work: Work, code: str) -> Site:
    """A branch by code, in scope or not (a manager may send to any branch)."""
    for s in sites_by_id(work).values():
        if s.code == code.upper():
            return s
    raise NotFound(f"branch {code!r} not found; see `ledgerctl pos branch list`")


def load_transfer(work: Work, number: str) -> Transfer:
    transfer = work.session.exec(
        select(Transfer).where(Transfer.tenant_id == work.tenant_id, Transfer.number == number)
    ).first()
    if transfer is None:
        raise NotFound(f"transfer {number} not found; see `ledgerctl pos transfer list`")
    return transfer


@use_case("pos.transfer")
def receive_transfer(work: Work, number: str, day: date) -> TransferDone:
    """Book a transfer in at the receiving branch (exit 4 if it was received already)."""
    transfer = load_transfer(work, number)
    receiver = sites_by_id(work)[transfer.to_location_id]
    require_branch(work, receiver.branch)
    if transfer.status != "in_transit":
        raise Conflict(f"transfer {number} was received on {transfer.received_on} already")
    if day < transfer.sent_on:
        raise UsageError(f"receipt date {day} is before the transfer was sent ({transfer.sent_on})")
    refuse_closed(work, [(day, "")])
    lines = work.session.exec(
        select(TransferLine, Product)
        .join(Product, Product.id == TransferLine.product_id)  # type: ignore[arg-type]
        .where(TransferLine.tenant_id == work.tenant_id, TransferLine.transfer_id == transfer.id)
    ).all()
    book = _book(work, receiver, [p for _, p in lines])
    variance = ZERO
    for line, p in lines:
        key = (receiver.location.id, p.id)
        variance += book.put(key, line.quantity, line.cost)  # type: ignore[arg-type]
        book.record(
            Move(
                key,  # type: ignore[arg-type]
                day,
                "transfer_in",
                line.quantity,
                line.cost,
                "transfer",
                transfer.id,  # type: ignore[arg-type]
                number,
            )
        )
    book.flush()
    transfer.status, transfer.received_on = "received", day
    transfer.received_by, transfer.variance = work.actor.name, variance
    work.session.add(transfer)
    entry = build(
        lambda: entries.transfer_entry(
            account_map(work.ctx.home),
            day=day,
            number=number,
            branch=receiver.code,
            cost=transfer.cost,
            sending=False,
            variance=variance,
        )
    )
    post_documents(work, [DocRef("transfer", transfer.id, number, day, "receive")], [entry])  # type: ignore[arg-type]
    work.audit(
        "pos.transfer.receive",
        "transfer",
        number,
        {"status": "in_transit"},
        {"status": "received", "at": receiver.code, "date": day},
    )
    return TransferDone(transfer.number, transfer.cost)


@dataclass(frozen=True)
class TransferDone:
    """A transfer sent or received, at cost."""

    number: str
    cost: Decimal


@dataclass(frozen=True)
class TransferRow:
    """A transfer between two branches (``row()``: as listed, with ``from`` and ``to``)."""

    number: str
    from_branch: str
    to_branch: str
    status: str
    sent_on: date
    received_on: date | None
    cost: Decimal
    note: str

    def row(self) -> dict[str, object]:
        return {
            "number": self.number,
            "from": self.from_branch,
            "to": self.to_branch,
            "status": self.status,
            "sent_on": self.sent_on,
            "received_on": self.received_on,
            "cost": self.cost,
            "note": self.note,
        }


def transfer_row(t: Transfer, sites: dict[int, Site]) -> TransferRow:
    return TransferRow(
        t.number,
        sites[t.from_location_id].code,
        sites[t.to_location_id].code,
        t.status,
        t.sent_on,
        t.received_on,
        t.cost,
        t.note,
    )


@use_case("pos.read", write=False)
def list_transfers(work: Work, status: str | None = None) -> list[TransferRow]:
    """Transfers from or to the actor's branches (every branch for a director)."""
    sites = sites_by_id(work)
    scope = branch_scope(work)
    query = select(Transfer).where(Transfer.tenant_id == work.tenant_id)
    if status:
        query = query.where(Transfer.status == status)
    rows = work.session.exec(query.order_by(Transfer.id)).all()  # type: ignore[arg-type]
    return [
        transfer_row(t, sites)
        for t in rows
        if scope is None
        or sites[t.from_location_id].branch.id in scope
        or sites[t.to_location_id].branch.id in scope
    ]
