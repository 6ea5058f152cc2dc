"""Read side of the ledger: accounts, journal lines, balances, periods and the trial balance.

Each listing is a read-only use case returning typed rows (frozen dataclasses). Balances as of
a date read whole months from ``period_totals`` and only the as-of month's postings up to the
date (index ``postings(tenant_id, entry_date, account_id)``), so a trial balance over
millions of postings reads a few thousand rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from ledgerctl.core.clock import parse_period, period_bounds, period_of
from ledgerctl.core.errors import NotFound
from ledgerctl.ledger.domain import TrialBalance, build_trial_balance, natural_balance
from ledgerctl.ledger.tables import Account, JournalEntry, PeriodTotal, Posting
from ledgerctl.work import Work, use_case

Key = tuple[int, str]  # (account_id, currency)


@dataclass(frozen=True)
class AccountRow:
    """An account of the chart."""

    code: str
    name: str
    type: str
    normal_side: str
    parent: str
    status: str

    @classmethod
    def of(cls, a: Account) -> AccountRow:
        return cls(a.code, a.name, a.type, a.normal_side, a.parent_code or "", a.status)


@dataclass(frozen=True)
class AccountBalance:
    """An account's balance in one currency, positive on its normal side."""

    code: str
    name: str
    currency: str
    balance: Decimal
    normal_side: str


@dataclass(frozen=True)
class JournalLine:
    """One posting line of a journal entry (debit or credit filled, the other None)."""

    number: str
    date: date
    description: str
    account: str
    debit: Decimal | None
    credit: Decimal | None
    currency: str
    memo: str


def _by_code(work: Work) -> list[Account]:
    rows = work.session.exec(select(Account).where(Account.tenant_id == work.tenant_id)).all()
    return sorted(rows, key=lambda a: a.code)


@use_case("ledger.read", write=False)
def accounts(work: Work) -> list[AccountRow]:
    """The chart of accounts, by code."""
    return [AccountRow.of(a) for a in _by_code(work)]


def net_balances(
    work: Work, as_of: date | None, account_id: int | None = None
) -> dict[Key, Decimal]:
    """Signed (debit-positive) balance per account and currency at the end of ``as_of``."""
    nets: dict[Key, Decimal] = defaultdict(Decimal)
    totals = select(
        PeriodTotal.account_id,
        PeriodTotal.currency,
        func.sum(PeriodTotal.debit),
        func.sum(PeriodTotal.credit),
    ).where(PeriodTotal.tenant_id == work.tenant_id)
    if account_id is not None:
        totals = totals.where(PeriodTotal.account_id == account_id)
    if as_of is not None:
        totals = totals.where(PeriodTotal.period_code < period_of(as_of))
    grouped = totals.group_by(col(PeriodTotal.account_id), col(PeriodTotal.currency))
    for acc, cur, debit, credit in work.session.exec(grouped).all():
        nets[(acc, cur)] += debit - credit
    if as_of is not None:
        for acc, cur, amount in _month_to_date(work, as_of, account_id):
            nets[(acc, cur)] += amount
    return dict(nets)


def _month_to_date(work: Work, as_of: date, account_id: int | None) -> list[Any]:
    query = select(Posting.account_id, Posting.currency, func.sum(Posting.amount)).where(
        Posting.tenant_id == work.tenant_id,
        Posting.entry_date >= as_of.replace(day=1),
        Posting.entry_date <= as_of,
    )
    if account_id is not None:
        query = query.where(Posting.account_id == account_id)
    query = query.group_by(col(Posting.account_id), col(Posting.currency))
    return list(work.session.exec(query).all())


def _accounts_by_id(work: Work) -> dict[int, Account]:
    rows = work.session.exec(select(Account).where(Account.tenant_id == work.tenant_id)).all()
    return {a.id: a for a in rows if a.id is not None}


def trial_balance(work: Work, as_of: date) -> TrialBalance:
    """Every account with a non-zero balance at the end of ``as_of``, inside ``work``."""
    accounts = {i: (a.code, a.name, a.type) for i, a in _accounts_by_id(work).items()}
    return build_trial_balance(as_of, accounts, net_balances(work, as_of))


@use_case("ledger.read", write=False)
def balances(work: Work, code: str | None, as_of: date | None) -> list[AccountBalance]:
    """Balance per account and currency, shown the way each account normally runs."""
    by_id = _accounts_by_id(work)
    account_id = None
    if code is not None:
        match = [a for a in by_id.values() if a.code == code]
        if not match:
            raise NotFound(f"account {code} not found; see `ledgerctl ledger accounts`")
        account_id = match[0].id
    nets = sorted(
        net_balances(work, as_of, account_id).items(),
        key=lambda kv: (by_id[kv[0][0]].code, kv[0][1]),
    )
    rows = []
    for (acc_id, cur), net in nets:
        acc = by_id[acc_id]
        balance = natural_balance(net, acc.normal_side)
        rows.append(AccountBalance(acc.code, acc.name, cur, balance, acc.normal_side))
    return rows


def _account_id(work: Work, code: str) -> int:
    acc = work.session.exec(
        select(Account.id).where(Account.tenant_id == work.tenant_id, Account.code == code)
    ).first()
    if acc is None:
        raise NotFound(f"account {code} not found; see `ledgerctl ledger accounts`")
    return acc


@use_case("ledger.read", write=False)
def journal(
    work: Work,
    *,
    account: str | None = None,
    start: date | None = None,
    end: date | None = None,
    period: str | None = None,
    limit: int | None = None,
) -> list[JournalLine]:
    """Posting lines of entries matching the filters, oldest first; ``limit`` keeps the
    newest N entries; ``period`` (YYYY-MM) narrows ``start``/``end`` to that month."""
    if period is not None:
        first, last = period_bounds(parse_period(period))
        start, end = max(start or first, first), min(end or last, last)
    entries = select(JournalEntry.id).where(JournalEntry.tenant_id == work.tenant_id)
    if start is not None:
        entries = entries.where(JournalEntry.entry_date >= start)
    if end is not None:
        entries = entries.where(JournalEntry.entry_date <= end)
    if account is not None:
        touching = select(Posting.entry_id).where(
            Posting.tenant_id == work.tenant_id, Posting.account_id == _account_id(work, account)
        )
        entries = entries.where(col(JournalEntry.id).in_(touching))
    entries = entries.order_by(col(JournalEntry.entry_date).desc(), col(JournalEntry.id).desc())
    if limit:
        entries = entries.limit(limit)
    ids = [i for i in work.session.exec(entries).all() if i is not None]
    return _journal_rows(work, ids)


def _journal_rows(work: Work, ids: list[int]) -> list[JournalLine]:
    keyed: list[tuple[tuple[date, int, int], JournalLine]] = []
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
        query = (
            select(JournalEntry, Posting, Account.code)
            .join(Posting, col(Posting.entry_id) == col(JournalEntry.id))
            .join(Account, col(Account.id) == col(Posting.account_id))
            .where(JournalEntry.tenant_id == work.tenant_id, col(JournalEntry.id).in_(chunk))
        )
        for entry, posting, code in work.session.exec(query).all():
            amount = posting.amount
            line = JournalLine(
                entry.number,
                entry.entry_date,
                entry.description,
                code,
                amount if amount > 0 else None,
                -amount if amount < 0 else None,
                posting.currency,
                posting.memo,
            )
            keyed.append(((entry.entry_date, entry.id or 0, posting.line_no), line))
    keyed.sort(key=lambda kv: kv[0])
    return [line for _, line in keyed]
