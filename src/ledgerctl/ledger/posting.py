"""The posting kernel: turn balanced drafts into journal entries inside the caller's work.

``post`` (one entry) and ``post_many`` (a batch) run inside a unit of work that the caller
opened, so a sale, its invoice number, its journal entry and its audit rows commit together.
Both check balance per currency, amount precision, accounts and open periods before writing
anything; they take entry numbers from the gapless ``journal`` sequence, store a content hash,
update ``period_totals`` with an upsert and write audit rows. Numbers: ``numbering``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import col, select

from ledgerctl.core.clock import period_of, utcnow
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.db.bulk import ids_by_key, insert_rows
from ledgerctl.ledger.chart import accounts_by_code
from ledgerctl.ledger.domain import (
    EntryDraft,
    Line,
    LineLike,
    as_line,
    check_draft,
    content_hash,
    mirror,
)
from ledgerctl.ledger.numbering import take_numbers
from ledgerctl.ledger.periods import require_open
from ledgerctl.ledger.sql import table_of, upsert_insert
from ledgerctl.ledger.tables import Account, JournalEntry, PeriodTotal, Posting
from ledgerctl.work import Work


@dataclass(frozen=True)
class PostedEntry:
    """What a batch post reports for each entry."""

    id: int
    number: str
    entry_date: date
    content_hash: str


def _id(account: Account) -> int:
    assert account.id is not None  # accounts are read from the database
    return account.id


def _where(draft: EntryDraft) -> str:
    return f"{draft.origin}: " if draft.origin else ""


def _resolve_accounts(drafts: Sequence[EntryDraft], accounts: dict[str, Account]) -> None:
    active = {code for code, acc in accounts.items() if acc.status == "active"}
    for draft in drafts:
        for line in draft.lines:
            if line.account in active:
                continue
            acc = accounts.get(line.account)
            if acc is None:
                raise NotFound(
                    f"{_where(draft)}account {line.account} not found; see "
                    "`ledgerctl ledger accounts` or add it with "
                    "`ledgerctl ledger account add`"
                )
            if acc.status != "active":
                raise Conflict(
                    f"{_where(draft)}account {line.account} is {acc.status}; "
                    "post to an active account"
                )


def _reversed_ids(work: Work, drafts: Sequence[EntryDraft]) -> dict[str, int]:
    wanted = {d.reverses_number for d in drafts if d.reverses_number}
    if not wanted:
        return {}
    rows = work.session.exec(
        select(JournalEntry.number, JournalEntry.id).where(
            JournalEntry.tenant_id == work.tenant_id, col(JournalEntry.number).in_(sorted(wanted))
        )
    ).all()
    found = {number: ident for number, ident in rows if ident is not None}
    for number in wanted - set(found):
        raise NotFound(f"journal entry {number} not found")
    return found


def _insert_entries(
    work: Work,
    drafts: Sequence[EntryDraft],
    numbers: list[str],
    hashes: list[str],
    reversed_ids: dict[str, int],
) -> list[int]:
    now, actor, t = utcnow(), work.actor.name, work.tenant_id
    table = table_of(JournalEntry)
    conn = work.session.connection()
    insert_rows(
        conn,
        table,
        (
            "tenant_id",
            "number",
            "entry_date",
            "period_code",
            "description",
            "reference",
            "source",
            "reverses_id",
            "created_at",
            "created_by",
            "content_hash",
        ),
        (
            (
                t,
                n,
                d.entry_date,
                period_of(d.entry_date),
                d.description,
                d.reference,
                d.source,
                reversed_ids.get(d.reverses_number or ""),
                now,
                actor,
                h,
            )
            for d, n, h in zip(drafts, numbers, hashes, strict=True)
        ),
    )
    ids = ids_by_key(conn, table, "number", numbers, tenant_id=t)
    return [ids[n] for n in numbers]


def _insert_postings(
    work: Work, drafts: Sequence[EntryDraft], ids: list[int], accounts: dict[str, Account]
) -> None:
    t = work.tenant_id
    codes = {code: acc.id for code, acc in accounts.items()}
    insert_rows(
        work.session.connection(),
        table_of(Posting),
        (
            "tenant_id",
            "entry_id",
            "account_id",
            "line_no",
            "entry_date",
            "currency",
            "amount",
            "memo",
        ),
        (
            (t, entry_id, codes[ln.account], i, d.entry_date, ln.currency, ln.amount, ln.memo)
            for d, entry_id in zip(drafts, ids, strict=True)
            for i, ln in enumerate(d.lines, start=1)
        ),
    )


def _update_totals(work: Work, drafts: Sequence[EntryDraft], accounts: dict[str, Account]) -> None:
    sums: dict[tuple[int, str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for d in drafts:
        period = period_of(d.entry_date)
        for ln in d.lines:
            key = (_id(accounts[ln.account]), ln.currency or "", period)
            sums[key][0 if ln.amount > 0 else 1] += abs(ln.amount)
    rows = [
        {
            "tenant_id": work.tenant_id,
            "account_id": a,
            "currency": c,
            "period_code": p,
            "debit": dr,
            "credit": cr,
        }
        for (a, c, p), (dr, cr) in sorted(sums.items())
    ]
    table = table_of(PeriodTotal)
    stmt = upsert_insert(work, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["tenant_id", "account_id", "currency", "period_code"],
        set_={
            "debit": table.c.debit + stmt.excluded.debit,
            "credit": table.c.credit + stmt.excluded.credit,
        },
    )
    work.session.connection().execute(stmt, rows)


def _audit_value(number: str, draft: EntryDraft, digest: str) -> dict[str, object]:
    return {
        "number": number,
        "date": draft.entry_date,
        "description": draft.description,
        "reference": draft.reference,
        "source": draft.source,
        "reverses": draft.reverses_number,
        "content_hash": digest,
        "lines": [[ln.account, str(ln.amount), ln.currency, ln.memo] for ln in draft.lines],
    }


def _audit(
    work: Work, drafts: Sequence[EntryDraft], numbers: list[str], hashes: list[str], per_entry: bool
) -> None:
    if per_entry:
        for d, n, h in zip(drafts, numbers, hashes, strict=True):
            work.audit("ledger.post", "journal_entry", n, None, _audit_value(n, d, h))
        return
    label = numbers[0] if len(numbers) == 1 else f"{numbers[0]}..{numbers[-1]}"
    work.audit(
        "ledger.post_batch",
        "journal_batch",
        label,
        None,
        {"count": len(numbers), "entries": dict(zip(numbers, hashes, strict=True))},
    )


def post_many(
    work: Work, drafts: Sequence[EntryDraft], *, per_entry_audit: bool = True
) -> list[PostedEntry]:
    """Post several entries in the work's transaction, all or nothing.

    Every draft is validated before anything is written. With ``per_entry_audit=False`` one
    audit row lists every entry number with its content hash (bulk imports).
    """
    if not drafts:
        return []
    checked = [check_draft(d, work.tenant.base_currency) for d in drafts]
    accounts = accounts_by_code(work)
    _resolve_accounts(checked, accounts)
    reversed_ids = _reversed_ids(work, checked)
    require_open(work, {period_of(d.entry_date) for d in checked})
    numbers = take_numbers(work, [d.entry_date for d in checked])
    hashes = [content_hash(n, d) for n, d in zip(numbers, checked, strict=True)]
    work.session.flush()
    ids = _insert_entries(work, checked, numbers, hashes, reversed_ids)
    _insert_postings(work, checked, ids, accounts)
    _update_totals(work, checked, accounts)
    _audit(work, checked, numbers, hashes, per_entry_audit)
    return [
        PostedEntry(i, n, d.entry_date, h)
        for i, n, d, h in zip(ids, numbers, checked, hashes, strict=True)
    ]


def post(
    work: Work,
    entry_date: date,
    description: str,
    lines: Sequence[LineLike],
    *,
    source: str = "manual",
    reference: str = "",
) -> JournalEntry:
    """Post one balanced journal entry inside the caller's unit of work; return it.

    ``lines`` are ``Line(account_code, amount, currency=None, memo="")`` or tuples
    ``(account_code, amount[, currency[, memo]])``. ``amount`` is a signed ``Decimal``:
    **debit positive, credit negative**; ``currency`` ``None`` is the tenant's base currency.
    The amounts must sum to zero per currency and fit the currency's minor unit.

    Example (a cash sale with VAT)::

        post(work, date(2025, 9, 1), "Sale R-12", [
            ("1000", Decimal("115.00")),            # cash, debit
            ("4000", Decimal("-100.00")),           # sales, credit
            ("2200", Decimal("-15.00"), None, "VAT"),
        ], source="pos", reference="R-12")

    Raises ``UsageError`` (unbalanced, bad amount), ``NotFound`` (unknown account) or
    ``Conflict`` (closed period, inactive account); the caller's transaction then rolls back.
    """
    draft = EntryDraft(
        entry_date,
        description,
        tuple(as_line(ln) for ln in lines),
        reference=reference,
        source=source,
    )
    posted = post_many(work, [draft])[0]
    entry = work.session.get(JournalEntry, posted.id)
    assert entry is not None
    return entry


def load_entry(work: Work, number: str) -> JournalEntry:
    """The tenant's entry ``number`` (exit 3 if there is none)."""
    entry = work.session.exec(
        select(JournalEntry).where(
            JournalEntry.tenant_id == work.tenant_id, JournalEntry.number == number
        )
    ).first()
    if entry is None:
        raise NotFound(f"journal entry {number} not found; see `ledgerctl ledger journal`")
    return entry


