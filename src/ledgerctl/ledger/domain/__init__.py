"""Pure rules of the general ledger (no database, files or clock): entries and balances.

``entries``: lines, drafts, balancing per currency, content hashes, reversal mirrors.
``balances``: account types and normal sides, debit/credit columns, the trial balance.
"""

from ledgerctl.ledger.domain.balances import (
    ACCOUNT_TYPES,
    DEBIT_NORMAL,
    TrialBalance,
    TrialBalanceRow,
    build_trial_balance,
    debit_credit,
    natural_balance,
    normal_side,
)
from ledgerctl.ledger.domain.entries import (
    EntryDraft,
    Line,
    LineLike,
    as_line,
    check_draft,
    content_hash,
    mirror,
    side_totals,
)

__all__ = [
    "ACCOUNT_TYPES",
    "DEBIT_NORMAL",
    "EntryDraft",
    "Line",
    "LineLike",
    "TrialBalance",
    "TrialBalanceRow",
    "as_line",
    "build_trial_balance",
    "check_draft",
    "content_hash",
    "debit_credit",
    "mirror",
    "natural_balance",
    "normal_side",
    "side_totals",
]
