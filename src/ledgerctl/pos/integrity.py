"""Integrity checks of the pos group, run by `ledgerctl audit check`.

- stock levels equal the sums of their movements (quantity and value);
- every sale's totals equal its lines and taxes, and its payments cover it;
- each branch's inventory account holds exactly the value of its posted stock movements;
- each tax payable account moved by pos entries equals the taxes of posted sales less the
  taxes of posted returns (the month-end tax reconciliation of the notes).

Each check reads in bulk (a few grouped queries per tenant).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import and_, case, func
from sqlmodel import col, select

from ledgerctl.audit.api import CheckResult
from ledgerctl.ledger.api import Account, JournalEntry, Posting
from ledgerctl.pos.rules import account_map
from ledgerctl.pos.stock import movement_totals
from ledgerctl.pos.tables import (
    Location,
    PostingJob,
    ReturnTax,
    Sale,
    SaleLine,
    SalePayment,
    SaleTax,
    StockLevel,
    StockMovement,
)
from ledgerctl.work import Work

MAX_LISTED = 20
ZERO = Decimal("0.00")


def check_stock_levels(work: Work) -> CheckResult:
    """Each level's quantity and value equal the sums of its movements."""
    moved = movement_totals(work)
    levels = work.session.exec(
        select(StockLevel).where(StockLevel.tenant_id == work.tenant_id)
    ).all()
    problems = []
    for lv in levels:
        qty, value = moved.pop((lv.location_id, lv.product_id), (Decimal(0), ZERO))
        if (qty, value) != (lv.quantity, lv.value):
            problems.append(
                f"stock of product {lv.product_id} at location {lv.location_id}: "
                f"level {lv.quantity} / {lv.value}, movements {qty} / {value}"
            )
    for (loc, prod), (qty, value) in moved.items():
        problems.append(
            f"movements of product {prod} at location {loc} ({qty} / {value}) have no stock level"
        )
    return CheckResult("pos stock levels = movements", len(levels), tuple(problems[:MAX_LISTED]))


def _per_sale(work: Work, column: object, model: type) -> dict[int, Decimal]:
    rows = work.session.exec(
        select(model.sale_id, func.sum(column))  # type: ignore[attr-defined]
        .where(model.tenant_id == work.tenant_id)  # type: ignore[attr-defined]
        .group_by(model.sale_id)  # type: ignore[attr-defined]
    ).all()
    return dict(rows)


def check_sale_totals(work: Work) -> CheckResult:
    """net = sum of line nets, tax = sum of line taxes = sum of tax rows, gross = net + tax,
    payments = gross, tendered - change = gross."""
    nets = _per_sale(work, SaleLine.net, SaleLine)
    line_tax = _per_sale(work, SaleLine.tax_total, SaleLine)
    taxes = _per_sale(work, SaleTax.amount, SaleTax)
    paid = _per_sale(work, SalePayment.amount, SalePayment)
    problems = []
    sales = work.session.exec(
        select(  # type: ignore[call-overload]
            Sale.id,
            Sale.number,
            Sale.net,
            Sale.tax_total,
            Sale.gross,
            Sale.tendered,
            Sale.change_given,
        ).where(Sale.tenant_id == work.tenant_id)
    ).all()
    for ident, number, net, tax, gross, tendered, change in sales:
        found = (
            nets.get(ident, ZERO),
            line_tax.get(ident, ZERO),
            taxes.get(ident, ZERO),
            paid.get(ident, ZERO),
        )
        if found != (net, tax, tax, gross) or net + tax != gross or tendered - change != gross:
            problems.append(
                f"sale {number}: stored net {net} tax {tax} gross {gross}, lines "
                f"say net {found[0]} tax {found[1]}, tax rows {found[2]}, "
                f"payments {found[3]}"
            )
    return CheckResult("pos sale totals = lines + taxes", len(sales), tuple(problems[:MAX_LISTED]))


