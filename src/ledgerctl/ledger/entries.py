"""Use cases of journal entries: post from the command line or a file, reverse, post in bulk.

``post_entry``, ``post_file`` and ``reverse_entry`` take a ``Work`` (``@use_case``): other
groups call them inside their own transaction, a command calls ``.run(ctx, ...)``. The posting
kernel itself is ``posting.post`` / ``posting.post_many``. ``post_batch`` takes the
``AppContext``: it commits one transaction per chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.ledger import chart
from ledgerctl.ledger.domain import EntryDraft
from ledgerctl.ledger.inputs import FileEntry, load_file, parse_pair
from ledgerctl.ledger.posting import PostedEntry, post, post_many, reverse
from ledgerctl.work import Work, unit_of_work, use_case


@dataclass(frozen=True)
class EntryPosted:
    """One entry posted: its number, date and content hash."""

    number: str
    date: date
    content_hash: str


@dataclass(frozen=True)
class EntryReversed:
    """The mirror entry posted for ``reverses``."""

    number: str
    date: date
    reverses: str


@dataclass(frozen=True)
class FilePosted:
    """Every entry of a file, posted in one transaction."""

    path: Path
    entries: tuple[PostedEntry, ...]


@use_case("ledger.post")
def post_entry(
    work: Work,
    entry_date: date,
    description: str,
    debits: list[str],
    credits: list[str],
    currency: str | None = None,
    reference: str = "",
) -> EntryPosted:
    """`ledger post --debit CODE=AMT --credit CODE=AMT`: one balanced entry."""
    cur = (currency or work.tenant.base_currency).upper()
    lines = [parse_pair(t, "debit", cur) for t in debits]
    lines += [parse_pair(t, "credit", cur) for t in credits]
    entry = post(work, entry_date, description, lines, reference=reference)
    return EntryPosted(entry.number, entry.entry_date, entry.content_hash)


def _check_accounts(work: Work, path: Path, entries: list[FileEntry]) -> None:
    known = chart.accounts_by_code(work)
    for item in entries:
        for i, line in enumerate(item.draft.lines):
            if line.account in known:
                continue
            where = (
                f"{path.name}:{item.line_numbers[i]}" if item.line_numbers else item.draft.origin
            )
            raise NotFound(
                f"{where}: account: {line.account} not found; add it with "
                "`ledgerctl ledger account add` or fix the file"
            )


@use_case("ledger.post")
def post_file(work: Work, path: Path) -> FilePosted:
    """`ledger post --file PATH`: every entry of a CSV/JSON file, all or nothing."""
    entries = load_file(path, work.tenant.base_currency)
    _check_accounts(work, path, entries)
    return FilePosted(path, tuple(post_many(work, [e.draft for e in entries])))


@use_case("ledger.post")
def reverse_entry(work: Work, number: str, on: date, reason: str) -> EntryReversed:
    """`ledger reverse NUMBER --reason TEXT`: the mirror entry (an entry is reversed once)."""
    entry = reverse(work, number, on, reason)
    return EntryReversed(entry.number, entry.entry_date, number)


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
    if chunk_size < 1:
        raise UsageError("chunk size must be at least 1")
    posted = 0
    for chunk in _chunks(drafts, chunk_size):
        with unit_of_work(ctx, "ledger.post", tenant_slug=tenant_slug) as work:
            posted += len(post_many(work, chunk, per_entry_audit=False))
    return posted
