"""Integrity checks of the ledger, run by `ledgerctl audit check`.

- every posted entry still hashes to the content hash stored when it was posted;
- every entry's postings balance per currency;
- the ``period_totals`` cache equals the sums of the postings it summarises.

Each check reads in bulk (a few queries for the whole tenant), so it stays quick over
millions of postings.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from ledgerctl.audit.api import CheckResult
from ledgerctl.ledger.domain import EntryDraft, Line, content_hash
from ledgerctl.ledger.tables import Account, JournalEntry, PeriodTotal, Posting
from ledgerctl.work import Work

MAX_LISTED = 20


def _lines_by_entry(work: Work) -> dict[int, list[Line]]:
    rows = work.session.execute(
        sa_select(
            col(Posting.entry_id),
            col(Account.code),
            col(Posting.amount),
            col(Posting.currency),
            col(Posting.memo),
        )
        .join(Account, col(Account.id) == col(Posting.account_id))
        .where(col(Posting.tenant_id) == work.tenant_id)
        .order_by(col(Posting.entry_id), col(Posting.line_no))
    ).all()
    lines: dict[int, list[Line]] = defaultdict(list)
    for entry_id, code, amount, currency, memo in rows:
        lines[entry_id].append(Line(code, amount, currency, memo))
    return lines


def check_entry_hashes(work: Work) -> CheckResult:
    """Recompute each entry's content hash from what is stored now."""
    entries = work.session.exec(
        select(JournalEntry).where(JournalEntry.tenant_id == work.tenant_id)
    ).all()
    numbers = {e.id: e.number for e in entries if e.id is not None}
    lines = _lines_by_entry(work)
    problems = []
    for entry in entries:
        draft = EntryDraft(
            entry.entry_date,
            entry.description,
            tuple(lines.get(entry.id or 0, [])),
            entry.reference,
            entry.source,
            reverses_number=numbers.get(entry.reverses_id or 0),
        )
        if content_hash(entry.number, draft) != entry.content_hash:
            problems.append(f"entry {entry.number} was changed after it was posted")
    return CheckResult("ledger entry hashes", len(entries), tuple(problems[:MAX_LISTED]))


def check_entries_balance(work: Work) -> CheckResult:
    """Each entry's postings add up to zero in every currency."""
    unbalanced = work.session.exec(
        select(JournalEntry.number, Posting.currency, func.sum(Posting.amount))
        .join(JournalEntry, col(JournalEntry.id) == col(Posting.entry_id))
        .where(Posting.tenant_id == work.tenant_id)
        .group_by(JournalEntry.number, Posting.currency)
        .having(func.sum(Posting.amount) != 0)
    ).all()
    count = work.session.exec(
        select(func.count())
        .select_from(JournalEntry)
        .where(JournalEntry.tenant_id == work.tenant_id)
    ).one()
    problems = tuple(
        f"entry {n} does not balance in {c} (off by {s})" for n, c, s in unbalanced[:MAX_LISTED]
    )
    return CheckResult("ledger entries balance", int(count), problems)


def check_period_totals(work: Work) -> CheckResult:
    """The monthly totals cache matches the postings, account by account."""
    sums = work.session.exec(
        select(
            Posting.account_id, Posting.currency, JournalEntry.period_code, func.sum(Posting.amount)
        )
        .join(JournalEntry, col(JournalEntry.id) == col(Posting.entry_id))
        .where(Posting.tenant_id == work.tenant_id)
        .group_by(col(Posting.account_id), col(Posting.currency), col(JournalEntry.period_code))
    ).all()
    from_postings = {(a, c, p): s for a, c, p, s in sums}
    cached = {
        (t.account_id, t.currency, t.period_code): t.debit - t.credit
        for t in work.session.exec(
            select(PeriodTotal).where(PeriodTotal.tenant_id == work.tenant_id)
        ).all()
    }
    problems = []
    for key in sorted(set(from_postings) | set(cached), key=str):
        posted, total = from_postings.get(key, Decimal(0)), cached.get(key, Decimal(0))
        if posted != total:
            problems.append(
                f"account id {key[0]} {key[1]} {key[2]}: totals say {total}, postings say {posted}"
            )
    return CheckResult("ledger period totals", len(cached), tuple(problems[:MAX_LISTED]))


CHECKS = [check_entry_hashes, check_entries_balance, check_period_totals]
