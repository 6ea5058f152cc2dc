"""Gapless document numbers, inside the caller's transaction: allocate, ensure, move forward.

A number is taken by locking the sequence's counter row (``SELECT … FOR UPDATE`` on Postgres;
the ``BEGIN IMMEDIATE`` write lock on SQLite), formatting it and bumping the counter in the
same transaction as the document that uses it. If that transaction rolls back, so does the
counter: no gaps, no duplicates.

``allocate``/``allocate_block``/``set_next``/``load_sequence`` take a ``Work`` and run inside
another use case's transaction (other groups reach them through ``ledgerctl.sequences.api``);
the commands' use cases are in ``definitions`` and ``views``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ledgerctl.core.clock import today
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.sequences.domain import (
    format_number,
    scope_of,
    validate_definition,
    validate_name,
)
from ledgerctl.sequences.tables import Sequence, SequenceCounter
from ledgerctl.work import Work


def find_sequence(session: Session, tenant_id: int, name: str) -> Sequence | None:
    """The tenant's sequence ``name``, or None."""
    return session.exec(
        select(Sequence).where(Sequence.tenant_id == tenant_id, Sequence.name == name)
    ).first()


def ensure_sequence(
    session: Session, tenant_id: int, name: str, pattern: str, reset: str = "yearly"
) -> Sequence:
    """The tenant's sequence ``name``, created with ``pattern``/``reset`` if it is new."""
    seq = find_sequence(session, tenant_id, name)
    if seq is None:
        validate_name(name)
        validate_definition(pattern, reset)
        seq = Sequence(tenant_id=tenant_id, name=name, pattern=pattern, reset=reset)
        try:
            with session.begin_nested():
                session.add(seq)
        except IntegrityError:  # created by a concurrent transaction just now
            seq = session.exec(
                select(Sequence).where(Sequence.tenant_id == tenant_id, Sequence.name == name)
            ).one()
    return seq


def counter_query(seq: Sequence, scope: str, *, lock: bool) -> Any:
    """The counter row of ``seq`` in ``scope`` (``FOR UPDATE`` with ``lock``)."""
    query = select(SequenceCounter).where(
        SequenceCounter.tenant_id == seq.tenant_id,
        SequenceCounter.sequence_id == seq.id,
        SequenceCounter.scope == scope,
    )
    # populate_existing: a counter this session read earlier must be refreshed from the locked
    # row, or a value bumped by a concurrent transaction since then would be handed out again.
    query = query.execution_options(populate_existing=True)
    return query.with_for_update() if lock else query


def _locked_counter(session: Session, seq: Sequence, scope: str) -> SequenceCounter:
    counter = session.exec(counter_query(seq, scope, lock=True)).first()
    if counter is None:
        assert seq.id is not None  # ensure_sequence/load_sequence return flushed rows
        try:
            with session.begin_nested():
                counter = SequenceCounter(
                    tenant_id=seq.tenant_id, sequence_id=seq.id, scope=scope, next_value=1
                )
                session.add(counter)
        except IntegrityError:  # a concurrent transaction created it; now wait for its lock
            counter = session.exec(counter_query(seq, scope, lock=True)).one()
    return counter


def _require_writer(session: Session) -> None:
    mode = session.connection().get_execution_options().get("sqlite_begin")
    if mode == "DEFERRED":
        raise RuntimeError(
            "sequence numbers can only be allocated in a unit_of_work opened "
            "with write=True (SQLite needs the write lock up front)"
        )


def allocate(
    work: Work, name: str, *, pattern: str, reset: str = "yearly", on: date | None = None
) -> str:
    """Take the next number of sequence ``name`` for the work's tenant (gapless)."""
    return allocate_block(work, name, [on or today()], pattern=pattern, reset=reset)[0]


def allocate_block(
    work: Work, name: str, dates: list[date], *, pattern: str, reset: str = "yearly"
) -> list[str]:
    """Numbers for documents dated ``dates``, in order; one counter update per scope.

    Equivalent to calling ``allocate`` once per date (consecutive numbers within a scope),
    but a batch of 5,000 costs one locked read and one update per scope instead of 5,000.
    """
    if not dates:
        return []
    _require_writer(work.session)
    seq = ensure_sequence(work.session, work.tenant_id, name, pattern, reset)
    groups: dict[str, list[int]] = {}
    for i, day in enumerate(dates):
        groups.setdefault(scope_of(seq.reset, day), []).append(i)
    numbers: list[str] = [""] * len(dates)
    for scope, indexes in groups.items():
        counter = _locked_counter(work.session, seq, scope)
        first = counter.next_value
        for offset, i in enumerate(indexes):
            numbers[i] = format_number(seq.pattern, first + offset, dates[i])
        counter.next_value = first + len(indexes)
        work.session.add(counter)
    work.session.flush()
    return numbers


def load_sequence(work: Work, name: str) -> Sequence:
    """The work tenant's sequence ``name``; NotFound (exit 3) if it is not defined."""
    seq = find_sequence(work.session, work.tenant_id, name)
    if seq is None:
        raise NotFound(
            f"sequence {name!r} not found in tenant {work.tenant.slug!r}; "
            "see `ledgerctl sequence list`"
        )
    return seq


def set_next(work: Work, name: str, next_value: int, on: date | None = None) -> int:
    """Move a counter forward (e.g. to continue a paper book). Never back onto used numbers."""
    if next_value < 1:
        raise UsageError(f"the next number must be 1 or more, not {next_value}")
    seq = load_sequence(work, name)
    when = on or today()
    counter = _locked_counter(work.session, seq, scope_of(seq.reset, when))
    if next_value < counter.next_value:
        last = format_number(seq.pattern, counter.next_value - 1, when)
        raise Conflict(
            f"sequence {name!r} is already past {last} (last number used or "
            f"skipped); it can only move forward, to {counter.next_value} or more"
        )
    before = counter.next_value
    counter.next_value = next_value
    work.session.add(counter)
    work.audit(
        "sequence.set_next",
        "sequence",
        name,
        {"next": before, "scope": counter.scope},
        {"next": next_value, "scope": counter.scope},
    )
    return before
