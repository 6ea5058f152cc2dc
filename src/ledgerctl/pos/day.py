"""The day summary (Z report) of one branch and date: sales by kind and tender, tax by type,
returns and refunds, payments received on account, and the cash expected in the drawer.

Cash expected = cash applied to sales (cash handed over minus change) - cash refunds + cash
received on account. The opening float is not tracked by ledgerctl: add it when counting.
Rendered by section (table, CSV, JSON) or written as a workbook (Z report, Sales, Returns).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func
from sqlmodel import col, select

from ledgerctl.pos.lookup import Site, site
from ledgerctl.pos.tables import (
    CustomerPayment,
    Return,
    ReturnRefund,
    ReturnTax,
    Sale,
    SalePayment,
    SaleTax,
)
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work, use_case

ZERO = Decimal("0.00")
COLUMNS = ("section", "item", "count", "amount")


@dataclass(frozen=True)
class ZItem:
    """One figure of a section of the Z report."""

    item: str
    count: int | None
    amount: Decimal


@dataclass(frozen=True)
class ZSale:
    number: str
    kind: str
    customer: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    change: Decimal


@dataclass(frozen=True)
class ZReturn:
    number: str
    sale: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    reason: str


@dataclass(frozen=True)
class DaySummary:
    """The Z report: its figures by section (in order), and the day's sales and returns."""

    branch: str
    day: date
    sections: dict[str, tuple[ZItem, ...]]
    sales: tuple[ZSale, ...]
    returns: tuple[ZReturn, ...]

    @property
    def rows(self) -> list[dict[str, object]]:
        """The figures as rows with their section (the workbook's Z report sheet)."""
        return [
            {"section": name, **asdict(i)} for name, items in self.sections.items() for i in items
        ]

    @property
    def cash_expected(self) -> Decimal:
        return next(i.amount for i in self.sections["cash"] if i.item == "cash expected")


@dataclass
class _Parts:
    branch: str
    day: date
    sections: dict[str, list[ZItem]] = field(default_factory=dict)
    sales: list[ZSale] = field(default_factory=list)
    returns: list[ZReturn] = field(default_factory=list)

    def add(self, section: str, item: str, amount: Decimal, count: int | None = None) -> None:
        self.sections.setdefault(section, []).append(ZItem(item, count, amount))


def _sums(work: Work, key: object, amount: object, *where: object) -> dict[str, Decimal]:
    query = select(key, func.sum(amount)).where(*where).group_by(key)  # type: ignore[call-overload]
    return {k: v for k, v in work.session.exec(query).all()}


def _sales_part(work: Work, s: Site, day: date, out: _Parts) -> dict[str, Decimal]:
    t = work.tenant_id
    sales = work.session.exec(
        select(Sale, Party.code)
        .join(Party, Party.id == Sale.customer_id, isouter=True)  # type: ignore[arg-type]
        .where(Sale.tenant_id == t, Sale.branch_id == s.branch.id, Sale.sale_date == day)
        .order_by(Sale.id)  # type: ignore[arg-type]
    ).all()
    ids = select(Sale.id).where(
        Sale.tenant_id == t, Sale.branch_id == s.branch.id, Sale.sale_date == day
    )
    tenders = _sums(
        work,
        SalePayment.tender,
        SalePayment.amount,
        SalePayment.tenant_id == t,
        col(SalePayment.sale_id).in_(ids),
    )
    taxes = _sums(
        work, SaleTax.code, SaleTax.amount, SaleTax.tenant_id == t, col(SaleTax.sale_id).in_(ids)
    )
    out.add("sales", "sales", sum((x.gross for x, _ in sales), ZERO), len(sales))
    for kind in ("retail", "wholesale"):
        mine = [x for x, _ in sales if x.kind == kind]
        out.add("sales", kind, sum((x.gross for x in mine), ZERO), len(mine))
    out.add("sales", "net", sum((x.net for x, _ in sales), ZERO))
    out.add("sales", "tax", sum((x.tax_total for x, _ in sales), ZERO))
    out.add("sales", "change given", sum((x.change_given for x, _ in sales), ZERO))
    for tender, amount in sorted(tenders.items()):
        out.add("sales by tender", tender, amount)
    out.sales = [
        ZSale(x.number, x.kind, code or "", x.net, x.tax_total, x.gross, x.change_given)
        for x, code in sales
    ]
    return taxes | {f"tender:{k}": v for k, v in tenders.items()}


