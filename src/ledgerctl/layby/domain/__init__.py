"""Pure lay-by rules and calculations: no database, files, network or clock.

- ``inputs``: the deposit, item and amount an operator types, checked;
- ``schedule``: deposit range, fees as percentages, due dates, the instalment schedule and
  the payment waterfall;
- ``cancellation``: the cancellation fee, fees kept or waived, and the refund split over the
  tenders that paid.
"""

from ledgerctl.layby.domain.cancellation import (
    CancelTerms,
    Settlement,
    settle_cancellation,
    split_refund,
)
from ledgerctl.layby.domain.inputs import DepositSpec, check_amount, parse_deposit, parse_item
from ledgerctl.layby.domain.schedule import (
    HUNDRED,
    ZERO,
    ScheduledPayment,
    add_months,
    deposit_amount,
    due_date,
    max_instalments,
    percent_of,
    schedule,
    waterfall,
)

__all__ = [
    "HUNDRED",
    "ZERO",
    "CancelTerms",
    "DepositSpec",
    "ScheduledPayment",
    "Settlement",
    "add_months",
    "check_amount",
    "deposit_amount",
    "due_date",
    "max_instalments",
    "parse_deposit",
    "parse_item",
    "percent_of",
    "schedule",
    "settle_cancellation",
    "split_refund",
    "waterfall",
]
