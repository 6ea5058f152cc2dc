"""Read side of the ledger: journal listing, account balances and the trial balance.

Balances as of a date read whole months from ``period_totals`` and only the as-of month's
postings up to the date (index ``postings(tenant_id, entry_date, account_id)``), so a trial
balance over millions of postings reads a few thousand rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import select

from ledgerctl.core.clock import period_of
from ledgerctl.core.errors import NotFound
from ledgerctl.ledger.domain import TrialBalance, build_trial_balance, natural_balance
from ledgerctl.ledger.tables import Account, JournalEntry, PeriodTotal, Posting
from ledgerctl.work import Work

Key = tuple[int, str]  # (account_id, currency)


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
    for acc, cur, debit, credit in work.session.exec(
        totals.group_by(PeriodTotal.account_id, PeriodTotal.currency)
    ).all():
        nets[(acc, cur)] += debit - credit
    if as_of is not None:
        for acc, cur, amount in _month_to_date(work, as_of, account_id):
            nets[(acc, cur)] += amount
    return dict(nets)


def _month_to_date(
    work: Work, as_of: date, account_id: int | None
) -> list[tuple[int, str, Decimal]]:
    query = select(Posting.account_id, Posting.currency, func.sum(Posting.amount)).where(
        Posting.tenant_id == work.tenant_id,
        Posting.entry_date >= as_of.replace(day=1),
        Posting.entry_date <= as_of,
    )
    if account_id is not None:
        query = query.where(Posting.account_id == account_id)
    query = query.group_by(Posting.account_id, Posting.currency)
    return list(work.session.exec(query).all())  # type: ignore[arg-type]


def _accounts_by_id(work: Work) -> dict[int, Account]:
    rows = work.session.exec(select(Account).where(Account.tenant_id == work.tenant_id)).all()
    return {a.id: a for a in rows}  # type: ignore[misc]


def trial_balance(work: Work, as_of: date) -> TrialBalance:
    """Every account with a non-zero balance at the end of ``as_of``, inside ``work``."""
    accounts = {i: (a.code, a.name, a.type) for i, a in _accounts_by_id(work).items()}
    return build_trial_balance(as_of, accounts, net_balances(work, as_of))


def balances(work: Work, code: str | None, as_of: date | None) -> list[dict[str, object]]:
    """Balance per account and currency, shown the way each account normally runs."""
    accounts = _accounts_by_id(work)
    account_id = None
    if code is not None:
        match = [a for a in accounts.values() if a.code == code]
        if not match:
            raise NotFound(f"account {code} not found; see `ledgerctl ledger accounts`")
        account_id = match[0].id
    rows = []
    for (acc_id, cur), net in sorted(
        net_balances(work, as_of, account_id).items(),
        key=lambda kv: (accounts[kv[0][0]].code, kv[0][1]),
    ):
        acc = accounts[acc_id]
        rows.append(
            {
                "code": acc.code,
                "name": acc.name,
                "currency": cur,
                "balance": natural_balance(net, acc.normal_side),
                "normal_side": acc.normal_side,
            }
        )
    return rows


def journal(
    work: Work,
    *,
    account: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
) -> list[dict[str, object]]:
    """Posting lines of entries matching the filters, oldest first; ``limit`` keeps the
    newest N entries."""
    entries = select(JournalEntry.id).where(JournalEntry.tenant_id == work.tenant_id)
    if start is not None:
        entries = entries.where(JournalEntry.entry_date >= start)
    if end is not None:
        entries = entries.where(JournalEntry.entry_date <= end)
    if account is not None:
        acc = work.session.exec(
            select(Account.id).where(Account.tenant_id == work.tenant_id, Account.code == account)
        ).first()
        if acc is None:
            raise NotFound(f"account {account} not found; see `ledgerctl ledger accounts`")
        entries = entries.where(
            JournalEntry.id.in_(  # type: ignore[union-attr]
                select(Posting.entry_id).where(
                    Posting.tenant_id == work.tenant_id, Posting.account_id == acc
                )
            )
        )
    entries = entries.order_by(
        JournalEntry.entry_date.desc(),  # type: ignore[attr-defined]
        JournalEntry.id.desc(),
    )  # type: ignore[union-attr]
    if limit:
        entries = entries.limit(limit)
    ids = list(work.session.exec(entries).all())
    return _journal_rows(work, ids)


def _journal_rows(work: Work, ids: list[int]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
        query = (
            select(JournalEntry, Posting, Account.code)
            .join(Posting, Posting.entry_id == JournalEntry.id)  # type: ignore[arg-type]
            .join(Account, Account.id == Posting.account_id)  # type: ignore[arg-type]
            .where(JournalEntry.tenant_id == work.tenant_id, JournalEntry.id.in_(chunk))
        )  # type: ignore[union-attr]
        for entry, posting, code in work.session.exec(query).all():
            amount = posting.amount
            rows.append(
                {
                    "number": entry.number,
                    "date": entry.entry_date,
                    "description": entry.description,
                    "account": code,
                    "debit": amount if amount > 0 else None,
                    "credit": -amount if amount < 0 else None,
                    "currency": posting.currency,
                    "memo": posting.memo,
                    "_key": (entry.entry_date, entry.id, posting.line_no),
                }
            )
    rows.sort(key=lambda r: r["_key"])  # type: ignore[arg-type,return-value]
    for r in rows:
        del r["_key"]
    return rows
