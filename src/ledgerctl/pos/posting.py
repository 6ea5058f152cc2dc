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

from sqlalchemy import bindparam, insert, update

from ledgerctl.core.errors import LedgerError
from ledgerctl.ledger.domain import EntryDraft
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


def _post(work: Work, drafts: Sequence[Draft], per_entry_audit: bool) -> Outcome:
    from ledgerctl.ledger.posting import post_many

    broken = next((d for d in drafts if isinstance(d, str)), None)
    if broken is not None:
        return Outcome("failed", tuple(None for _ in drafts), broken[:500])
    real = [d for d in drafts if isinstance(d, EntryDraft)]
    try:
        with work.session.begin_nested():
            posted = iter(post_many(work, real, per_entry_audit=per_entry_audit))
    except LedgerError as exc:
        return Outcome("failed", tuple(None for _ in drafts), exc.message[:500])
    return Outcome("posted", tuple(next(posted).number if d is not None else None
                                   for d in drafts))


def post_documents(work: Work, docs: Sequence[DocRef], drafts: Sequence[Draft], *,
                   defer: bool = False) -> Outcome:
    """Post the drafts (None: nothing to post) and record one posting row per document."""
    if defer:
        outcome = Outcome("pending", tuple(None for _ in docs))
    else:
        outcome = _post(work, drafts, per_entry_audit=len(drafts) <= 10)
    rows = [{"tenant_id": work.tenant_id, "doc_type": d.doc_type, "doc_id": d.doc_id,
             "event": d.event, "reference": d.reference, "entry_date": d.entry_date,
             "status": outcome.status, "error": outcome.error, "entry_number": number,
             "attempts": 0 if defer else 1}
            for d, number in zip(docs, outcome.entry_numbers, strict=True)]
    if rows:
        work.session.connection().execute(insert(PostingJob.__table__), rows)  # type: ignore[attr-defined]
    return outcome


def retry(work: Work, jobs: Sequence[PostingJob], drafts: Sequence[Draft]) -> Outcome:
    """Post the drafts of pending/failed posting rows; update their status either way."""
    outcome = _post(work, drafts, per_entry_audit=False)
    table = PostingJob.__table__  # type: ignore[attr-defined]
    work.session.connection().execute(
        update(table).where(table.c.id == bindparam("_id")).values(
            status=bindparam("status"), error=bindparam("error"),
            entry_number=bindparam("entry_number"), attempts=table.c.attempts + 1),
        [{"_id": j.id, "status": outcome.status, "error": outcome.error, "entry_number": n}
         for j, n in zip(jobs, outcome.entry_numbers, strict=True)])
    return outcome