def _returns_part(work: Work, s: Site, day: date, out: _Parts) -> dict[str, Decimal]:
    t = work.tenant_id
    rets = work.session.exec(
        select(Return, Sale.number)
        .join(Sale, Sale.id == Return.sale_id)  # type: ignore[arg-type]
        .where(Return.tenant_id == t, Return.branch_id == s.branch.id, Return.return_date == day)
        .order_by(Return.id)  # type: ignore[arg-type]
    ).all()
    ids = select(Return.id).where(
        Return.tenant_id == t, Return.branch_id == s.branch.id, Return.return_date == day
    )
    refunds = _sums(
        work,
        ReturnRefund.tender,
        ReturnRefund.amount,
        ReturnRefund.tenant_id == t,
        col(ReturnRefund.return_id).in_(ids),
    )
    taxes = _sums(
        work,
        ReturnTax.code,
        ReturnTax.amount,
        ReturnTax.tenant_id == t,
        col(ReturnTax.return_id).in_(ids),
    )
    out.add("returns", "returns", sum((r.gross for r, _ in rets), ZERO), len(rets))
    out.add("returns", "tax reversed", sum((r.tax_total for r, _ in rets), ZERO))
    for tender, amount in sorted(refunds.items()):
        out.add("refunds by tender", tender, amount)
    out.returns = [ZReturn(r.number, n, r.net, r.tax_total, r.gross, r.reason) for r, n in rets]
    return taxes | {f"refund:{k}": v for k, v in refunds.items()}


def _payments_part(work: Work, s: Site, day: date, out: _Parts) -> dict[str, Decimal]:
    received = _sums(
        work,
        CustomerPayment.tender,
        CustomerPayment.amount,
        CustomerPayment.tenant_id == work.tenant_id,
        CustomerPayment.branch_id == s.branch.id,
        CustomerPayment.paid_on == day,
    )
    for tender, amount in sorted(received.items()):
        out.add("received on account", tender, amount)
    return received


@use_case("pos.read", write=False)
def day_summary(work: Work, branch: str, day: date) -> DaySummary:
    """The Z report of ``branch`` on ``day`` (exit 7 outside the actor's branches)."""
    where = site(work, branch)
    out = _Parts(where.code, day)
    sold = _sales_part(work, where, day, out)
    back = _returns_part(work, where, day, out)
    received = _payments_part(work, where, day, out)
    codes = sorted({k for k in [*sold, *back] if ":" not in k})
    for code in codes:
        out.add("tax by type", code, sold.get(code, ZERO) - back.get(code, ZERO))
    cash = (
        sold.get("tender:cash", ZERO) - back.get("refund:cash", ZERO) + received.get("cash", ZERO)
    )
    out.add("cash", "cash expected", cash)
    return DaySummary(
        out.branch,
        day,
        {name: tuple(items) for name, items in out.sections.items()},
        tuple(out.sales),
        tuple(out.returns),
    )


def write_workbook(summary: DaySummary, target: Path) -> Path:
    """The Z report as a workbook: Z report, Sales and Returns sheets (money formats,
    totals), the product of ``pos day summary -o NAME.xlsx``."""
    from ledgerctl.outputs.api import ExcelColumn, Sheet
    from ledgerctl.outputs.api import write_workbook as write

    money = ("net", "tax", "gross", "change", "amount")

    def cols(keys: Sequence[str]) -> list[ExcelColumn]:
        return [
            ExcelColumn(
                k,
                k.capitalize(),
                "money" if k in money else "int" if k == "count" else "text",
                total=k in money,
                width=28 if k in ("number", "sale", "item") else None,
            )
            for k in keys
        ]

    title = f"Z report {summary.branch} {summary.day.isoformat()}"
    return write(
        target,
        [
            Sheet("Z report", cols(COLUMNS), summary.rows, notes=(title,)),
            Sheet(
                "Sales",
                cols(("number", "kind", "customer", "net", "tax", "gross", "change")),
                [asdict(x) for x in summary.sales],
                totals_label="Total" if summary.sales else None,
            ),
            Sheet(
                "Returns",
                cols(("number", "sale", "net", "tax", "gross", "reason")),
                [asdict(x) for x in summary.returns],
                totals_label="Total" if summary.returns else None,
            ),
        ],
    )
