"""The ledger group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.

Posting inside the caller's Work: ``post``, ``post_many``, ``reverse`` (with ``Line`` /
``EntryDraft``); as use cases (``uc(work, ...)`` or ``uc.run(ctx, ...)``): ``post_entry``,
``reverse_entry``, ``close_period``, ``reopen_period``, ``balances``, ``journal``.

Periods (the one period lock): ``require_open(work, codes, what=None)`` before writing anything
dated in those months (exit 4 if one is closed), ``is_open(work, day_or_month)`` to ask
without locking, ``close(work, code)``, ``reopen(work, code, reason)``, ``list_periods(work)``
(rows ``FiscalPeriod``) or ``period_rows`` (use case, rows ``PeriodRow``).

Ctx-level workflows: ``install_chart(ctx, template, tenant_slug=...)``, ``post_batch``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.ledger import chart
    from ledgerctl.ledger.accounts import ChartInstalled, install_chart
    from ledgerctl.ledger.chart import accounts_by_code, add_account
    from ledgerctl.ledger.domain import EntryDraft, Line, TrialBalance, TrialBalanceRow
    from ledgerctl.ledger.entries import (
        EntryPosted,
        EntryReversed,
        post_batch,
        post_entry,
        reverse_entry,
    )
    from ledgerctl.ledger.periods import (
        PeriodRow,
        close,
        close_period,
        is_open,
        list_periods,
        period_rows,
        reopen,
        reopen_period,
        require_open,
    )
    from ledgerctl.ledger.posting import PostedEntry, post, post_many, reverse
    from ledgerctl.ledger.sql import upsert_insert
    from ledgerctl.ledger.tables import Account, FiscalPeriod, JournalEntry, Posting
    from ledgerctl.ledger.views import (
        AccountBalance,
        JournalLine,
        balances,
        journal,
        trial_balance,
    )

_EXPORTS = {
    "Account": "ledgerctl.ledger.tables",
    "AccountBalance": "ledgerctl.ledger.views",
    "ChartInstalled": "ledgerctl.ledger.accounts",
    "EntryDraft": "ledgerctl.ledger.domain",
    "EntryPosted": "ledgerctl.ledger.entries",
    "EntryReversed": "ledgerctl.ledger.entries",
    "FiscalPeriod": "ledgerctl.ledger.tables",
    "JournalEntry": "ledgerctl.ledger.tables",
    "JournalLine": "ledgerctl.ledger.views",
    "Line": "ledgerctl.ledger.domain",
    "PeriodRow": "ledgerctl.ledger.periods",
    "PostedEntry": "ledgerctl.ledger.posting",
    "Posting": "ledgerctl.ledger.tables",
    "TrialBalance": "ledgerctl.ledger.domain",
    "TrialBalanceRow": "ledgerctl.ledger.domain",
    "accounts_by_code": "ledgerctl.ledger.chart",
    "add_account": "ledgerctl.ledger.chart",
    "balances": "ledgerctl.ledger.views",
    "chart": "module:ledgerctl.ledger.chart",
    "close": "ledgerctl.ledger.periods",
    "close_period": "ledgerctl.ledger.periods",
    "install_chart": "ledgerctl.ledger.accounts",
    "is_open": "ledgerctl.ledger.periods",
    "journal": "ledgerctl.ledger.views",
    "list_periods": "ledgerctl.ledger.periods",
    "period_rows": "ledgerctl.ledger.periods",
    "post": "ledgerctl.ledger.posting",
    "post_batch": "ledgerctl.ledger.entries",
    "post_entry": "ledgerctl.ledger.entries",
    "post_many": "ledgerctl.ledger.posting",
    "reopen": "ledgerctl.ledger.periods",
    "reopen_period": "ledgerctl.ledger.periods",
    "require_open": "ledgerctl.ledger.periods",
    "reverse": "ledgerctl.ledger.posting",
    "reverse_entry": "ledgerctl.ledger.entries",
    "trial_balance": "ledgerctl.ledger.views",
    "upsert_insert": "ledgerctl.ledger.sql",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