def _account_sums(work: Work, codes: list[str], pos_only: bool) -> dict[str, Decimal]:
    query = (
        select(Account.code, func.sum(Posting.amount))
        .join(Account, Account.id == Posting.account_id)  # type: ignore[arg-type]
        .where(Posting.tenant_id == work.tenant_id, col(Account.code).in_(codes))
    )
    if pos_only:
        query = query.join(JournalEntry, JournalEntry.id == Posting.entry_id).where(  # type: ignore[arg-type]
            JournalEntry.source == "pos"
        )
    return dict(work.session.exec(query.group_by(Account.code)).all())


def _posted(doc_type: object, doc_id: object, event: object) -> object:
    return (
        select(PostingJob.id)
        .where(
            PostingJob.tenant_id == StockMovement.tenant_id,
            PostingJob.doc_type == doc_type,
            PostingJob.doc_id == doc_id,
            PostingJob.event == event,
            PostingJob.status == "posted",
        )
        .exists()
    )


def check_inventory_accounts(work: Work) -> CheckResult:
    """Each branch's inventory account = the value of its movements whose posting is posted."""
    event = case(
        (StockMovement.kind == "transfer_out", "send"),  # type: ignore[arg-type]
        (StockMovement.kind == "transfer_in", "receive"),  # type: ignore[arg-type]
        else_="post",
    )
    posted = work.session.exec(
        select(Location.inventory_account, func.sum(StockMovement.value))
        .join(Location, Location.id == StockMovement.location_id)  # type: ignore[arg-type]
        .where(
            StockMovement.tenant_id == work.tenant_id,
            _posted(StockMovement.doc_type, StockMovement.doc_id, event),  # type: ignore[arg-type]
        )
        .group_by(Location.inventory_account)
    ).all()
    expected = dict(posted)
    codes = list(
        work.session.exec(
            select(Location.inventory_account).where(Location.tenant_id == work.tenant_id)
        ).all()
    )
    ledger = _account_sums(work, codes, pos_only=False)
    problems = [
        f"inventory account {c}: ledger {ledger.get(c, ZERO)}, posted stock {expected.get(c, ZERO)}"
        for c in codes
        if ledger.get(c, ZERO) != expected.get(c, ZERO)
    ]
    return CheckResult(
        "pos inventory accounts = stock value", len(codes), tuple(problems[:MAX_LISTED])
    )


def _posted_doc_taxes(work: Work, model: type, doc_type: str, key: object) -> dict[str, Decimal]:
    job = and_(
        PostingJob.tenant_id == work.tenant_id,  # type: ignore[arg-type]
        PostingJob.doc_type == doc_type,  # type: ignore[arg-type]
        PostingJob.doc_id == key,  # type: ignore[arg-type]
        PostingJob.status == "posted",  # type: ignore[arg-type]
    )
    rows = work.session.exec(
        select(model.code, func.sum(model.amount))  # type: ignore[attr-defined]
        .join(PostingJob, job)
        .where(model.tenant_id == work.tenant_id)  # type: ignore[attr-defined]
        .group_by(model.code)  # type: ignore[attr-defined]
    ).all()
    return dict(rows)


def check_tax_accounts(work: Work) -> CheckResult:
    """Per tax: the pos entries on its payable account = taxes of posted sales - returns."""
    amap = account_map(work.ctx.home)
    sold = _posted_doc_taxes(work, SaleTax, "sale", SaleTax.sale_id)
    back = _posted_doc_taxes(work, ReturnTax, "return", ReturnTax.return_id)
    ledger = _account_sums(work, sorted(set(amap.taxes.values())), pos_only=True)
    per_account: dict[str, Decimal] = defaultdict(Decimal)
    for code in set(sold) | set(back):
        per_account[amap.taxes.get(code, f"? {code}")] += sold.get(code, ZERO) - back.get(
            code, ZERO
        )
    problems = [
        f"tax account {acc}: pos entries credit {-ledger.get(acc, ZERO)}, posted "
        f"documents say {per_account.get(acc, ZERO)}"
        for acc in sorted(set(per_account) | set(ledger))
        if -ledger.get(acc, ZERO) != per_account.get(acc, ZERO)
    ]
    return CheckResult(
        "pos tax accounts = taxes collected", len(per_account), tuple(problems[:MAX_LISTED])
    )


CHECKS = [check_stock_levels, check_sale_totals, check_inventory_accounts, check_tax_accounts]
