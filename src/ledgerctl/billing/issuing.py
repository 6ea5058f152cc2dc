"""Issue statements: the in-transaction part of `billing statement issue`.

Issuing freezes a draft: its snapshot and content hash are stored, a gapless number is taken
from the statement sequence, and the receivable is posted (Dr receivable / Cr fee income and
disbursements) dated the statement date — all in the caller's one transaction. The PDF is
written afterwards from the snapshot (the ``workflows.issue`` workflow). Voiding and
reissuing live in ``voiding``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import col, select

from ledgerctl.billing.accounts import load_accounts
from ledgerctl.billing.documents import StatementDoc, pdf_path, relative
from ledgerctl.billing.domain import Account, LiveStatement
from ledgerctl.billing.drafts import lines_of, require_draft
from ledgerctl.billing.lookup import row_id
from ledgerctl.billing.periods import require_open
from ledgerctl.billing.rules import BillingRules
from ledgerctl.billing.snapshot import IssueFacts, build, client_block, content_hash, firm
from ledgerctl.billing.tables import (
    BillingClient,
    Statement,
    StatementLine,
)
from ledgerctl.core.clock import period_of, utcnow
from ledgerctl.core.errors import Conflict, NotFound
from ledgerctl.ledger.api import (
    EntryDraft,
    FiscalPeriod,
    Line,
    accounts_by_code,
    post_many,
)
from ledgerctl.sequences.api import allocate_block
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work

FEE_KINDS = ("retainer", "fee", "adjustment")


def doc_of(statement: Statement) -> StatementDoc:
    """What the PDF of an issued (or voided) statement is rendered from."""
    assert statement.number and statement.snapshot is not None
    return StatementDoc(
        statement.number, statement.snapshot, statement.void_on, statement.void_reason or ""
    )


def require_accounts(work: Work, codes: dict[str, str]) -> None:
    """Exit 3 naming the rule field when an account billing posts to is missing."""
    chart = accounts_by_code(work)
    for field, code in codes.items():
        if code not in chart:
            raise NotFound(
                f"account {code} (rules/billing.yaml {field}) is not in the chart of "
                "accounts; run `ledgerctl ledger chart install services` (adds the "
                f"missing accounts) or `ledgerctl ledger account add {code} ...`"
            )


def _require_ledger_open(work: Work, statements: list[Statement]) -> None:
    codes = {period_of(s.statement_date) for s in statements}
    closed = set(
        work.session.exec(
            select(FiscalPeriod.code).where(
                FiscalPeriod.tenant_id == work.tenant_id,
                FiscalPeriod.code.in_(sorted(codes)),  # type: ignore[attr-defined]
                FiscalPeriod.status == "closed",
            )
        ).all()
    )
    for s in statements:
        if period_of(s.statement_date) in closed:
            raise Conflict(
                f"cannot issue draft {s.id} ({s.period}): it posts on "
                f"{s.statement_date} and ledger period {period_of(s.statement_date)} "
                "is closed; an admin must reopen it with `ledgerctl ledger period "
                "reopen ...` first"
            )


def _check_issuable(work: Work, statements: list[Statement]) -> None:
    for s in statements:
        require_draft(s)
        if s.total <= 0:
            raise Conflict(
                f"draft {s.id} totals {s.total}; only a positive amount can be "
                "issued: add lines or delete the draft"
            )
    _require_ledger_open(work, statements)  # names the posting date's ledger period
    require_open(work, {s.period for s in statements}, "a statement being issued")


def _entry(
    statement: Statement,
    number: str,
    lines: list[StatementLine],
    client_name: str,
    rules: BillingRules,
) -> EntryDraft:
    fees = sum((ln.amount for ln in lines if ln.kind in FEE_KINDS), Decimal(0))
    disbursements = sum((ln.amount for ln in lines if ln.kind == "disbursement"), Decimal(0))
    cur = statement.currency
    posting = [
        Line(rules.accounts.receivable, statement.total, cur, number),
        Line(rules.accounts.fee_income, -fees, cur, "fees"),
        Line(rules.accounts.disbursement_income, -disbursements, cur, "disbursements"),
    ]
    return EntryDraft(
        statement.statement_date,
        f"Statement {number} {client_name} {statement.period}",
        tuple(ln for ln in posting if ln.amount != 0),
        reference=number,
        source="billing",
    )


def _clients(work: Work, ids: set[int]) -> dict[int, tuple[BillingClient, Party]]:
    rows = work.session.exec(
        select(BillingClient, Party)
        .join(Party, col(Party.id) == BillingClient.party_id)
        .where(BillingClient.tenant_id == work.tenant_id, col(BillingClient.id).in_(sorted(ids)))
    ).all()
    return {c.id: (c, p) for c, p in rows}  # type: ignore[misc]


def _with_batch(accounts: dict[int, Account], statements: list[Statement]) -> dict[int, Account]:
    """Each client's account as if the whole batch were issued (snapshots see each other)."""
    extra: dict[int, list[LiveStatement]] = defaultdict(list)
    for s in statements:
        extra[s.client_id].append(LiveStatement(s.id, s.statement_date, s.total))  # type: ignore[arg-type]
    return {
        cid: Account(acc.statements + tuple(extra[cid]), acc.payments, acc.allocations)
        for cid, acc in accounts.items()
    }


