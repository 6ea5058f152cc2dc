"""Use cases of the `billing` group: one function per command, each in one unit of work.

Permissions (rules/roles.yaml): ``billing.client`` (clients, retainers), ``billing.charge``,
``billing.cycle``, ``billing.draft`` (edit/delete drafts), ``billing.issue``, ``billing.void``
(void, reissue), ``billing.payment`` (record, allocate), ``billing.verify``, ``billing.close``,
``billing.reopen`` (admin only) and ``billing.read``. Statement PDFs are written after the
issuing transaction commits, from the frozen snapshots; ``render_pdfs`` re-renders any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ledgerctl.billing import (
    charges,
    clients,
    cycle,
    documents,
    drafts,
    issuing,
    payments,
    pdfs,
    periods,
    reports,
    retainers,
)
from ledgerctl.billing.clients import ClientInput
from ledgerctl.billing.domain import resolve_period
from ledgerctl.billing.lookup import load_statement
from ledgerctl.billing.rules import load_rules
from ledgerctl.context import AppContext
from ledgerctl.core.clock import parse_period, today
from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.jobs.api import job_run
from ledgerctl.outputs.api import PdfRenderError
from ledgerctl.work import unit_of_work

CYCLE_JOB = "billing.cycle"
Progress = Callable[[int, int], None]  # (done, total)


# ---- clients, retainers, charges -----------------------------------------------------------


def add_client(ctx: AppContext, data: ClientInput) -> dict[str, object]:

    with unit_of_work(ctx, "billing.client") as work:
        return clients.add(work, data)


def list_clients(ctx: AppContext, on: date | None, status: str | None) -> list[dict[str, object]]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return clients.list_clients(work, on or today(), status)


def show_client(ctx: AppContext, code: str, on: date | None) -> dict[str, object]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return clients.show(work, code, on or today())


def set_retainer(
    ctx: AppContext, code: str, amount: str, start: date, end: date | None, description: str
) -> dict[str, object]:

    with unit_of_work(ctx, "billing.client") as work:
        return retainers.set_retainer(work, code, amount, start, end, description)


def end_retainer(ctx: AppContext, code: str, end: date) -> dict[str, object]:

    with unit_of_work(ctx, "billing.client") as work:
        return retainers.end_retainer(work, code, end)


def list_retainers(ctx: AppContext, code: str | None) -> list[dict[str, object]]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return retainers.list_retainers(work, code)


def add_charge(
    ctx: AppContext, code: str, on: date, amount: str, description: str, kind: str
) -> dict[str, object]:

    with unit_of_work(ctx, "billing.charge") as work:
        return charges.add_charge(work, code, on, amount, description, kind)


def list_charges(ctx: AppContext, code: str | None, unbilled: bool) -> list[dict[str, object]]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return charges.list_charges(work, code, unbilled)


# ---- the retainer cycle ---------------------------------------------------------------------


@dataclass
class CycleOutcome:
    """What a cycle run did (or, with ``dry_run``, would do)."""

    period: str
    created: int
    already: int
    waiting_charges: int
    dry_run: bool = False
    rows: list[dict[str, object]] = field(default_factory=list)


def _outcome(result: Any, dry_run: bool) -> CycleOutcome:
    ids = result.statement_ids or [None] * len(result.drafts)
    rows = [
        {
            "id": sid,
            "client": d.client.code,
            "lines": len(d.lines),
            "total": d.total,
            "currency": d.client.currency,
        }
        for sid, d in zip(ids, result.drafts, strict=True)
    ]
    return CycleOutcome(
        result.period, len(result.drafts), result.already, result.waiting_charges, dry_run, rows
    )


def run_cycle(
    ctx: AppContext, period: str, *, dry_run: bool = False, progress: Progress | None = None
) -> CycleOutcome:
    """`billing run-retainer-cycle`: the period's drafts, as one locked, recorded job run."""

    code, rules = resolve_period(period, today()), load_rules(ctx.home)
    if dry_run:
        with unit_of_work(ctx, "billing.cycle", write=False) as work:
            if periods.is_closed(work, code):
                raise Conflict(f"billing period {code} is closed; no drafts can be made in it")
            return _outcome(cycle.plan(work, code, rules), True)
    with job_run(ctx, CYCLE_JOB, permission="billing.cycle") as run:
        with unit_of_work(ctx, "billing.cycle") as work:
            result = cycle.run(work, code, rules, progress)
        run.processed = len(result.drafts)
        run.detail = (
            f"{code}: {len(result.drafts)} draft(s) made, {result.already} client(s) "
            "already had a statement"
        )
    return _outcome(result, False)


# ---- statements -----------------------------------------------------------------------------


def list_statements(
    ctx: AppContext, period: str | None, status: str | None, code: str | None
) -> list[dict[str, object]]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return reports.list_statements(work, period, status, code)


def show_statement(ctx: AppContext, ref: str) -> dict[str, Any]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return reports.show_statement(work, ref, load_rules(ctx.home))


def edit_draft(
    ctx: AppContext, ref: str, note: str | None, due_date: date | None
) -> dict[str, object]:

    with unit_of_work(ctx, "billing.draft") as work:
        return drafts.edit(work, ref, note, due_date)


