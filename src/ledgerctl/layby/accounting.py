"""Journal entries of lay-by money, posted in the caller's Work (accounts from
``rules/layby/accounts.yaml``; payment methods from the pos tender accounts).

- payment: Dr cash/card/momo, Cr lay-by deposits (a liability until release);
- refund: Dr lay-by deposits, Cr the tender that paid;
- fee charged (service, administration, late): Dr lay-by fees receivable, Cr fee income;
- completion: the pos sale (Dr deposits, Cr sales + taxes; Dr COGS, Cr inventory) and the
  fees settled out of the deposits: Dr deposits, Cr fees receivable;
- cancellation: fees waived (Dr fee income, Cr fees receivable) or kept (Dr deposits,
  Cr fees receivable), the cancellation charge kept (Dr deposits, Cr cancellation income)
  and the refund (Dr deposits, Cr each tender).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from ledgerctl.core.errors import UsageError
from ledgerctl.layby.config import ensure_accounts
from ledgerctl.layby.rules import LaybyAccounts
from ledgerctl.ledger.api import post
from ledgerctl.pos.api import account_map
from ledgerctl.work import Work

NOT_METHODS = ("account", "deposit")


def methods(work: Work) -> list[str]:
    """Payment methods a lay-by accepts: the pos tenders that are money (cash, card, momo)."""
    return [t for t in account_map(work.ctx.home).tenders if t not in NOT_METHODS]


def check_method(work: Work, method: str) -> str:
    allowed = methods(work)
    if method not in allowed:
        raise UsageError(f"--method {method!r} must be one of {', '.join(allowed)}")
    return method


def tender_account(work: Work, method: str) -> str:
    return account_map(work.ctx.home).tender_account(check_method(work, method))


def _post(
    work: Work, day: date, text: str, lines: Iterable[tuple[str, Decimal, str]], reference: str
) -> str | None:
    kept = [(code, amount, None, memo) for code, amount, memo in lines if amount != 0]
    if not kept:
        return None
    return post(work, day, text, kept, source="layby", reference=reference).number


def post_payment(
    work: Work,
    day: date,
    number: str,
    receipt: str,
    method: str,
    amount: Decimal,
    *,
    refund: bool = False,
) -> str | None:
    """A payment into (or a refund out of) lay-by deposits."""
    amap = ensure_accounts(work)
    sign = -1 if refund else 1
    text = f"Lay-by {number} {'refund' if refund else 'payment'} {receipt}"
    return _post(
        work,
        day,
        text,
        [
            (tender_account(work, method), sign * amount, method),
            (amap.deposits, -sign * amount, number),
        ],
        receipt,
    )


def post_fees(
    work: Work,
    day: date,
    text: str,
    amount: Decimal,
    reference: str,
    amap: LaybyAccounts | None = None,
) -> str | None:
    """Fees charged: Dr fees receivable, Cr fee income."""
    amap = amap or ensure_accounts(work)
    return _post(
        work,
        day,
        text,
        [(amap.fees_receivable, amount, ""), (amap.fee_income, -amount, "")],
        reference,
    )


def post_fee_settlement(work: Work, day: date, number: str, fees: Decimal) -> str | None:
    """On completion the fees paid move out of the deposits: Dr deposits, Cr receivable."""
    amap = ensure_accounts(work)
    return _post(
        work,
        day,
        f"Lay-by {number} fees settled on completion",
        [(amap.deposits, fees, number), (amap.fees_receivable, -fees, number)],
        number,
    )


def post_cancellation(
    work: Work,
    day: date,
    number: str,
    *,
    waived: Decimal,
    kept: Decimal,
    fee: Decimal,
    refunds: dict[str, Decimal],
) -> str | None:
    """The whole cancellation settlement as one entry."""
    amap = ensure_accounts(work)
    lines = [
        (amap.fee_income, waived, "fees waived"),
        (amap.fees_receivable, -waived, "fees waived"),
        (amap.deposits, kept, "fees kept"),
        (amap.fees_receivable, -kept, "fees kept"),
        (amap.deposits, fee, "cancellation fee"),
        (amap.cancellation_income, -fee, "cancellation fee"),
    ]
    for method, amount in refunds.items():
        lines += [
            (amap.deposits, amount, "refund"),
            (tender_account(work, method), -amount, f"refund {method}"),
        ]
    return _post(work, day, f"Lay-by {number} cancelled", lines, number)
