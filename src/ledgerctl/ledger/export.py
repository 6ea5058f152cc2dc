"""Plain-text journal export for hledger / ledger-cli and for beancount.

Accounts are named ``Root:CODE-CamelName`` (roots Assets, Liabilities, Equity, Income,
Expenses), which all three tools accept, so their balances can be compared account by
account with ours. Entries stream from the database in date order; the file is written
atomically.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlmodel import col

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import exponent
from ledgerctl.ledger.tables import Account, JournalEntry, PeriodTotal, Posting
from ledgerctl.work import Work, use_case

FORMATS = ("hledger", "beancount")
ROOTS = {
    "asset": "Assets",
    "liability": "Liabilities",
    "equity": "Equity",
    "income": "Income",
    "expense": "Expenses",
}
OPEN_DATE = "1970-01-01"


def account_name(acc: Account) -> str:
    """``Assets:1000-CashOnHand``: a name valid in beancount, hledger and ledger."""
    code = re.sub(r"[^A-Za-z0-9-]", "-", acc.code)
    code = code[0].upper() + code[1:]
    words = re.split(r"[^A-Za-z0-9]+", acc.name.replace("'", ""))
    camel = "".join(w[0].upper() + w[1:] for w in words if w)
    return f"{ROOTS[acc.type]}:{code}" + (f"-{camel}" if camel else "")


def _clean(text: str) -> str:
    return " ".join(text.replace(";", ",").split())


def _quote(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _amount(amount: object, currency: str) -> str:
    return f"{amount:.{exponent(currency)}f} {currency}"


EntryHead = tuple[int | None, date, str, str]  # id, date, number, description
PostingLine = tuple[int, Decimal, str, str]  # account id, amount, currency, memo


def _entries(work: Work) -> Iterator[tuple[EntryHead, list[PostingLine]]]:
    """(entry fields, [posting fields]) in date order, streamed."""
    query = (
        select(
            col(JournalEntry.id),
            col(JournalEntry.entry_date),
            col(JournalEntry.number),
            col(JournalEntry.description),
            col(Posting.account_id),
            col(Posting.amount),
            col(Posting.currency),
            col(Posting.memo),
        )
        .join(Posting, col(Posting.entry_id) == col(JournalEntry.id))
        .where(col(JournalEntry.tenant_id) == work.tenant_id)
        .order_by(col(JournalEntry.entry_date), col(JournalEntry.id), col(Posting.line_no))
    )
    current: EntryHead | None = None
    lines: list[PostingLine] = []
    result = work.session.connection().execution_options(yield_per=20000).execute(query)
    for ident, day, number, desc, acc, amount, cur, memo in result:
        if current is None or current[0] != ident:
            if current is not None:
                yield current, lines
            current, lines = (ident, day, number, desc), []
        lines.append((acc, amount, cur, memo))
    if current is not None:
        yield current, lines


def _accounts(work: Work) -> dict[int, Account]:
    rows = (
        work.session.execute(
            select(Account)
            .where(col(Account.tenant_id) == work.tenant_id)
            .order_by(col(Account.code))
        )
        .scalars()
        .all()
    )
    return {a.id: a for a in rows if a.id is not None}


def write_hledger(work: Work, out: TextIO) -> int:
    """hledger / ledger-cli journal; returns the number of entries written."""
    accounts = _accounts(work)
    names = {i: account_name(a) for i, a in accounts.items()}
    out.write(f"; ledgerctl export, tenant {work.tenant.slug}\n\n")
    for name in names.values():
        out.write(f"account {name}\n")
    count = 0
    for (_, day, number, desc), lines in _entries(work):
        out.write(f"\n{day.isoformat()} * ({number}) {_clean(desc) or number}\n")
        for acc, amount, cur, memo in lines:
            comment = f"  ; {_clean(memo)}" if memo.strip() else ""
            out.write(f"    {names[acc]}  {_amount(amount, cur)}{comment}\n")
        count += 1
    return count


def write_beancount(work: Work, out: TextIO) -> int:
    """Beancount ledger with open and commodity directives; returns entries written."""
    accounts = _accounts(work)
    names = {i: account_name(a) for i, a in accounts.items()}
    currencies = _currencies(work)
    out.write(f"; ledgerctl export, tenant {work.tenant.slug}\n")
    out.write(f'option "title" {_quote(work.tenant.name)}\n')
    out.write(f'option "operating_currency" "{work.tenant.base_currency}"\n\n')
    for cur in sorted(currencies | {work.tenant.base_currency}):
        out.write(f"{OPEN_DATE} commodity {cur}\n")
    for name in names.values():
        out.write(f"{OPEN_DATE} open {name}\n")
    count = 0
    for (_, day, number, desc), lines in _entries(work):
        out.write(f"\n{day.isoformat()} * {_quote(desc or number)}\n")
        out.write(f"  number: {_quote(number)}\n")
        for acc, amount, cur, memo in lines:
            out.write(f"  {names[acc]}  {_amount(amount, cur)}\n")
            if memo.strip():
                out.write(f"    memo: {_quote(memo)}\n")
        count += 1
    return count


def _currencies(work: Work) -> set[str]:
    query = select(col(PeriodTotal.currency)).where(col(PeriodTotal.tenant_id) == work.tenant_id)
    return set(work.session.execute(query.distinct()).scalars().all())


@dataclass(frozen=True)
class ExportResult:
    """How many entries were written, and where (None: stdout)."""

    entries: int
    output: Path | None


WRITERS: dict[str, Callable[[Work, TextIO], int]] = {
    "hledger": write_hledger,
    "beancount": write_beancount,
}


@use_case("ledger.export", write=False)
def export_journal(work: Work, fmt: str, output: Path | None) -> ExportResult:
    """`ledger export`: the tenant's journal as hledger/ledger or beancount text (the file is
    written atomically; stdout without ``output``)."""
    from ledgerctl.outputs.api import atomic_path

    if fmt not in WRITERS:
        raise UsageError(f"--format {fmt!r} must be one of {', '.join(FORMATS)}")
    write = WRITERS[fmt]
    if output is None:
        return ExportResult(write(work, sys.stdout), None)
    with atomic_path(output) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        count = write(work, fh)
    return ExportResult(count, output)
