"""Journal entries of pos documents (pure): which accounts a sale, return, transfer, customer
payment or stock document debits and credits, from the posting map in ``rules/pos``.

Perpetual inventory, as in the notes: a cash sale of net 100 (2026) costing 70 is
Dr Cash 120 / Cr Sales 100, Cr VAT 15, Cr NHIL 2.50, Cr GETFund 2.50; Dr COGS 70 / Cr Inventory
70. A return mirrors it at the original cost and the original regime's taxes. Transfers move
inventory at cost through stock in transit: no revenue, no tax. Zero lines are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from ledgerctl.ledger.api import EntryDraft, Line
from ledgerctl.pos.rules import AccountMap


def _lines(items: Iterable[tuple[str, Decimal, str]]) -> tuple[Line, ...]:
    return tuple(Line(code, amount, None, memo) for code, amount, memo in items if amount != 0)


def draft(day: date, description: str, reference: str, lines: tuple[Line, ...]) -> EntryDraft:
    return EntryDraft(day, description, lines, reference=reference, source="pos")


def _variance(amap: AccountMap, branch: str, variance: Decimal) -> list[tuple[str, Decimal, str]]:
    """Goods coming in to negative stock: the costing variance (``costing.put``) moves from the
    branch's inventory to cost of sales."""
    return [
        (amap.cost_of_sales, variance, "costing variance"),
        (amap.branch_inventory(branch), -variance, "costing variance"),
    ]


def sale_entry(
    amap: AccountMap,
    *,
    day: date,
    number: str,
    kind: str,
    branch: str,
    net: Decimal,
    taxes: Mapping[str, Decimal],
    payments: Iterable[tuple[str, Decimal]],
    cost: Decimal,
) -> EntryDraft:
    """Dr tenders, Cr sales (net) and each tax payable; Dr cost of sales, Cr the branch's
    inventory (cost)."""
    items = [(amap.tender_account(t), amount, t) for t, amount in payments]
    items.append((amap.sales.get(kind, amap.sales.get("retail", "")), -net, ""))
    items += [(amap.tax_account(code), -amount, code) for code, amount in taxes.items()]
    items += [(amap.cost_of_sales, cost, ""), (amap.branch_inventory(branch), -cost, "")]
    return draft(day, f"Sale {number}", number, _lines(items))


def return_entry(
    amap: AccountMap,
    *,
    day: date,
    number: str,
    sale_number: str,
    branch: str,
    net: Decimal,
    taxes: Mapping[str, Decimal],
    refunds: Iterable[tuple[str, Decimal]],
    cost: Decimal,
    variance: Decimal = Decimal(0),
) -> EntryDraft:
    """Dr sales returns (net) and each tax payable; Cr refund tenders; Dr the branch's
    inventory, Cr cost of sales (original cost)."""
    items = [(amap.returns, net, "")]
    items += [(amap.tax_account(code), amount, code) for code, amount in taxes.items()]
    items += [(amap.tender_account(t), -amount, t) for t, amount in refunds]
    items += [(amap.branch_inventory(branch), cost, ""), (amap.cost_of_sales, -cost, "")]
    items += _variance(amap, branch, variance)
    return draft(day, f"Return {number} of {sale_number}", number, _lines(items))


def transfer_entry(
    amap: AccountMap,
    *,
    day: date,
    number: str,
    branch: str,
    cost: Decimal,
    sending: bool,
    variance: Decimal = Decimal(0),
) -> EntryDraft:
    """Send: Dr stock in transit, Cr the sender's inventory. Receive: Dr the receiver's
    inventory, Cr stock in transit."""
    inventory = amap.branch_inventory(branch)
    if sending:
        items = [(amap.in_transit, cost, ""), (inventory, -cost, "")]
        text = f"Transfer {number} sent from {branch}"
    else:
        items = [(inventory, cost, ""), (amap.in_transit, -cost, "")]
        items += _variance(amap, branch, variance)
        text = f"Transfer {number} received at {branch}"
    return draft(day, text, number, _lines(items))


def payment_entry(
    amap: AccountMap, *, day: date, number: str, customer: str, tender: str, amount: Decimal
) -> EntryDraft:
    """Dr the tender's account, Cr accounts receivable."""
    items = [
        (amap.tender_account(tender), amount, tender),
        (amap.tender_account("account"), -amount, customer),
    ]
    return draft(day, f"Payment {number} from {customer}", number, _lines(items))


def stock_entry(
    amap: AccountMap,
    *,
    day: date,
    number: str,
    kind: str,
    branch: str,
    value: Decimal,
    variance: Decimal,
    credit_account: str,
) -> EntryDraft:
    """Receipt: Dr inventory, Cr the supplier/credit account. Adjustment: Dr/Cr inventory
    against stock adjustments. A costing variance moves between inventory and cost of sales."""
    inventory = amap.branch_inventory(branch)
    other = credit_account if kind == "receipt" else amap.stock_adjustments
    items = [(inventory, value, ""), (other, -value, ""), *_variance(amap, branch, variance)]
    label = "Goods received" if kind == "receipt" else "Stock adjustment"
    return draft(day, f"{label} {number} at {branch}", number, _lines(items))


def merge(drafts: Sequence[EntryDraft], batch: str) -> EntryDraft:
    """One entry for several documents of one day (a till import's sales of a branch): the
    amounts summed per account, currency and memo; zero sums left out."""
    sums: dict[tuple[str, str | None, str], Decimal] = {}
    for d in drafts:
        for ln in d.lines:
            key = (ln.account, ln.currency, ln.memo)
            sums[key] = sums.get(key, Decimal(0)) + ln.amount
    refs = sorted(d.reference for d in drafts)
    lines = tuple(
        Line(a, amount, cur, memo) for (a, cur, memo), amount in sums.items() if amount != 0
    )
    return EntryDraft(
        drafts[0].entry_date,
        f"Sales {batch.replace('/', ' ')}: {len(drafts)} documents ({refs[0]} .. {refs[-1]})",
        lines,
        reference=f"{refs[0]}..{refs[-1]}"[:128],
        source="pos",
    )
