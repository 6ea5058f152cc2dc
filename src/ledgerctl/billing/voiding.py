"""Void and reissue statements (issued statements are never edited).

Voiding keeps the number, reverses the posting, and releases the statement's allocations back
to credit on account (its PDF is re-rendered with VOID after commit by ``workflows.void``);
reissuing clones a voided statement into a new draft that references it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import select

from ledgerctl.billing.documents import StatementDoc
from ledgerctl.billing.drafts import lines_of
from ledgerctl.billing.issuing import doc_of
from ledgerctl.billing.lookup import load_statement, row_id, statement_label
from ledgerctl.billing.lookup import rules as billing_rules
from ledgerctl.billing.periods import require_open
from ledgerctl.billing.tables import (
    Allocation,
    BillingClient,
    Charge,
    Payment,
    Statement,
    StatementLine,
)
from ledgerctl.core.clock import parse_period, period_bounds, utcnow
from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.ledger.api import reverse
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class Reissued:
    """The new draft that reissues a voided statement."""

    draft: int
    period: str
    total: Decimal
    reissue_of: str


def _release_allocations(work: Work, statement: Statement, reason: str) -> Decimal:
    allocations = work.session.exec(
        select(Allocation)
        .where(
            Allocation.tenant_id == work.tenant_id,
            Allocation.statement_id == statement.id,
            Allocation.status == "active",
        )
        .with_for_update()
    ).all()
    released = Decimal(0)
    for a in allocations:
        payment = work.session.exec(
            select(Payment).where(Payment.id == a.payment_id).with_for_update()
        ).one()
        payment.allocated -= a.amount
        a.status, a.released_at, a.released_reason = "released", utcnow(), reason
        released += a.amount
        work.session.add_all([payment, a])
    statement.paid = statement.paid - released
    return released


def void(work: Work, ref: str, reason: str, on: date) -> StatementDoc:
    """Void an issued or settled statement: reverse its posting, release its allocations."""
    text = reason.strip()
    if not text:
        raise UsageError("a reason is required to void a statement; pass --reason TEXT")
    if len(text) > 500:
        raise UsageError("--reason must be at most 500 characters")
    statement = load_statement(work, ref, lock=True)
    if statement.status == "draft":
        raise Conflict(
            f"statement {statement_label(statement)} is a draft; delete it instead "
            f"(`ledgerctl billing statement delete {statement.id}`)"
        )
    if statement.status == "void":
        raise Conflict(f"statement {statement.number} is already void (on {statement.void_on})")
    if on < statement.statement_date:
        raise UsageError(
            f"--date {on} is before the statement date "
            f"{statement.statement_date}; a void cannot precede the statement"
        )
    before = {"status": statement.status, "paid": statement.paid}
    assert statement.journal_entry is not None
    entry = reverse(work, statement.journal_entry, on, f"void {statement.number}: {text}")
    released = _release_allocations(work, statement, f"statement {statement.number} voided")
    statement.status, statement.void_on, statement.void_at = "void", on, utcnow()
    statement.void_by, statement.void_reason, statement.void_entry = (
        work.actor.name,
        text,
        entry.number,
    )
    work.session.add(statement)
    work.audit(
        "billing.void",
        "billing_statement",
        statement.number,
        before,
        {
            "status": "void",
            "reason": text,
            "on": on,
            "reversal": entry.number,
            "released": released,
            "content_hash": statement.content_hash,
        },
    )
    return doc_of(statement)


def _clone_lines(work: Work, old: Statement, new: Statement) -> None:
    for ln in lines_of(work, old.id):  # type: ignore[arg-type]
        work.session.add(
            StatementLine(
                tenant_id=work.tenant_id,
                statement_id=row_id(new),
                line_no=ln.line_no,
                kind=ln.kind,
                service_date=ln.service_date,
                description=ln.description,
                amount=ln.amount,
                retainer_id=ln.retainer_id,
                charge_id=ln.charge_id,
            )
        )
        if ln.charge_id is not None:
            charge = work.session.get(Charge, ln.charge_id)
            assert charge is not None
            charge.statement_id = new.id
            work.session.add(charge)


def _live_for(work: Work, client_id: int, period: str) -> Statement | None:
    return work.session.exec(
        select(Statement).where(
            Statement.tenant_id == work.tenant_id,
            Statement.client_id == client_id,
            Statement.period == period,
            Statement.status != "void",
        )
    ).first()


@use_case("billing.void")
def reissue(work: Work, ref: str, period: str | None) -> Reissued:
    """Clone a voided statement into a new draft (same period unless ``period``)."""
    rules = billing_rules(work)
    old = load_statement(work, ref, lock=True)
    if old.status != "void":
        raise Conflict(
            f"statement {statement_label(old)} is {old.status}; only a voided "
            f"statement can be reissued (`ledgerctl billing statement void "
            f"{statement_label(old)} --reason ...` first)"
        )
    target = parse_period(period, field="--period") if period else old.period
    require_open(work, [target], "a draft statement")
    clash = _live_for(work, old.client_id, target)
    if clash is not None:
        raise Conflict(
            f"the client already has statement {statement_label(clash)} for "
            f"{target}; reissue into another period with --period YYYY-MM"
        )
    client = work.session.get(BillingClient, old.client_id)
    assert client is not None
    _, last = period_bounds(target)
    terms = client.terms_days if client.terms_days is not None else rules.terms_days
    new = Statement(
        tenant_id=work.tenant_id,
        client_id=old.client_id,
        period=target,
        statement_date=last,
        due_date=last + timedelta(days=terms),
        currency=old.currency,
        total=old.total,
        note=old.note,
        reissue_of_id=old.id,
        created_by=work.actor.name,
    )
    work.session.add(new)
    work.session.flush()
    _clone_lines(work, old, new)
    work.audit(
        "billing.reissue",
        "billing_statement",
        old.number,
        None,
        {"draft": new.id, "period": target, "total": new.total},
    )
    assert new.id is not None
    return Reissued(new.id, new.period, new.total, ref)