def entry_lines(work: Work, entry: JournalEntry) -> list[Line]:
    """The lines of a posted entry, in order."""
    rows = work.session.exec(
        select(col(Account.code), col(Posting.amount), col(Posting.currency), col(Posting.memo))
        .join(Account, col(Account.id) == col(Posting.account_id))
        .where(Posting.tenant_id == work.tenant_id, Posting.entry_id == entry.id)
        .order_by(col(Posting.line_no))
    ).all()
    return [Line(code, amount, currency, memo) for code, amount, currency, memo in rows]


def reverse(work: Work, number: str, on: date, reason: str) -> JournalEntry:
    """Post the mirror of entry ``number`` dated ``on``; an entry is reversed at most once."""
    if not reason.strip():
        raise UsageError("a reason is required to reverse an entry; pass --reason TEXT")
    original = load_entry(work, number)
    done = work.session.exec(
        select(JournalEntry.number).where(
            JournalEntry.tenant_id == work.tenant_id, JournalEntry.reverses_id == original.id
        )
    ).first()
    if done is not None:
        raise Conflict(
            f"journal entry {number} was already reversed by {done}; an entry can be reversed once"
        )
    draft = EntryDraft(
        on,
        f"Reversal of {number}: {reason.strip()}",
        mirror(entry_lines(work, original)),
        reference=number,
        source="reversal",
        reverses_number=number,
    )
    posted = post_many(work, [draft])[0]
    entry = work.session.get(JournalEntry, posted.id)
    assert entry is not None
    return entry
