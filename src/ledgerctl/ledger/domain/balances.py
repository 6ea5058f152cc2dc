"""Pure rules of balances: account types and normal sides, debit/credit columns, trial balance.

A balance is a signed ``Decimal`` (debit positive). ``build_trial_balance`` turns the nets per
(account, currency) into rows and per-currency totals; it does not read anything itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ledgerctl.core.errors import UsageError

ACCOUNT_TYPES = ("asset", "liability", "equity", "income", "expense")
DEBIT_NORMAL = ("asset", "expense")


def normal_side(account_type: str) -> str:
    """Debit for assets and expenses, credit for liabilities, equity and income."""
    if account_type not in ACCOUNT_TYPES:
        raise UsageError(f"account type {account_type!r} is not one of {', '.join(ACCOUNT_TYPES)}")
    return "debit" if account_type in DEBIT_NORMAL else "credit"


def debit_credit(net: Decimal) -> tuple[Decimal, Decimal]:
    """Split a signed balance into (debit column, credit column) of a trial balance."""
    zero = net - net  # keeps the exponent
    return (net, zero) if net >= 0 else (zero, -net)


def natural_balance(net: Decimal, side: str) -> Decimal:
    """A signed (debit-positive) balance shown the way the account normally runs."""
    return net if side == "debit" else -net


@dataclass(frozen=True)
class TrialBalanceRow:
    """One account and currency of a trial balance (or a ``TOTAL`` row per currency)."""

    code: str
    name: str
    type: str
    currency: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class TrialBalance:
    """Rows per account/currency with debit and credit balance columns, and totals."""

    as_of: date
    rows: tuple[TrialBalanceRow, ...]
    totals: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        """Debits equal credits in every currency."""
        return all(dr == cr for dr, cr in self.totals.values())

    def total_rows(self) -> list[TrialBalanceRow]:
        """One ``TOTAL`` row per currency, sorted by currency."""
        return [
            TrialBalanceRow("TOTAL", f"Total {cur}", "", cur, dr, cr)
            for cur, (dr, cr) in sorted(self.totals.items())
        ]

    def table(self) -> list[dict[str, object]]:
        """The rows followed by one total row per currency, as mappings (for sheets)."""
        return [vars(row).copy() for row in (*self.rows, *self.total_rows())]


def build_trial_balance(
    as_of: date,
    accounts: Mapping[int, tuple[str, str, str]],
    nets: Mapping[tuple[int, str], Decimal],
) -> TrialBalance:
    """Trial balance from signed nets per (account id, currency); accounts map id to
    (code, name, type). Zero balances are left out; rows sorted by code and currency."""
    rows: list[TrialBalanceRow] = []
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0.00"), Decimal("0.00")])
    for (acc_id, cur), net in sorted(
        nets.items(), key=lambda kv: (accounts[kv[0][0]][0], kv[0][1])
    ):
        if net == 0:
            continue
        code, name, type_ = accounts[acc_id]
        debit, credit = debit_credit(net)
        rows.append(TrialBalanceRow(code, name, type_, cur, debit, credit))
        sums[cur][0] += debit
        sums[cur][1] += credit
    totals = {cur: (dr, cr) for cur, (dr, cr) in sums.items()}
    return TrialBalance(as_of, tuple(rows), totals)
