"""Journal entry numbers from the gapless ``journal`` sequence, one at a time or in blocks.

One entry takes its number with ``sequences.api.allocate``; a batch takes a block with
``allocate_block`` (one locked counter update per year instead of one per entry). Numbers stay
gapless: the counter moves in the same transaction as the entries that use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ledgerctl.sequences.api import allocate, allocate_block
from ledgerctl.work import Work

JOURNAL_SEQUENCE = "journal"
JOURNAL_PATTERN = "JE-{year}-{n:06d}"
JOURNAL_RESET = "yearly"


def take_number(work: Work, on: date) -> str:
    """The next journal entry number for an entry dated ``on``."""
    return allocate(work, JOURNAL_SEQUENCE, pattern=JOURNAL_PATTERN, reset=JOURNAL_RESET, on=on)


def take_numbers(work: Work, dates: Sequence[date]) -> list[str]:
    """Numbers for entries dated ``dates``, in that order (consecutive within a year)."""
    return allocate_block(
        work, JOURNAL_SEQUENCE, list(dates), pattern=JOURNAL_PATTERN, reset=JOURNAL_RESET
    )
