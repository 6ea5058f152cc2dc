"""The ledger group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.ledger import chart
    from ledgerctl.ledger import service as use_cases
    from ledgerctl.ledger.chart import accounts_by_code, add_account
    from ledgerctl.ledger.domain import EntryDraft, Line
    from ledgerctl.ledger.periods import require_open
    from ledgerctl.ledger.posting import post, post_many, reverse
    from ledgerctl.ledger.reports import trial_balance
    from ledgerctl.ledger.sql import upsert_insert
    from ledgerctl.ledger.tables import Account, FiscalPeriod, JournalEntry, Posting

_EXPORTS = {
    "Account": "ledgerctl.ledger.tables",
    "EntryDraft": "ledgerctl.ledger.domain",
    "FiscalPeriod": "ledgerctl.ledger.tables",
    "JournalEntry": "ledgerctl.ledger.tables",
    "Line": "ledgerctl.ledger.domain",
    "Posting": "ledgerctl.ledger.tables",
    "accounts_by_code": "ledgerctl.ledger.chart",
    "add_account": "ledgerctl.ledger.chart",
    "chart": "module:ledgerctl.ledger.chart",
    "post": "ledgerctl.ledger.posting",
    "post_many": "ledgerctl.ledger.posting",
    "require_open": "ledgerctl.ledger.periods",
    "reverse": "ledgerctl.ledger.posting",
    "trial_balance": "ledgerctl.ledger.reports",
    "upsert_insert": "ledgerctl.ledger.sql",
    "use_cases": "module:ledgerctl.ledger.service",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
