"""Load clients' accounts (live statements, payments, active allocations) in a few bulk queries,
for balances, ageing and statement snapshots (``domain.Account``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from ledgerctl.billing.domain import Account, AllocationFact, LiveStatement, PaymentFact
from ledgerctl.billing.tables import Allocation, Payment, Statement
from ledgerctl.work import Work

LIVE = ("issued", "settled")


def _only(query: Any, column: Any, client_ids: Collection[int] | None) -> Any:
    return query if client_ids is None else query.where(column.in_(sorted(client_ids)))


def load_accounts(work: Work, client_ids: Collection[int] | None = None) -> dict[int, Account]:
    """Client id → Account for the given clients (all clients when None)."""
    statements: dict[int, list[LiveStatement]] = defaultdict(list)
    payments: dict[int, list[PaymentFact]] = defaultdict(list)
    allocations: dict[int, list[AllocationFact]] = defaultdict(list)
    s_query = select(
        col(Statement.client_id),
        col(Statement.id),
        col(Statement.statement_date),
        col(Statement.total),
        col(Statement.number),
    ).where(col(Statement.tenant_id) == work.tenant_id, col(Statement.status).in_(LIVE))
    for cid, sid, on, total, number in work.session.execute(
        _only(s_query, Statement.client_id, client_ids)
    ).all():
        statements[cid].append(LiveStatement(sid, on, total, number or ""))
    p_query = select(
        col(Payment.client_id),
        col(Payment.id),
        col(Payment.payment_date),
        col(Payment.amount),
        col(Payment.invoice_no),
        col(Payment.method),
    ).where(col(Payment.tenant_id) == work.tenant_id)
    for cid, pid, on, amount, invoice_no, method in work.session.execute(
        _only(p_query, Payment.client_id, client_ids)
    ).all():
        payments[cid].append(PaymentFact(pid, on, amount, invoice_no, method))
    a_query = (
        select(
            col(Payment.client_id),
            col(Allocation.statement_id),
            col(Allocation.payment_id),
            col(Allocation.amount),
            col(Allocation.effective_on),
        )
        .join(Payment, col(Payment.id) == Allocation.payment_id)
        .where(col(Allocation.tenant_id) == work.tenant_id, col(Allocation.status) == "active")
    )
    for cid, sid, pid, amount, on in work.session.execute(
        _only(a_query, Payment.client_id, client_ids)
    ).all():
        allocations[cid].append(AllocationFact(sid, pid, amount, on))
    ids = set(statements) | set(payments) if client_ids is None else set(client_ids)
    return {
        cid: Account(tuple(statements[cid]), tuple(payments[cid]), tuple(allocations[cid]))
        for cid in ids
    }
