"""Editing draft statements before review: note and due date, lines added or removed, or the
whole draft deleted (its charges go back to unbilled). Issued statements are never edited:
they are voided and reissued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import delete as sql_delete
from sqlmodel import col, select

from ledgerctl.billing.charges import check_kind, check_text
from ledgerctl.billing.cycle import mark_charges_billed
from ledgerctl.billing.domain import LINE_KINDS
from ledgerctl.billing.lookup import load_statement, row_id, statement_label
from ledgerctl.billing.periods import require_open
from ledgerctl.billing.tables import Statement, StatementLine
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.core.money import parse_amount
from ledgerctl.work import Work, use_case


def require_draft(statement: Statement) -> None:
    """Exit 4 unless ``statement`` is a draft."""
    if statement.status != "draft":
        raise Conflict(
            f"statement {statement_label(statement)} is {statement.status}; an "
            "issued statement cannot be changed: void it and reissue instead"
        )


def open_draft(work: Work, ref: str) -> Statement:
    """The draft ``ref``, row-locked, in an open billing period."""
    statement = load_statement(work, ref, lock=True)
    require_draft(statement)
    require_open(work, [statement.period], "a draft statement")
    return statement


def lines_of(work: Work, statement_id: int) -> list[StatementLine]:
    return list(
        work.session.exec(
            select(StatementLine)
            .where(
                StatementLine.tenant_id == work.tenant_id,
                StatementLine.statement_id == statement_id,
            )
            .order_by(col(StatementLine.line_no))
        ).all()
    )


def _retotal(work: Work, statement: Statement) -> None:
    work.session.flush()
    lines = lines_of(work, statement.id)  # type: ignore[arg-type]
    statement.total = sum((ln.amount for ln in lines), Decimal("0.00"))
    work.session.add(statement)


@dataclass(frozen=True)
class DraftHeader:
    """A draft's header after an edit."""

    id: int
    period: str
    status: str
    total: Decimal
    due_date: date
    note: str


@dataclass(frozen=True)
class DraftTotal:
    """A draft after a line was added or removed."""

    statement_id: int
    line_no: int
    kind: str
    description: str
    amount: Decimal
    total: Decimal


@dataclass(frozen=True)
class DraftDeleted:
    """A deleted draft."""

    id: int
    period: str
    total: Decimal
    lines: int


def header_row(s: Statement) -> dict[str, object]:
    return {
        "id": s.id,
        "period": s.period,
        "status": s.status,
        "total": s.total,
        "due_date": s.due_date,
        "note": s.note,
    }


@use_case("billing.draft")
def edit_draft(work: Work, ref: str, note: str | None, due_date: date | None) -> DraftHeader:
    """Change a draft's note and/or due date."""
    statement = open_draft(work, ref)
    if note is None and due_date is None:
        raise UsageError("nothing to change: pass --note and/or --due-date")
    before = header_row(statement)
    if note is not None:
        if len(note) > 500:
            raise UsageError("--note must be at most 500 characters")
        statement.note = note.strip()
    if due_date is not None:
        if due_date < statement.statement_date:
            raise UsageError(
                f"--due-date {due_date} is before the statement date {statement.statement_date}"
            )
        statement.due_date = due_date
    work.session.add(statement)
    work.audit(
        "billing.draft_edit", "billing_statement", statement.id, before, header_row(statement)
    )
    return DraftHeader(
        _id(statement),
        statement.period,
        statement.status,
        statement.total,
        statement.due_date,
        statement.note,
    )


@use_case("billing.draft")
def add_line(
    work: Work, ref: str, description: str, amount_text: str, kind: str, on: date | None
) -> DraftTotal:
    """Add a fee, disbursement or (signed) adjustment line to a draft."""
    statement = open_draft(work, ref)
    check_kind(kind, tuple(k for k in LINE_KINDS if k != "retainer"))
    text = check_text(description, "--description", 300)
    amount = parse_amount(amount_text, statement.currency, field="--amount")
    if amount == 0 or (amount < 0 and kind != "adjustment"):
        raise UsageError(
            f"--amount {amount_text}: a {kind} line must be more than zero "
            "(a credit to the client is an adjustment with a negative amount)"
        )
    lines = lines_of(work, statement.id)  # type: ignore[arg-type]
    line = StatementLine(
        tenant_id=work.tenant_id,
        statement_id=row_id(statement),
        line_no=max((ln.line_no for ln in lines), default=0) + 1,
        kind=kind,
        service_date=on or statement.statement_date,
        description=text,
        amount=amount,
    )
    work.session.add(line)
    _retotal(work, statement)
    after = {
        "line_no": line.line_no,
        "kind": kind,
        "description": text,
        "amount": amount,
        "total": statement.total,
    }
    work.audit("billing.draft_line_add", "billing_statement", statement.id, None, after)
    return DraftTotal(_id(statement), line.line_no, kind, text, amount, statement.total)


@use_case("billing.draft")
def remove_line(work: Work, ref: str, line_no: int) -> DraftTotal:
    """Remove a line from a draft; a charge's line makes the charge unbilled again."""
    statement = open_draft(work, ref)
    line = next(
        (
            ln
            for ln in lines_of(work, statement.id)  # type: ignore[arg-type]
            if ln.line_no == line_no
        ),
        None,
    )
    if line is None:
        raise NotFound(
            f"draft {statement.id} has no line {line_no}; see "
            f"`ledgerctl billing statement show {statement.id}`"
        )
    before = {
        "line_no": line.line_no,
        "kind": line.kind,
        "description": line.description,
        "amount": line.amount,
        "charge_id": line.charge_id,
    }
    work.session.delete(line)
    work.session.flush()
    if line.charge_id is not None:
        mark_charges_billed(work, [(line.charge_id, None)])
    _retotal(work, statement)
    work.audit(
        "billing.draft_line_remove",
        "billing_statement",
        statement.id,
        before,
        {"total": statement.total},
    )
    return DraftTotal(
        _id(statement), line.line_no, line.kind, line.description, line.amount, statement.total
    )


@use_case("billing.draft")
def delete_draft(work: Work, ref: str) -> DraftDeleted:
    """Delete a draft; its charges become unbilled and the next cycle may bill them again."""
    statement = open_draft(work, ref)
    lines = lines_of(work, statement.id)  # type: ignore[arg-type]
    before = {
        **header_row(statement),
        "client_id": statement.client_id,
        "lines": [[ln.kind, ln.description, str(ln.amount)] for ln in lines],
    }
    mark_charges_billed(work, [(ln.charge_id, None) for ln in lines if ln.charge_id])
    table = StatementLine.__table__  # type: ignore[attr-defined]
    work.session.execute(sql_delete(table).where(table.c.statement_id == statement.id))
    work.session.delete(statement)
    work.audit("billing.draft_delete", "billing_statement", statement.id, before, None)
    return DraftDeleted(_id(statement), statement.period, statement.total, len(lines))


def _id(statement: Statement) -> int:
    assert statement.id is not None
    return statement.id
