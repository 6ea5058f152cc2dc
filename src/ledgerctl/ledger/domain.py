"""Pure rules of the general ledger: lines, entry drafts, balancing, content hashes, sides.

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

ACCOUNT_TYPES = ("asset", "liability", "equity", "income", "expense")
DEBIT_NORMAL = ("asset", "expense")


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
    return Line(*item)  # type: ignore[arg-type]


def normal_side(account_type: str) -> str:
    """Debit for assets and expenses, credit for liabilities, equity and income."""
    if account_type not in ACCOUNT_TYPES:
        raise UsageError(f"account type {account_type!r} is not one of {', '.join(ACCOUNT_TYPES)}")
    return "debit" if account_type in DEBIT_NORMAL else "credit"


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


def debit_credit(net: Decimal) -> tuple[Decimal, Decimal]:
    """Split a signed balance into (debit column, credit column) of a trial balance."""
    zero = net - net  # keeps the exponent
    return (net, zero) if net >= 0 else (zero, -net)


def natural_balance(net: Decimal, side: str) -> Decimal:
    """A signed (debit-positive) balance shown the way the account normally runs."""
    return net if side == "debit" else -net


@dataclass
class TrialBalance:
    """Rows per account/currency with debit and credit balance columns, and totals."""

    as_of: date
    rows: list[dict[str, object]]
    totals: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        return all(dr == cr for dr, cr in self.totals.values())

    def table(self) -> list[dict[str, object]]:
        """The rows followed by one total row per currency."""
        out = list(self.rows)
        for cur, (dr, cr) in sorted(self.totals.items()):
            out.append(
                {
                    "code": "TOTAL",
                    "name": f"Total {cur}",
                    "type": "",
                    "currency": cur,
                    "debit": dr,
                    "credit": cr,
                }
            )
        return out


def build_trial_balance(
    as_of: date, accounts: dict[int, tuple[str, str, str]], nets: dict[tuple[int, str], Decimal]
) -> TrialBalance:
    """Trial balance from signed nets per (account id, currency); accounts map id to
    (code, name, type). Zero balances are left out; rows sorted by code and currency."""
    tb = TrialBalance(as_of, [])
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0.00"), Decimal("0.00")])
    for (acc_id, cur), net in sorted(
        nets.items(), key=lambda kv: (accounts[kv[0][0]][0], kv[0][1])
    ):
        if net == 0:
            continue
        code, name, type_ = accounts[acc_id]
        debit, credit = debit_credit(net)
        tb.rows.append(
            {
                "code": code,
                "name": name,
                "type": type_,
                "currency": cur,
                "debit": debit,
                "credit": credit,
            }
        )
        sums[cur][0] += debit
        sums[cur][1] += credit
    tb.totals = {cur: (dr, cr) for cur, (dr, cr) in sums.items()}
    return tb
