"""Gapless document numbers: define, allocate (inside the caller's transaction), preview, move.

A number is taken by locking the sequence's counter row (``SELECT … FOR UPDATE`` on Postgres;
the ``BEGIN IMMEDIATE`` write lock on SQLite), formatting it and bumping the counter in the
same transaction as the document that uses it. If that transaction rolls back, so does the
counter: no gaps, no duplicates.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ledgerctl.core.clock import today
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.sequences.tables import Sequence, SequenceCounter
from ledgerctl.work import Work

RESETS = ("never", "yearly", "monthly")


def scope_of(reset: str, on: date) -> str:
    """The counter scope a date falls in for a reset policy ('' / '2025' / '2025-09')."""
    if reset == "yearly":
        return f"{on.year:04d}"
    if reset == "monthly":
        return f"{on.year:04d}-{on.month:02d}"
    return ""


def format_number(pattern: str, n: int, on: date) -> str:
    """Render a pattern such as ``SOA-{year}-{n:05d}`` or ``INV-{month}-{n}``."""
    try:
        return pattern.format(n=n, year=f"{on.year:04d}", month=f"{on.year:04d}{on.month:02d}",
                              yy=f"{on.year % 100:02d}", mm=f"{on.month:02d}")
    except (KeyError, IndexError, ValueError) as exc:
        raise UsageError(f"sequence pattern {pattern!r} is invalid ({exc}); use fields "
                         "{n}, {year}, {yy}, {mm}, {month}, e.g. SOA-{year}-{n:05d}") from None


def validate_definition(pattern: str, reset: str) -> None:
    if reset not in RESETS:
        raise UsageError(f"reset must be one of {', '.join(RESETS)}, not {reset!r}")
    if "{n" not in pattern:
        raise UsageError(f"sequence pattern {pattern!r} must contain {{n}} (the counter)")
    format_number(pattern, 1, date(2000, 1, 1))


def ensure_sequence(session: Session, tenant_id: int, name: str, pattern: str,
                    reset: str = "yearly") -> Sequence:
    """The tenant's sequence ``name``, created with ``pattern``/``reset`` if it is new."""
    seq = session.exec(select(Sequence).where(Sequence.tenant_id == tenant_id,
                                              Sequence.name == name)).first()
    if seq is None:
        validate_definition(pattern, reset)
        seq = Sequence(tenant_id=tenant_id, name=name, pattern=pattern, reset=reset)
        try:
            with session.begin_nested():
                session.add(seq)
        except IntegrityError:  # created by a concurrent transaction just now
            seq = session.exec(select(Sequence).where(Sequence.tenant_id == tenant_id,
                                                      Sequence.name == name)).one()
    return seq


def _locked_counter(session: Session, seq: Sequence, scope: str) -> SequenceCounter:
    query = select(SequenceCounter).where(SequenceCounter.sequence_id == seq.id,
                                          SequenceCounter.scope == scope).with_for_update()
    counter = session.exec(query).first()
    if counter is None:
        try:
            with session.begin_nested():
                counter = SequenceCounter(tenant_id=seq.tenant_id, sequence_id=seq.id,
                                          scope=scope, next_value=1)
                session.add(counter)
        except IntegrityError:
            counter = session.exec(query).one()
    return counter


def allocate(work: Work, name: str, *, pattern: str, reset: str = "yearly",
             on: date | None = None) -> str:
    """Take the next number of sequence ``name`` for the work's tenant (gapless)."""
    seq = ensure_sequence(work.session, work.tenant_id, name, pattern, reset)
    when = on or today()
    counter = _locked_counter(work.session, seq, scope_of(seq.reset, when))
    number = format_number(seq.pattern, counter.next_value, when)
    counter.next_value += 1
    work.session.add(counter)
    return number


def load_sequence(work: Work, name: str) -> Sequence:
    seq = work.session.exec(select(Sequence).where(Sequence.tenant_id == work.tenant_id,
                                                   Sequence.name == name)).first()
    if seq is None:
        raise NotFound(f"sequence {name!r} not found in tenant {work.tenant.slug!r}; "
                       "see `ledgerctl sequence list`")
    return seq


def set_next(work: Work, name: str, next_value: int, on: date | None = None) -> int:
    """Move a counter forward (e.g. to continue a paper book). Never back onto used numbers."""
    seq = load_sequence(work, name)
    when = on or today()
    counter = _locked_counter(work.session, seq, scope_of(seq.reset, when))
    if next_value < counter.next_value:
        last = format_number(seq.pattern, counter.next_value - 1, when)
        raise Conflict(f"sequence {name!r} has already used numbers up to {last}; the next "
                       f"number can only move forward (to {counter.next_value} or more)")
    before = counter.next_value
    counter.next_value = next_value
    work.session.add(counter)
    work.audit("sequence.set_next", "sequence", name, {"next": before, "scope": counter.scope},
               {"next": next_value, "scope": counter.scope})
    return before