def _reissued_numbers(work: Work, statements: list[Statement]) -> dict[int, str]:
    ids = {s.reissue_of_id for s in statements if s.reissue_of_id}
    if not ids:
        return {}
    rows = work.session.exec(
        select(Statement.id, Statement.number).where(col(Statement.id).in_(sorted(ids)))
    ).all()
    return {i: n for i, n in rows}  # type: ignore[misc]


@dataclass(frozen=True)
class _Batch:
    """What issuing a batch of drafts needs besides the drafts themselves."""

    clients: dict[int, tuple[BillingClient, Party]]
    accounts: dict[int, Account]
    lines: dict[int, list[StatementLine]]
    reissued: dict[int, str]
    letterhead: dict[str, object]


def _batch(
    work: Work, statements: list[Statement], clients: dict[int, tuple[BillingClient, Party]]
) -> _Batch:
    return _Batch(
        clients,
        _with_batch(load_accounts(work, set(clients)), statements),
        {s.id: lines_of(work, s.id) for s in statements},  # type: ignore[misc, arg-type]
        _reissued_numbers(work, statements),
        firm(work),
    )


def _freeze(
    work: Work,
    s: Statement,
    number: str,
    entry: str,
    batch: _Batch,
    rules: BillingRules,
    issued_on: date,
    now: datetime,
) -> StatementDoc:
    client, party = batch.clients[s.client_id]
    facts = IssueFacts(
        number,
        issued_on,
        batch.letterhead,
        client_block(client, party),
        batch.accounts[s.client_id],
        batch.reissued.get(s.reissue_of_id or 0),
    )
    s.snapshot = build(s, batch.lines[s.id], facts, rules)  # type: ignore[index]
    s.content_hash, s.number, s.status = content_hash(s.snapshot), number, "issued"
    s.issued_on, s.issued_at, s.issued_by = issued_on, now, work.actor.name
    s.journal_entry = entry
    s.pdf_path = relative(work.ctx, pdf_path(work.ctx, work.tenant.slug, number))
    work.session.add(s)
    work.audit(
        "billing.issue",
        "billing_statement",
        number,
        {"draft": s.id, "status": "draft"},
        {
            "number": number,
            "client": party.code,
            "period": s.period,
            "total": s.total,
            "content_hash": s.content_hash,
            "journal_entry": entry,
        },
    )
    return doc_of(s)


def issue(
    work: Work, statements: list[Statement], rules: BillingRules, issued_on: date
) -> list[StatementDoc]:
    """Issue the (row-locked) drafts in one transaction; returns what to render."""
    _check_issuable(work, statements)
    require_accounts(work, rules.accounts.model_dump())
    clients = _clients(work, {s.client_id for s in statements})
    statements = sorted(statements, key=lambda s: (s.period, clients[s.client_id][1].code, s.id))
    numbering = rules.numbering
    numbers = allocate_block(
        work,
        numbering.sequence,
        [issued_on] * len(statements),
        pattern=numbering.pattern,
        reset=numbering.reset,
    )
    batch = _batch(work, statements, clients)
    entries = post_many(
        work,
        [
            _entry(
                s,
                n,
                batch.lines[row_id(s)],
                clients[s.client_id][1].name,
                rules,
            )
            for s, n in zip(statements, numbers, strict=True)
        ],
        per_entry_audit=len(statements) == 1,
    )
    now = utcnow()
    return [
        _freeze(work, s, n, e.number, batch, rules, issued_on, now)
        for s, n, e in zip(statements, numbers, entries, strict=True)
    ]


def drafts_of_period(work: Work, period: str) -> list[Statement]:
    """Every draft of ``period``, row-locked."""
    return list(
        work.session.exec(
            select(Statement)
            .where(
                Statement.tenant_id == work.tenant_id,
                Statement.period == period,
                Statement.status == "draft",
            )
            .order_by(col(Statement.id))
            .with_for_update()
        ).all()
    )
