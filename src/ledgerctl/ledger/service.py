"""Use cases of the general ledger: one function per command, each in one unit of work.

Other groups post through the kernel inside their own unit of work::

    from ledgerctl.ledger.service import Line, post

    with unit_of_work(ctx, "pos.sale") as work:
        ...
        post(work, sale_date, f"Sale {receipt}", [
            Line("1000", Decimal("115.00")),              # debit cash
            Line("4000", Decimal("-100.00")),             # credit sales
            Line("2200", Decimal("-15.00"), memo="VAT"),  # credit VAT output
        ], source="pos", reference=receipt)

Amounts are signed Decimals (debit +, credit -); see ``posting.post`` for the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledgerctl.context import AppContext
from ledgerctl.core.clock import parse_period, period_bounds, today
from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.ledger.domain import ACCOUNT_TYPES, EntryDraft, Line

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from ledgerctl.ledger.posting import PostedEntry
    from ledgerctl.ledger.reports import TrialBalance
    from ledgerctl.work import Work

__all__ = ["EntryDraft", "Line", "install_chart", "post_batch", "trial_balance"]


def unit_of_work(
    ctx: AppContext, permission: str, *, write: bool = True, tenant_slug: str | None = None
) -> AbstractContextManager[Work]:
    """``ledgerctl.work.unit_of_work``, imported on first use (it loads the ORM)."""
    from ledgerctl.work import unit_of_work as open_work

    return open_work(ctx, permission, write=write, tenant_slug=tenant_slug)


_KERNEL = ("post", "post_many", "PostedEntry", "reverse")


def __getattr__(name: str) -> Any:
    """``post``, ``post_many`` and ``PostedEntry`` load on first use, so read-only commands
    (trial balance) do not import the posting machinery."""
    if name in _KERNEL:
        from ledgerctl.ledger import posting

        return getattr(posting, name)
    raise AttributeError(name)


def install_chart(ctx: AppContext, template: str, *, tenant_slug: str | None = None) -> int:
    """Install a chart of accounts template into a tenant; returns accounts added.

    Idempotent: account codes the tenant already has are skipped.
    """
    from ledgerctl.ledger import chart

    template_model = chart.load_template(template, ctx.home)
    with unit_of_work(ctx, "ledger.accounts", tenant_slug=tenant_slug) as work:
        return chart.install_into(work, template_model, template)


def list_accounts(ctx: AppContext) -> list[dict[str, object]]:
    from ledgerctl.ledger import chart

    with unit_of_work(ctx, "ledger.read", write=False) as work:
        return [
            chart.account_row(a)
            for a in sorted(chart.accounts_by_code(work).values(), key=lambda a: a.code)
        ]


def add_account(
    ctx: AppContext,
    code: str,
    name: str,
    type_: str,
    parent: str | None = None,
    side: str | None = None,
) -> dict[str, object]:
    from ledgerctl.ledger import chart

    if type_ not in ACCOUNT_TYPES:
        raise UsageError(f"--type {type_!r} must be one of {', '.join(ACCOUNT_TYPES)}")
    with unit_of_work(ctx, "ledger.accounts") as work:
        return chart.account_row(chart.add_account(work, code, name, type_, parent, side))


def post_entry(
    ctx: AppContext,
    entry_date: date,
    description: str,
    debits: list[str],
    credits: list[str],
    currency: str | None = None,
    reference: str = "",
) -> dict[str, object]:
    """``ledger post --debit CODE=AMT --credit CODE=AMT``: one entry; returns its summary."""
    from ledgerctl.ledger.inputs import parse_pair
    from ledgerctl.ledger.posting import post

    with unit_of_work(ctx, "ledger.post") as work:
        cur = (currency or work.tenant.base_currency).upper()
        lines = [parse_pair(t, "debit", cur) for t in debits] + [
            parse_pair(t, "credit", cur) for t in credits
        ]
        entry = post(work, entry_date, description, lines, reference=reference)
        return {
            "number": entry.number,
            "date": entry.entry_date,
            "content_hash": entry.content_hash,
        }


def post_file(ctx: AppContext, path: Path) -> list[PostedEntry]:
    """Post every entry of a CSV/JSON file in one transaction: all or nothing."""
    from ledgerctl.ledger import chart
    from ledgerctl.ledger.inputs import load_file
    from ledgerctl.ledger.posting import post_many

    with unit_of_work(ctx, "ledger.post") as work:
        entries = load_file(path, work.tenant.base_currency)
        known = chart.accounts_by_code(work)
        for item in entries:
            for i, line in enumerate(item.draft.lines):
                if line.account not in known:
                    where = (
                        f"{path.name}:{item.line_numbers[i]}"
                        if item.line_numbers
                        else item.draft.origin
                    )
                    raise NotFound(
                        f"{where}: account: {line.account} not found; add it with "
                        "`ledgerctl ledger account add` or fix the file"
                    )
        return post_many(work, [e.draft for e in entries])


def _chunks(items: Iterable[EntryDraft], size: int) -> Iterator[list[EntryDraft]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def post_batch(
    ctx: AppContext,
    drafts: Iterable[EntryDraft],
    *,
    chunk_size: int = 5000,
    tenant_slug: str | None = None,
) -> int:
    """Bulk posting: ``chunk_size`` entries per transaction (each chunk all or nothing).

    One audit row per chunk lists every entry number with its content hash. Returns the
    number of entries posted. A failing chunk stops the run; earlier chunks stay posted.
    """
    from ledgerctl.ledger.posting import post_many

    if chunk_size < 1:
        raise UsageError("chunk size must be at least 1")
    posted = 0
    for chunk in _chunks(drafts, chunk_size):
        with unit_of_work(ctx, "ledger.post", tenant_slug=tenant_slug) as work:
            posted += len(post_many(work, chunk, per_entry_audit=False))
    return posted


def reverse_entry(ctx: AppContext, number: str, on: date | None, reason: str) -> dict[str, object]:
    from ledgerctl.ledger.posting import reverse

    with unit_of_work(ctx, "ledger.post") as work:
        entry = reverse(work, number, on or today(), reason)
        return {"number": entry.number, "date": entry.entry_date, "reverses": number}


def journal(
    ctx: AppContext,
    *,
    account: str | None = None,
    start: date | None = None,
    end: date | None = None,
    period: str | None = None,
    limit: int | None = None,
) -> list[dict[str, object]]:
    from ledgerctl.ledger import reports

    if period is not None:
        first, last = period_bounds(parse_period(period))
        start, end = max(start or first, first), min(end or last, last)
    with unit_of_work(ctx, "ledger.read", write=False) as work:
        return reports.journal(work, account=account, start=start, end=end, limit=limit)


def balance(ctx: AppContext, account: str | None, as_of: date | None) -> list[dict[str, object]]:
    from ledgerctl.ledger import reports

    with unit_of_work(ctx, "ledger.read", write=False) as work:
        return reports.balances(work, account, as_of)


def trial_balance(ctx: AppContext, as_of: date) -> TrialBalance:
    """Trial balance at the end of ``as_of`` on the lean read path (no ORM import)."""
    from ledgerctl.ledger import lean

    return lean.trial_balance(ctx, as_of)


def list_periods(ctx: AppContext) -> list[dict[str, object]]:
    from ledgerctl.ledger import periods

    with unit_of_work(ctx, "ledger.read", write=False) as work:
        return [periods.period_row(p) for p in periods.list_periods(work)]


def close_period(ctx: AppContext, period: str) -> dict[str, object]:
    from ledgerctl.ledger import periods

    code = parse_period(period)
    with unit_of_work(ctx, "ledger.close") as work:
        return periods.period_row(periods.close(work, code))


def reopen_period(ctx: AppContext, period: str, reason: str) -> dict[str, object]:
    from ledgerctl.ledger import periods

    code = parse_period(period)
    with unit_of_work(ctx, "ledger.reopen") as work:
        return periods.period_row(periods.reopen(work, code, reason))


@dataclass
class ExportResult:
    entries: int
    output: Path | None


def export(ctx: AppContext, fmt: str, output: Path | None) -> ExportResult:
    """Write the tenant's journal as hledger/ledger or beancount text (stdout if no output)."""
    import sys

    from ledgerctl.ledger import export as writer
    from ledgerctl.outputs.api import atomic_path

    if fmt not in writer.FORMATS:
        raise UsageError(f"--format {fmt!r} must be one of {', '.join(writer.FORMATS)}")
    write = writer.write_hledger if fmt == "hledger" else writer.write_beancount
    with unit_of_work(ctx, "ledger.export", write=False) as work:
        if output is None:
            return ExportResult(write(work, sys.stdout), None)
        with atomic_path(output) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
            count = write(work, fh)
        return ExportResult(count, output)
