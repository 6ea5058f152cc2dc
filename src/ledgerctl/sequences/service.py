"""Gapless document numbers: define, allocate (inside the caller's transaction), preview, move.

A number is taken by locking the sequence's counter row (``SELECT … FOR UPDATE`` on Postgres;
the ``BEGIN IMMEDIATE`` write lock on SQLite), formatting it and bumping the counter in the
same transaction as the document that uses it. If that transaction rolls back, so does the
counter: no gaps, no duplicates.

``allocate``/``ensure_sequence``/``set_next`` take a ``Work`` and run inside another service's
transaction; ``list_sequences``/``preview``/``set_next_command``/``define`` take the
``AppContext`` and open their own unit of work (one per CLI command).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import parse_date, today
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.sequences.patterns import (
    RESETS,
    format_number,
    scope_of,
    validate_definition,
    validate_name,
)
from ledgerctl.sequences.tables import Sequence, SequenceCounter
from ledgerctl.work import Work, unit_of_work

__all__ = [
    "RESETS",
    "allocate",
    "define",
    "ensure_sequence",
    "format_number",
    "list_sequences",
    "load_sequence",
    "preview",
    "scope_of",
    "set_next",
    "set_next_command",
    "validate_definition",
]


def _find(session: Session, tenant_id: int, name: str) -> Sequence | None:
    return session.exec(
        select(Sequence).where(Sequence.tenant_id == tenant_id, Sequence.name == name)
    ).first()


def ensure_sequence(
    session: Session, tenant_id: int, name: str, pattern: str, reset: str = "yearly"
) -> Sequence:
    """The tenant's sequence ``name``, created with ``pattern``/``reset`` if it is new."""
    seq = _find(session, tenant_id, name)
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


def _counter_query(seq: Sequence, scope: str, *, lock: bool) -> Any:
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
    counter = session.exec(_counter_query(seq, scope, lock=True)).first()
    if counter is None:
        try:
            with session.begin_nested():
                counter = SequenceCounter(
                    tenant_id=seq.tenant_id, sequence_id=seq.id, scope=scope, next_value=1
                )
                session.add(counter)
        except IntegrityError:  # a concurrent transaction created it; now wait for its lock
            counter = session.exec(_counter_query(seq, scope, lock=True)).one()
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
    seq = _find(work.session, work.tenant_id, name)
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


# ---- ctx-level functions: one per CLI command, each in its own unit of work ----------------


def _day(on: date | str | None) -> date:
    if isinstance(on, str):
        return parse_date(on, field="--date")
    return on or today()


def _peek(session: Session, seq: Sequence, scope: str) -> int:
    counter = session.exec(_counter_query(seq, scope, lock=False)).first()
    return counter.next_value if counter else 1


def _row(session: Session, seq: Sequence, when: date) -> dict[str, Any]:
    scope = scope_of(seq.reset, when)
    n = _peek(session, seq, scope)
    return {
        "name": seq.name,
        "pattern": seq.pattern,
        "reset": seq.reset,
        "scope": scope,
        "next_n": n,
        "next": format_number(seq.pattern, n, when),
    }


def list_sequences(ctx: AppContext, on: date | str | None = None) -> list[dict[str, Any]]:
    """Every sequence of the tenant with the number it would hand out next on ``on``."""
    when = _day(on)
    with unit_of_work(ctx, "sequence.read", write=False) as work:
        seqs = work.session.exec(
            select(Sequence).where(Sequence.tenant_id == work.tenant_id).order_by(Sequence.name)
        ).all()
        return [_row(work.session, seq, when) for seq in seqs]


def preview(ctx: AppContext, name: str, on: date | str | None = None) -> dict[str, Any]:
    """The next number of ``name`` on ``on`` without taking it."""
    when = _day(on)
    with unit_of_work(ctx, "sequence.read", write=False) as work:
        return _row(work.session, load_sequence(work, name), when)


def set_next_command(
    ctx: AppContext, name: str, next_value: int, on: date | str | None = None
) -> dict[str, Any]:
    """`sequence set-next`: move the counter of ``name``'s scope on ``on`` forward (audited)."""
    when = _day(on)
    with unit_of_work(ctx, "sequence.manage") as work:
        before = set_next(work, name, next_value, when)
        seq = load_sequence(work, name)
        row = _row(work.session, seq, when)
        row["was"] = format_number(seq.pattern, before, when)
        return row


def define(ctx: AppContext, name: str, pattern: str, reset: str = "yearly") -> dict[str, Any]:
    """`sequence define`: a new sequence (exit 2 for a bad pattern, 4 if the name exists)."""
    validate_name(name)
    validate_definition(pattern, reset)
    with unit_of_work(ctx, "sequence.manage") as work:
        if _find(work.session, work.tenant_id, name) is not None:
            raise _exists(name, work)
        seq = Sequence(tenant_id=work.tenant_id, name=name, pattern=pattern, reset=reset)
        try:
            with work.session.begin_nested():
                work.session.add(seq)
        except IntegrityError:
            raise _exists(name, work) from None
        work.audit("sequence.define", "sequence", name, None, {"pattern": pattern, "reset": reset})
        return _row(work.session, seq, today())


def _exists(name: str, work: Work) -> Conflict:
    return Conflict(
        f"sequence {name!r} already exists in tenant {work.tenant.slug!r}; "
        "use `ledgerctl sequence set-next` to move its counter"
    )
