"""Read side of sequences: the number each would hand out next, without taking it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ledgerctl.core.clock import today
from ledgerctl.sequences.domain import format_number, scope_of
from ledgerctl.sequences.numbers import counter_query, load_sequence
from ledgerctl.sequences.tables import Sequence
from ledgerctl.work import Work, use_case

COLUMNS = ("name", "pattern", "reset", "scope", "next")


@dataclass(frozen=True)
class SequenceRow:
    """A sequence and its next number in the reset scope of a date."""

    name: str
    pattern: str
    reset: str
    scope: str
    next_n: int
    next: str


def _peek(session: Session, seq: Sequence, scope: str) -> int:
    counter = session.exec(counter_query(seq, scope, lock=False)).first()
    return counter.next_value if counter else 1


def sequence_row(session: Session, seq: Sequence, when: date) -> SequenceRow:
    """``seq`` with the number it would hand out next on ``when``."""
    scope = scope_of(seq.reset, when)
    n = _peek(session, seq, scope)
    return SequenceRow(
        seq.name, seq.pattern, seq.reset, scope, n, format_number(seq.pattern, n, when)
    )


@use_case("sequence.read", write=False)
def list_sequences(work: Work, on: date | None = None) -> list[SequenceRow]:
    """`sequence list`: every sequence of the tenant with its next number on ``on``."""
    when = on or today()
    seqs = work.session.exec(
        select(Sequence).where(Sequence.tenant_id == work.tenant_id).order_by(col(Sequence.name))
    ).all()
    return [sequence_row(work.session, seq, when) for seq in seqs]


@use_case("sequence.read", write=False)
def preview(work: Work, name: str, on: date | None = None) -> SequenceRow:
    """`sequence preview NAME`: the next number of ``name`` on ``on`` without taking it."""
    return sequence_row(work.session, load_sequence(work, name), on or today())
