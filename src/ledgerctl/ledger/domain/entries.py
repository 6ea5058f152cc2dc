"""Pure rules of journal entries: lines, entry drafts, balancing, content hashes.

Nothing here touches the database. Amounts are signed ``Decimal``: a debit is positive, a
credit is negative, and an entry balances when its amounts sum to zero in every currency.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import format_money, parse_amount


@dataclass(frozen=True)
class Line:
    """One posting line of an entry to be posted.

    ``amount`` is signed: debit positive, credit negative (``Decimal``, never float).
    ``currency`` ``None`` means the tenant's base currency.
    """

    account: str
    amount: Decimal
    currency: str | None = None
    memo: str = ""


LineLike = (
    Line
    | tuple[str, Decimal]
    | tuple[str, Decimal, str | None]
    | tuple[str, Decimal, str | None, str]
)


@dataclass(frozen=True)
class EntryDraft:
    """An entry before it is posted. ``origin`` names where it came from, for error messages
    (e.g. ``entries.csv:4``); it is not stored."""

    entry_date: date
    description: str
    lines: tuple[Line, ...]
    reference: str = ""
    source: str = "manual"
    origin: str = ""
    reverses_number: str | None = field(default=None)


def as_line(item: LineLike) -> Line:
    """Accept a ``Line`` or a tuple ``(account, amount[, currency[, memo]])``."""
    if isinstance(item, Line):
        return item
    if not isinstance(item, tuple) or not 2 <= len(item) <= 4:
        raise UsageError(f"posting line {item!r} must be (account, amount[, currency[, memo]])")
    return Line(*item)


def _where(draft: EntryDraft) -> str:
    return f"{draft.origin}: " if draft.origin else ""


def _normalise_line(draft: EntryDraft, index: int, line: Line, base_currency: str) -> Line:
    currency = (line.currency or base_currency).upper()
    label = f"{_where(draft)}line {index} ({line.account})"
    if isinstance(line.amount, float):
        raise UsageError(f"{label}: amount must be Decimal, never float")
    amount = parse_amount(
        line.amount if isinstance(line.amount, Decimal | int) else str(line.amount),
        currency,
        field=f"{label} amount",
    )
    if amount == 0:
        raise UsageError(f"{label}: amount is zero; leave the line out")
    return Line(str(line.account).strip(), amount, currency, line.memo or "")


def check_draft(draft: EntryDraft, base_currency: str) -> EntryDraft:
    """Validate a draft and return it with currencies filled in and amounts quantised.

    Raises ``UsageError`` (exit 2) for fewer than two lines, zero or over-precise amounts
    and entries that do not balance in some currency.
    """
    if len(draft.lines) < 2:
        raise UsageError(
            f"{_where(draft)}an entry needs at least two lines "
            f"(a debit and a credit); got {len(draft.lines)}"
        )
    if len(draft.description) > 500:
        raise UsageError(f"{_where(draft)}description is longer than 500 characters")
    lines = tuple(
        _normalise_line(draft, i, ln, base_currency) for i, ln in enumerate(draft.lines, start=1)
    )
    for currency, (debits, credits) in sorted(side_totals(lines).items()):
        if debits != credits:
            raise UsageError(
                f"{_where(draft)}entry {draft.description!r} does not balance in {currency}: "
                f"debits {format_money(debits)}, credits {format_money(credits)}; "
                "fix the amounts"
            )
    return EntryDraft(
        draft.entry_date,
        draft.description,
        lines,
        draft.reference,
        draft.source,
        draft.origin,
        draft.reverses_number,
    )


def side_totals(lines: Iterable[Line]) -> dict[str, tuple[Decimal, Decimal]]:
    """Per currency: (sum of debits, sum of credits as a positive number)."""
    debit: dict[str, Decimal] = defaultdict(Decimal)
    credit: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        cur = line.currency or ""
        if line.amount > 0:
            debit[cur] += line.amount
        else:
            credit[cur] -= line.amount
    return {c: (debit[c], credit[c]) for c in set(debit) | set(credit)}


def mirror(lines: Sequence[Line]) -> tuple[Line, ...]:
    """The lines of a reversing entry: every amount negated."""
    return tuple(Line(ln.account, -ln.amount, ln.currency, ln.memo) for ln in lines)


def content_hash(number: str, draft: EntryDraft) -> str:
    """SHA-256 over the canonical content of a posted entry (what ``audit`` re-checks)."""
    body = {
        "number": number,
        "date": draft.entry_date.isoformat(),
        "description": draft.description,
        "reference": draft.reference,
        "source": draft.source,
        "reverses": draft.reverses_number,
        "lines": [
            [i, ln.account, ln.currency, str(ln.amount), ln.memo]
            for i, ln in enumerate(draft.lines, start=1)
        ],
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
