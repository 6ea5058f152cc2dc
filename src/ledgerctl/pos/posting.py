"""Ledger postings of pos documents and their status: pending, posted or failed (with error).

``post_documents`` posts a batch of (document, entry draft) pairs in a savepoint of the
caller's transaction: if the ledger refuses (an account missing from the chart, an inactive
account), the savepoint is rolled back, the documents stay recorded and their postings are
marked ``failed`` with the ledger's message, for ``ledgerctl pos post-unposted`` to retry.
A closed period is checked before a document is recorded, so it refuses the document itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, update

from ledgerctl.core.errors import LedgerError
from ledgerctl.db.bulk import insert_rows
from ledgerctl.ledger.api import EntryDraft
from ledgerctl.pos.tables import PostingJob
from ledgerctl.work import Work


@dataclass(frozen=True)
class DocRef:
    """A document whose posting is tracked: ``sale``/``post``, ``transfer``/``send`` ..."""

    doc_type: str
    doc_id: int
    reference: str
    entry_date: date
    event: str = "post"


@dataclass(frozen=True)
class Outcome:
    status: str
    entry_numbers: tuple[str | None, ...]
    error: str = ""


Draft = EntryDraft | str | None  # str: why no entry could be built; None: nothing to post


def build(make: Callable[[], EntryDraft]) -> Draft:
    """The entry ``make`` builds, or the error message when the posting map cannot say
    where something goes (the document is still recorded, its posting marked failed)."""
    try:
        return make()
    except LedgerError as exc:
        return exc.message


def _grouped(drafts: Sequence[Draft], batches: Sequence[str]) -> tuple[list[Draft], list[int]]:
    """Merge the drafts of each non-empty batch key into one entry (``entries.merge``);
    returns the drafts to post and, per document, the index of its entry."""
    from ledgerctl.pos.entries import merge

    keys: dict[str, list[int]] = {}
    for i, key in enumerate(batches):
        keys.setdefault(key or f"#{i}", []).append(i)
    merged: list[Draft] = []
    where = [0] * len(drafts)
    for key, members in keys.items():
        for i in members:
            where[i] = len(merged)
        parts = [drafts[i] for i in members]
        broken = next((d for d in parts if isinstance(d, str)), None)
        real = [d for d in parts if isinstance(d, EntryDraft)]
        if broken is not None or len(members) == 1 or not real:
            merged.append(broken if broken is not None else (real[0] if real else None))
        else:
            merged.append(merge(real, key))
    return merged, where


def _post(
    work: Work, drafts: Sequence[Draft], per_entry_audit: bool, batches: Sequence[str] | None = None
) -> Outcome:
    from ledgerctl.ledger.api import post_many

    where = list(range(len(drafts)))
    if batches is not None and any(batches):
        drafts, where = _grouped(drafts, batches)
    broken = next((d for d in drafts if isinstance(d, str)), None)
    if broken is not None:
        return Outcome("failed", tuple(None for _ in where), broken[:500])
    real = [d for d in drafts if isinstance(d, EntryDraft)]
    try:
        with work.session.begin_nested():
            posted = iter(post_many(work, real, per_entry_audit=per_entry_audit))
    except LedgerError as exc:
        return Outcome("failed", tuple(None for _ in where), exc.message[:500])
    numbers = [next(posted).number if d is not None else None for d in drafts]
    return Outcome("posted", tuple(numbers[i] for i in where))


def post_documents(
    work: Work,
    docs: Sequence[DocRef],
    drafts: Sequence[Draft],
    *,
    defer: bool = False,
    batches: Sequence[str] | None = None,
) -> Outcome:
    """Post the drafts (None: nothing to post) and record one posting row per document.

    ``batches``: per document a key (e.g. ``ACC-01/2026-02-03``); documents with the same
    non-empty key are posted as one entry, their amounts summed per account."""
    keys = list(batches) if batches is not None else [""] * len(docs)
    if defer:
        outcome = Outcome("pending", tuple(None for _ in docs))
    else:
        outcome = _post(work, drafts, per_entry_audit=len(drafts) <= 10, batches=keys)
    t, attempts = work.tenant_id, 0 if defer else 1
    insert_rows(
        work.session.connection(),
        PostingJob.__table__,  # type: ignore[attr-defined]
        (
            "tenant_id",
            "doc_type",
            "doc_id",
            "event",
            "reference",
            "entry_date",
            "status",
            "error",
            "entry_number",
            "attempts",
            "batch",
        ),
        (
            (
                t,
                d.doc_type,
                d.doc_id,
                d.event,
                d.reference,
                d.entry_date,
                outcome.status,
                outcome.error,
                number,
                attempts,
                key,
            )
            for d, number, key in zip(docs, outcome.entry_numbers, keys, strict=True)
        ),
    )
    return outcome


def retry(work: Work, jobs: Sequence[PostingJob], drafts: Sequence[Draft]) -> Outcome:
    """Post the drafts of pending/failed posting rows (rows of one batch as one entry again);
    update their status either way."""
    outcome = _post(work, drafts, per_entry_audit=False, batches=[j.batch for j in jobs])
    table = PostingJob.__table__  # type: ignore[attr-defined]
    work.session.connection().execute(
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values(
            status=bindparam("status"),
            error=bindparam("error"),
            entry_number=bindparam("entry_number"),
            attempts=table.c.attempts + 1,
        ),
        [
            {"_id": j.id, "status": outcome.status, "error": outcome.error, "entry_number": n}
            for j, n in zip(jobs, outcome.entry_numbers, strict=True)
        ],
    )
    return outcome
