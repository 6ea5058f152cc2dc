"""Use cases of the pos group, continued: transfers, customers on account, the day summary,
posting what is unposted and importing a till export (one function per command)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.work import unit_of_work


def send_transfer(
    ctx: AppContext,
    source: str,
    target: str,
    lines: Sequence[tuple[str, Decimal]],
    day: date,
    note: str,
) -> dict[str, object]:
    from ledgerctl.pos import transfers

    with unit_of_work(ctx, "pos.transfer") as work:
        t = transfers.send_transfer(work, source, target, lines, day, note)
        return {"number": t.number, "cost": t.cost}


def receive_transfer(ctx: AppContext, number: str, day: date) -> dict[str, object]:
    from ledgerctl.pos import transfers

    with unit_of_work(ctx, "pos.transfer") as work:
        t = transfers.receive_transfer(work, number, day)
        return {"number": t.number, "cost": t.cost}


def list_transfers(ctx: AppContext, status: str | None) -> list[dict[str, object]]:
    from ledgerctl.pos import transfers

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return transfers.list_transfers(work, status)


def add_customer(ctx: AppContext, code: str, name: str, **fields: str) -> str:
    from ledgerctl.pos import ar

    with unit_of_work(ctx, "pos.ar") as work:
        return ar.add_customer(work, code, name, **fields).code


def list_customers(ctx: AppContext) -> list[dict[str, object]]:
    from ledgerctl.pos import ar

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return ar.list_customers(work)


def receive_payment(
    ctx: AppContext,
    code: str,
    amount: Decimal,
    tender: str,
    day: date,
    branch: str | None,
    reference: str,
) -> dict[str, object]:
    from ledgerctl.pos import ar

    with unit_of_work(ctx, "pos.ar") as work:
        p = ar.receive_payment(work, code, amount, tender, day, branch=branch, reference=reference)
        return {"number": p.number, "balance": ar.balance_of(work, p.customer_id)}


def statement(
    ctx: AppContext, code: str, start: date | None, end: date | None
) -> list[dict[str, object]]:
    from ledgerctl.pos import ar

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return ar.statement(work, code, start, end)


def aging(ctx: AppContext, as_of: date) -> list[dict[str, object]]:
    from ledgerctl.pos import ar

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return ar.aging(work, as_of)


def day_summary(ctx: AppContext, branch: str, day: date, excel: Path | None = None) -> Any:
    """The Z report; also written as a workbook when ``excel`` is given."""
    from ledgerctl.pos import day as zreport

    with unit_of_work(ctx, "pos.read", write=False) as work:
        summary = zreport.day_summary(work, branch, day)
    if excel is not None:
        zreport.write_excel(summary, excel)
    return summary


@dataclass
class PostResult:
    posted: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def post_unposted(ctx: AppContext, period: str | None) -> PostResult:
    """Post pending and failed pos documents, a chunk per transaction, under a job lock."""
    from ledgerctl.core.clock import parse_period
    from ledgerctl.jobs.api import job_run
    from ledgerctl.pos.unposted import post_chunk

    code = parse_period(period, field="--period") if period else None
    result, after = PostResult(), 0
    with job_run(ctx, "pos.post-unposted", permission="pos.post") as run:
        while True:
            with unit_of_work(ctx, "pos.post") as work:
                chunk = post_chunk(work, after, code)
            if chunk is None:
                break
            after = chunk.last_id
            result.posted += chunk.posted
            result.failed += chunk.failed
            result.errors += chunk.errors or []
            run.processed, run.errors = result.posted, result.failed
            run.heartbeat()
        run.detail = f"{result.posted} posted, {result.failed} failed" + (
            f" (period {code})" if code else ""
        )
    return result


@dataclass
class ImportResult:
    sales: int
    duplicates: int
    gross: Decimal
    posting: str
    error: str
    first: str
    last: str


def import_sales(
    ctx: AppContext, path: Path, branch: str | None, defer_posting: bool
) -> ImportResult:
    """Record a till export in one transaction under the job lock ``pos.sale-import``."""
    from ledgerctl.jobs.api import job_run
    from ledgerctl.pos.importing import import_sales as run_import

    with (
        job_run(ctx, "pos.sale-import", permission="pos.import") as run,
        unit_of_work(ctx, "pos.import") as work,
    ):
        recorded = run_import(work, path, branch=branch, defer_posting=defer_posting)
        sales = recorded.sales
        run.processed = len(sales)
        run.detail = f"{path.name}: {len(sales)} sales, {len(recorded.duplicates)} duplicates"
        return ImportResult(
            len(sales),
            len(recorded.duplicates),
            sum((s.gross for s in sales), Decimal("0.00")),
            recorded.posting_status,
            recorded.posting_error,
            sales[0].number if sales else "",
            sales[-1].number if sales else "",
        )
