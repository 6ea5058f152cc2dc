"""Integrity checks of the `billing` group, run by `ledgerctl audit check`.

- every issued statement's snapshot still hashes to its stored content hash and agrees with
  the statement row (number, total) and its journal entry (reference);
- allocations never exceed a payment or a statement, and the running sums kept on payments and
  statements (and the settled status) match them; a voided statement holds no allocation;
- no draft sits in a closed billing period.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlmodel import col, select

from ledgerctl.audit.api import CheckResult
from ledgerctl.billing.periods import closed_codes
from ledgerctl.billing.snapshot import content_hash
from ledgerctl.billing.tables import Allocation, Payment, Statement
from ledgerctl.ledger.api import JournalEntry
from ledgerctl.work import Work

MAX_LISTED = 20


def _snapshot_problems(s: Statement, references: dict[str, str]) -> list[str]:
    if s.snapshot is None or s.content_hash is None:
        return [f"statement {s.number} has no frozen snapshot"]
    found = []
    if content_hash(s.snapshot) != s.content_hash:
        found.append(
            f"statement {s.number}: snapshot changed after it was issued (content hash mismatch)"
        )
    if (
        s.snapshot.get("number") != s.number
        or Decimal(s.snapshot.get("charges_total", "NaN")) != s.total
    ):
        found.append(f"statement {s.number}: row (number/total) disagrees with its snapshot")
    if references.get(s.journal_entry or "") != s.number:
        found.append(
            f"statement {s.number}: journal entry {s.journal_entry} is missing or does "
            "not reference it"
        )
    return found


def check_statement_hashes(work: Work) -> CheckResult:
    """Issued statements: snapshot hash, row vs snapshot, journal entry reference."""
    statements = work.session.exec(
        select(Statement).where(
            Statement.tenant_id == work.tenant_id, col(Statement.number).is_not(None)
        )
    ).all()
    references = dict(
        work.session.exec(
            select(JournalEntry.number, JournalEntry.reference).where(
                JournalEntry.tenant_id == work.tenant_id, JournalEntry.source == "billing"
            )
        ).all()
    )
    problems = [p for s in statements for p in _snapshot_problems(s, references)]
    return CheckResult("billing statement hashes", len(statements), tuple(problems[:MAX_LISTED]))


def _active_sums(work: Work) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    by_payment: dict[int, Decimal] = defaultdict(Decimal)
    by_statement: dict[int, Decimal] = defaultdict(Decimal)
    for a in work.session.exec(
        select(Allocation).where(
            Allocation.tenant_id == work.tenant_id, Allocation.status == "active"
        )
    ).all():
        by_payment[a.payment_id] += a.amount
        by_statement[a.statement_id] += a.amount
    return by_payment, by_statement


def _statement_sum_problems(s: Statement, allocated: Decimal) -> list[str]:
    label = s.number or f"draft {s.id}"
    found = []
    if allocated != s.paid:
        found.append(f"statement {label}: paid says {s.paid}, allocations add up to {allocated}")
    if allocated > s.total:
        found.append(f"statement {label}: allocations {allocated} exceed its total {s.total}")
    if s.status in ("draft", "void") and allocated:
        found.append(f"statement {label} is {s.status} but holds allocations of {allocated}")
    if s.status in ("issued", "settled") and (s.status == "settled") != (s.paid == s.total):
        found.append(f"statement {label} is {s.status} with {s.total - s.paid} open")
    return found


def check_allocations(work: Work) -> CheckResult:
    """Allocations within payments and statements; kept sums and settled status agree."""
    by_payment, by_statement = _active_sums(work)
    problems = []
    payments = work.session.exec(select(Payment).where(Payment.tenant_id == work.tenant_id)).all()
    for p in payments:
        allocated = by_payment.get(p.id, Decimal(0))  # type: ignore[arg-type]
        if allocated != p.allocated or allocated > p.amount:
            problems.append(
                f"payment {p.id}: amount {p.amount}, allocated says {p.allocated}, "
                f"allocations add up to {allocated}"
            )
    statements = work.session.exec(
        select(Statement).where(Statement.tenant_id == work.tenant_id)
    ).all()
    for s in statements:
        problems += _statement_sum_problems(s, by_statement.get(s.id, Decimal(0)))  # type: ignore[arg-type]
    return CheckResult(
        "billing allocations", len(payments) + len(statements), tuple(problems[:MAX_LISTED])
    )


def check_closed_periods(work: Work) -> CheckResult:
    """No draft statement in a closed billing period."""
    closed = closed_codes(work)
    drafts = (
        work.session.exec(
            select(Statement.id, Statement.period).where(
                Statement.tenant_id == work.tenant_id,
                Statement.status == "draft",
                col(Statement.period).in_(closed),
            )
        ).all()
        if closed
        else []
    )
    problems = tuple(
        f"draft {sid} is in closed billing period {period}" for sid, period in drafts[:MAX_LISTED]
    )
    return CheckResult("billing period locks", len(closed), problems)


CHECKS = [check_statement_hashes, check_allocations, check_closed_periods]
