"""`pos post-unposted`: post every pending or failed pos document again.

Each document's journal entry is rebuilt from what was stored (so a fixed posting map or a
reopened period is picked up), in chunks of ``CHUNK`` documents, one transaction per chunk:
a chunk that the ledger refuses as a whole is retried document by document, so one bad
document does not hold back the others and keeps its own error. Runs under the job lock
``pos.post-unposted``; running it twice does nothing the second time; a crash leaves every
finished chunk posted and the rest pending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import period_bounds
from ledgerctl.ledger.api import EntryDraft
from ledgerctl.pos import entries
from ledgerctl.pos.lookup import sites_by_id
from ledgerctl.pos.posting import build, retry
from ledgerctl.pos.rules import AccountMap, account_map
from ledgerctl.pos.tables import (
    CustomerPayment,
    PostingJob,
    Return,
    ReturnRefund,
    ReturnTax,
    Sale,
    SalePayment,
    SaleTax,
    StockDoc,
    Transfer,
)
from ledgerctl.tenancy.api import Branch, Party
from ledgerctl.work import Work, unit_of_work

CHUNK = 2000
Builder = Callable[[Work, AccountMap, PostingJob], EntryDraft]


def _sale(work: Work, amap: AccountMap, job: PostingJob) -> EntryDraft:
    sale = work.session.get(Sale, job.doc_id)
    assert sale is not None and sale.tenant_id == work.tenant_id
    taxes = {
        x.code: x.amount
        for x in work.session.exec(
            select(SaleTax).where(SaleTax.tenant_id == work.tenant_id, SaleTax.sale_id == sale.id)
        ).all()
    }
    pays = [
        (p.tender, p.amount)
        for p in work.session.exec(
            select(SalePayment).where(
                SalePayment.tenant_id == work.tenant_id, SalePayment.sale_id == sale.id
            )
        ).all()
    ]
    return entries.sale_entry(
        amap,
        day=sale.sale_date,
        number=sale.number,
        kind=sale.kind,
        branch=sites_by_id(work)[sale.location_id].code,
        net=sale.net,
        taxes=taxes,
        payments=pays,
        cost=sale.cost,
    )


def _return(work: Work, amap: AccountMap, job: PostingJob) -> EntryDraft:
    ret = work.session.get(Return, job.doc_id)
    assert ret is not None and ret.tenant_id == work.tenant_id
    sale = work.session.get(Sale, ret.sale_id)
    taxes = {
        x.code: x.amount
        for x in work.session.exec(
            select(ReturnTax).where(
                ReturnTax.tenant_id == work.tenant_id, ReturnTax.return_id == ret.id
            )
        ).all()
    }
    refunds = [
        (r.tender, r.amount)
        for r in work.session.exec(
            select(ReturnRefund).where(
                ReturnRefund.tenant_id == work.tenant_id, ReturnRefund.return_id == ret.id
            )
        ).all()
    ]
    return entries.return_entry(
        amap,
        day=ret.return_date,
        number=ret.number,
        sale_number=sale.number if sale else "",
        branch=sites_by_id(work)[ret.location_id].code,
        net=ret.net,
        taxes=taxes,
        refunds=refunds,
        cost=ret.cost,
        variance=ret.variance,
    )


def _transfer(work: Work, amap: AccountMap, job: PostingJob) -> EntryDraft:
    t = work.session.get(Transfer, job.doc_id)
    assert t is not None and t.tenant_id == work.tenant_id
    sending = job.event == "send"
    where = sites_by_id(work)[t.from_location_id if sending else t.to_location_id]
    return entries.transfer_entry(
        amap,
        day=job.entry_date,
        number=t.number,
        branch=where.code,
        cost=t.cost,
        sending=sending,
        variance=Decimal(0) if sending else t.variance,
    )


def _payment(work: Work, amap: AccountMap, job: PostingJob) -> EntryDraft:
    p = work.session.get(CustomerPayment, job.doc_id)
    assert p is not None and p.tenant_id == work.tenant_id
    party = work.session.get(Party, p.customer_id)
    return entries.payment_entry(
        amap,
        day=p.paid_on,
        number=p.number,
        customer=party.code if party else "",
        tender=p.tender,
        amount=p.amount,
    )


def _stock(work: Work, amap: AccountMap, job: PostingJob) -> EntryDraft:
    doc = work.session.get(StockDoc, job.doc_id)
    assert doc is not None and doc.tenant_id == work.tenant_id
    branch = work.session.get(Branch, doc.branch_id)
    return entries.stock_entry(
        amap,
        day=doc.doc_date,
        number=doc.number,
        kind=doc.kind,
        branch=branch.code if branch else "",
        value=doc.value,
        variance=doc.variance,
        credit_account=doc.credit_account,
    )


BUILDERS: dict[str, Builder] = {
    "sale": _sale,
    "return": _return,
    "transfer": _transfer,
    "payment": _payment,
    "stock": _stock,
}


@dataclass
class ChunkResult:
    posted: int = 0
    failed: int = 0
    last_id: int = 0
    errors: list[str] | None = None


def _pending(work: Work, after: int, period: str | None) -> list[PostingJob]:
    query = select(PostingJob).where(
        PostingJob.tenant_id == work.tenant_id,
        col(PostingJob.status).in_(("pending", "failed")),
        PostingJob.id > after,  # type: ignore[operator]
    )
    if period:
        first, last = period_bounds(period)
        query = query.where(PostingJob.entry_date >= first, PostingJob.entry_date <= last)
    return list(work.session.exec(query.order_by(PostingJob.id).limit(CHUNK)).all())  # type: ignore[arg-type]


def post_chunk(work: Work, after: int, period: str | None) -> ChunkResult | None:
    """Post the next chunk of pending/failed documents after id ``after``; None when none."""
    jobs = _pending(work, after, period)
    if not jobs:
        return None
    amap = account_map(work.ctx.home)
    result = ChunkResult(last_id=jobs[-1].id or 0, errors=[])
    drafts = [build(lambda job=job: BUILDERS[job.doc_type](work, amap, job)) for job in jobs]  # type: ignore[misc]
    if retry(work, jobs, drafts).status == "posted":
        result.posted = len(jobs)
        return result
    for job, one in zip(jobs, drafts, strict=True):
        outcome = retry(work, [job], [one])
        if outcome.status == "posted":
            result.posted += 1
        else:
            result.failed += 1
            result.errors.append(f"{job.reference}: {outcome.error}")  # type: ignore[union-attr]
    return result


@dataclass(frozen=True)
class PostResult:
    """What ``pos post-unposted`` did: documents posted, still failing, and why."""

    posted: int
    failed: int
    errors: tuple[str, ...]


def post_unposted(ctx: AppContext, period: str | None) -> PostResult:
    """Post pending and failed pos documents, a chunk per transaction, under the job lock
    ``pos.post-unposted`` (a workflow over several transactions, so it takes the context)."""
    from ledgerctl.jobs.api import job_run

    posted, failed, errors, after = 0, 0, list[str](), 0
    with job_run(ctx, "pos.post-unposted", permission="pos.post") as run:
        while True:
            with unit_of_work(ctx, "pos.post") as work:
                chunk = post_chunk(work, after, period)
            if chunk is None:
                break
            after = chunk.last_id
            posted, failed = posted + chunk.posted, failed + chunk.failed
            errors += chunk.errors or []
            run.processed, run.errors = posted, failed
            run.heartbeat()
        run.detail = f"{posted} posted, {failed} failed" + (f" (period {period})" if period else "")
    return PostResult(posted, failed, tuple(errors))
