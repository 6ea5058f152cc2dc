"""Pure billing rules: retainer proration, balances and ageing as of a date, allocation checks.

Nothing here touches the database, files or the clock; it imports only ``ledgerctl.core`` and
the standard library. Amounts are ``Decimal`` in the client's currency.
"""

from ledgerctl.billing.domain.ageing import (
    Account,
    Aging,
    AllocationFact,
    LiveStatement,
    PaymentFact,
    aging,
    bucket_of,
)
from ledgerctl.billing.domain.allocation import parse_allocation, parse_allocations
from ledgerctl.billing.domain.proration import (
    CHARGE_KINDS,
    LINE_KINDS,
    DraftLine,
    RetainerTerm,
    day_before,
    period_label,
    prorate,
    resolve_period,
    retainer_line,
)

__all__ = [
    "CHARGE_KINDS",
    "LINE_KINDS",
    "Account",
    "Aging",
    "AllocationFact",
    "DraftLine",
    "LiveStatement",
    "PaymentFact",
    "RetainerTerm",
    "aging",
    "bucket_of",
    "day_before",
    "parse_allocation",
    "parse_allocations",
    "period_label",
    "prorate",
    "resolve_period",
    "retainer_line",
]
