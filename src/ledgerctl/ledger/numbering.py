"""Journal entry numbers from the gapless ``journal`` sequence, one at a time or in blocks.

One entry takes its number with ``sequences.service.allocate``. A batch takes the first
number of each year the same way (that creates and locks the counter row) and then moves the
locked counter past the whole block in one update, so 5,000 entries cost two statements
instead of 15,000. Numbers stay gapless: the counter moves in the same transaction as the
entries that use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import select

from ledgerctl.sequences.service import allocate, ensure_sequence, format_number, scope_of
from ledgerctl.sequences.tables import SequenceCounter
from ledgerctl.work import Work

JOURNAL_SEQUENCE = "journal"
JOURNAL_PATTERN = "JE-{year}-{n:06d}"
JOURNAL_RESET = "yearly"


def take_number(work: Work, on: date) -> str:
    """The next journal entry number for an entry dated ``on``."""
    return allocate(work, JOURNAL_SEQUENCE, pattern=JOURNAL_PATTERN, reset=JOURNAL_RESET, on=on)


def take_numbers(work: Work, dates: Sequence[date]) -> list[str]:
    """Numbers for entries dated ``dates``, in that order (consecutive within a year)."""
    if len(dates) <= 1:
        return [take_number(work, d) for d in dates]
    seq = ensure_sequence(work.session, work.tenant_id, JOURNAL_SEQUENCE, JOURNAL_PATTERN,
                          JOURNAL_RESET)
    groups: dict[str, list[int]] = {}
    for i, day in enumerate(dates):
        groups.setdefault(scope_of(seq.reset, day), []).append(i)
    numbers: list[str] = [""] * len(dates)
    for scope, indexes in groups.items():
        numbers[indexes[0]] = take_number(work, dates[indexes[0]])
        counter = work.session.exec(
            select(SequenceCounter).where(SequenceCounter.tenant_id == work.tenant_id,
                                          SequenceCounter.sequence_id == seq.id,
                                          SequenceCounter.scope == scope)
            .with_for_update().execution_options(populate_existing=True)).one()
        first = counter.next_value - 1
        for offset, i in enumerate(indexes[1:], start=1):
            numbers[i] = format_number(seq.pattern, first + offset, dates[i])
        counter.next_value = first + len(indexes)
        work.session.add(counter)
    work.session.flush()
    return numbers
