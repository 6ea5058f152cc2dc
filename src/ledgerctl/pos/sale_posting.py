"""Posting and auditing a batch of recorded sales: their journal entries (one per sale, or
one per branch and day for an import when the posting map says so), the audit rows, and
fresh planner statistics after a large import on Postgres."""

from __future__ import annotations

from decimal import Decimal

from ledgerctl.pos import entries
from ledgerctl.pos.drafts import Recorded
from ledgerctl.pos.posting import DocRef, Draft, build, post_documents
from ledgerctl.pos.pricing import PreparedSale, Pricer
from ledgerctl.pos.rules import AccountMap
from ledgerctl.work import Work


def sale_entry(amap: AccountMap, s: PreparedSale) -> Draft:
    """The journal entry of a prepared sale (or why the posting map cannot build it)."""
    return build(
        lambda: entries.sale_entry(
            amap,
            day=s.draft.sale_date,
            number=s.number,
            kind=s.draft.kind,
            branch=s.site.code,
            net=s.net,
            taxes=s.tax_totals,
            cost=s.cost,
            payments=[(p.tender, p.amount) for p in s.payments],
        )
    )


def post_sales(
    work: Work,
    pricer: Pricer,
    sales: list[PreparedSale],
    defer: bool,
    batched: bool,
    result: Recorded,
) -> None:
    docs = [DocRef("sale", s.id, s.number, s.draft.sale_date) for s in sales]
    drafts = [sale_entry(pricer.amap, s) for s in sales]
    daily = batched and pricer.amap.import_posting == "daily"
    batches = [f"{s.site.code}/{s.draft.sale_date.isoformat()}" if daily else "" for s in sales]
    outcome = post_documents(work, docs, drafts, defer=defer, batches=batches)
    for sale, number in zip(sales, outcome.entry_numbers, strict=True):
        sale.entry_number = number
    result.posting_status, result.posting_error = outcome.status, outcome.error


def audit_sales(work: Work, sales: list[PreparedSale], label: str) -> None:
    if len(sales) == 1:
        s = sales[0]
        work.audit("pos.sale.record", "sale", s.number, None, s.summary())
        return
    total = sum((s.gross for s in sales), Decimal("0.00"))
    work.audit(
        "pos.sale.import",
        "sale_batch",
        f"{sales[0].number}..{sales[-1].number}",
        None,
        {
            "count": len(sales),
            "gross": total,
            "source": label,
            "numbers": [s.number for s in sales[:1000]],
        },
    )


ANALYZE_AFTER = 5000  # sales; Postgres only
BIG_TABLES = (
    "pos_sales",
    "pos_sale_lines",
    "pos_sale_taxes",
    "pos_sale_payments",
    "pos_stock_movements",
    "pos_postings",
    "journal_entries",
    "postings",
)


def refresh_statistics(work: Work, count: int) -> None:
    """After a large import on Postgres, ANALYZE the tables it filled: until autovacuum gets
    to them the planner thinks they are empty and picks slow plans (a second import of a
    100,000-sale file took minutes instead of seconds). Skipped where not permitted."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    if count < ANALYZE_AFTER or work.session.connection().dialect.name != "postgresql":
        return
    try:
        with work.session.begin_nested():
            for table in BIG_TABLES:
                work.session.connection().execute(text(f"ANALYZE {table}"))
    except DBAPIError:  # e.g. the role does not own the tables: statistics come later
        pass