def add_line(
    ctx: AppContext, ref: str, description: str, amount: str, kind: str, on: date | None
) -> dict[str, object]:

    with unit_of_work(ctx, "billing.draft") as work:
        return drafts.add_line(work, ref, description, amount, kind, on)


def remove_line(ctx: AppContext, ref: str, line_no: int) -> dict[str, object]:

    with unit_of_work(ctx, "billing.draft") as work:
        return drafts.remove_line(work, ref, line_no)


def delete_draft(ctx: AppContext, ref: str) -> dict[str, object]:

    with unit_of_work(ctx, "billing.draft") as work:
        return drafts.delete(work, ref)


@dataclass
class IssueOutcome:
    """Numbers issued and PDFs written."""

    numbers: list[str]
    pdfs: list[Path]


def _render(
    ctx: AppContext,
    docs: list[documents.StatementDoc],
    processes: int | None,
    progress: Progress | None,
) -> list[Path]:

    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress:
            progress(done[0], len(docs))

    try:
        return documents.render(ctx, ctx.tenant_slug, docs, processes=processes, progress=tick)
    except PdfRenderError as exc:
        raise PdfRenderError(
            f"{exc.message}; the statements are issued: re-render their PDFs "
            "with `ledgerctl billing statement pdf --missing`"
        ) from None


def issue(
    ctx: AppContext,
    refs: list[str],
    period: str | None,
    *,
    processes: int | None = None,
    issued_on: date | None = None,
    progress: Progress | None = None,
) -> IssueOutcome:
    """`billing statement issue ID... | --period P --all`: freeze, number, post; then PDFs."""

    if bool(refs) == bool(period):
        raise UsageError("give statement ids, or --period YYYY-MM --all (not both)")
    rules = load_rules(ctx.home)
    with unit_of_work(ctx, "billing.issue") as work:
        if period:
            drafts = issuing.drafts_of_period(work, parse_period(period, field="--period"))
        else:
            drafts = [load_statement(work, ref, lock=True) for ref in dict.fromkeys(refs)]
        docs = issuing.issue(work, drafts, rules, issued_on or today()) if drafts else []
    return IssueOutcome([d.number for d in docs], _render(ctx, docs, processes, progress))


def void(ctx: AppContext, ref: str, reason: str, on: date | None) -> tuple[str, Path]:
    """`billing statement void NUMBER --reason`: reverse, release, re-render with VOID."""

    with unit_of_work(ctx, "billing.void") as work:
        when = on or max(today(), load_statement(work, ref).statement_date)
        doc = issuing.void(work, ref, reason, when)
    return doc.number, _render(ctx, [doc], 1, None)[0]


def reissue(ctx: AppContext, ref: str, period: str | None) -> dict[str, object]:

    with unit_of_work(ctx, "billing.void") as work:
        new = issuing.reissue(work, ref, period, load_rules(ctx.home))
        return {"draft": new.id, "period": new.period, "total": new.total, "reissue_of": ref}


def render_pdfs(
    ctx: AppContext,
    refs: list[str],
    period: str | None,
    missing: bool,
    *,
    processes: int | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """`billing statement pdf`: (re-)render PDFs of issued or voided statements."""

    with unit_of_work(ctx, "billing.issue", write=False) as work:
        docs = pdfs.select_docs(work, refs, period, missing)
    return _render(ctx, docs, processes, progress)


# ---- payments -------------------------------------------------------------------------------


def record_payment(
    ctx: AppContext,
    code: str,
    amount: str,
    on: date,
    method: str,
    invoice_no: str,
    reference: str,
    allocations: list[str],
) -> dict[str, object]:

    with unit_of_work(ctx, "billing.payment") as work:
        return payments.record(
            work, code, amount, on, method, invoice_no, reference, allocations, load_rules(ctx.home)
        )


def allocate_payment(
    ctx: AppContext, payment_id: int, allocations: list[str], on: date | None
) -> dict[str, object]:

    with unit_of_work(ctx, "billing.payment") as work:
        return payments.allocate(work, payment_id, allocations, on or today())


def verify_payment(ctx: AppContext, payment_id: int) -> dict[str, object]:

    with unit_of_work(ctx, "billing.verify") as work:
        return payments.verify(work, payment_id)


def list_payments(ctx: AppContext, code: str | None, unverified: bool) -> list[dict[str, object]]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return payments.list_payments(work, code, unverified)


def show_payment(ctx: AppContext, payment_id: int) -> dict[str, object]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return payments.show(work, payment_id)


# ---- periods and reports --------------------------------------------------------------------


def close_period(ctx: AppContext, period: str) -> dict[str, object]:

    with unit_of_work(ctx, "billing.close") as work:
        return periods.period_row(periods.close(work, period))


def reopen_period(ctx: AppContext, period: str, reason: str) -> dict[str, object]:

    with unit_of_work(ctx, "billing.reopen") as work:
        return periods.period_row(periods.reopen(work, period, reason))


def list_periods(ctx: AppContext) -> list[dict[str, object]]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return periods.list_periods(work)


def aging(ctx: AppContext, on: date | None) -> list[dict[str, object]]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return reports.aging_report(work, on or today(), load_rules(ctx.home))


def client_ledger(
    ctx: AppContext, code: str, start: date | None, end: date | None
) -> list[dict[str, object]]:

    with unit_of_work(ctx, "billing.read", write=False) as work:
        return reports.client_ledger(work, code, start, end)
