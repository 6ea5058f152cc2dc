"""Billing's workflows: commands that need more than one transaction, so they take the
``AppContext`` rather than a ``Work`` (every other billing command is a ``@use_case``).

- ``run_cycle`` (`billing run-retainer-cycle`): the period's drafts, made in one unit of work
  inside a recorded, exclusive job run (``jobs.api.job_run``: exit 8 while another run holds
  the lock; a refused run is still recorded).
- ``issue`` (`billing statement issue`): numbers, snapshots and postings in one transaction;
  the PDFs are rendered after it commits, in worker processes, from the frozen snapshots.
- ``void`` (`billing statement void`): reversal and released allocations in one transaction,
  then the PDF re-rendered with VOID.
- ``render_pdfs`` (`billing statement pdf`): a read transaction, then the PDFs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ledgerctl.billing import cycle, documents, issuing, pdfs, periods, voiding
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


@dataclass(frozen=True)
class CycleDraft:
    """A draft the cycle made (``id`` None on a dry run)."""

    id: int | None
    client: str
    lines: int
    total: Decimal
    currency: str


@dataclass(frozen=True)
class CycleOutcome:
    """What a cycle run did (or, with ``dry_run``, would do)."""

    period: str
    created: int
    already: int
    waiting_charges: int
    dry_run: bool
    drafts: tuple[CycleDraft, ...]


@dataclass(frozen=True)
class IssueOutcome:
    """Numbers issued and PDFs written."""

    numbers: tuple[str, ...]
    pdfs: tuple[Path, ...]


@dataclass(frozen=True)
class Voided:
    """A voided statement and its re-rendered PDF."""

    number: str
    pdf: Path


def _outcome(result: cycle.CyclePlan, dry_run: bool) -> CycleOutcome:
    ids: list[int | None] = list(result.statement_ids) or [None] * len(result.drafts)
    rows = tuple(
        CycleDraft(sid, d.client.code, len(d.lines), d.total, d.client.currency)
        for sid, d in zip(ids, result.drafts, strict=True)
    )
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
    paths = _render(ctx, docs, processes, progress)
    return IssueOutcome(tuple(d.number for d in docs), tuple(paths))


def void(ctx: AppContext, ref: str, reason: str, on: date | None) -> Voided:
    """`billing statement void NUMBER --reason`: reverse, release, re-render with VOID."""
    with unit_of_work(ctx, "billing.void") as work:
        when = on or max(today(), load_statement(work, ref).statement_date)
        doc = voiding.void(work, ref, reason, when)
    return Voided(doc.number, _render(ctx, [doc], 1, None)[0])


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
