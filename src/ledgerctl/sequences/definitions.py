"""Use cases that change sequences: define a new one, move a counter forward (both audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError

from ledgerctl.core.clock import today
from ledgerctl.core.errors import Conflict
from ledgerctl.sequences.domain import format_number, validate_definition, validate_name
from ledgerctl.sequences.numbers import find_sequence, load_sequence, set_next
from ledgerctl.sequences.tables import Sequence
from ledgerctl.sequences.views import SequenceRow, sequence_row
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class SequenceMoved:
    """A counter moved forward: the sequence now, and the number it would have given."""

    row: SequenceRow
    was: str

    @property
    def next(self) -> str:
        return self.row.next


@use_case("sequence.manage")
def move_next(work: Work, name: str, next_value: int, on: date | None = None) -> SequenceMoved:
    """`sequence set-next NAME N`: move the counter of ``name``'s scope on ``on`` forward."""
    when = on or today()
    before = set_next(work, name, next_value, when)
    seq = load_sequence(work, name)
    return SequenceMoved(
        sequence_row(work.session, seq, when), format_number(seq.pattern, before, when)
    )


@use_case("sequence.manage")
def define(work: Work, name: str, pattern: str, reset: str = "yearly") -> SequenceRow:
    """`sequence define NAME --pattern`: exit 2 for a bad pattern, 4 if the name exists."""
    validate_name(name)
    validate_definition(pattern, reset)
    if find_sequence(work.session, work.tenant_id, name) is not None:
        raise _exists(name, work)
    seq = Sequence(tenant_id=work.tenant_id, name=name, pattern=pattern, reset=reset)
    try:
        with work.session.begin_nested():
            work.session.add(seq)
    except IntegrityError:
        raise _exists(name, work) from None
    work.audit("sequence.define", "sequence", name, None, {"pattern": pattern, "reset": reset})
    return sequence_row(work.session, seq, today())


def _exists(name: str, work: Work) -> Conflict:
    return Conflict(
        f"sequence {name!r} already exists in tenant {work.tenant.slug!r}; "
        "use `ledgerctl sequence set-next` to move its counter"
    )
