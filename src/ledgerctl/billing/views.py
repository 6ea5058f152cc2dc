"""Read side of billing: statement listings and details, the ageing report and a client's
ledger (every movement with a running balance), as typed rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from ledgerctl.billing.accounts import load_accounts
from ledgerctl.billing.documents import typed
from ledgerctl.billing.domain import Account, LiveStatement
from ledgerctl.billing.domain import aging as age_account
from ledgerctl.billing.drafts import lines_of
from ledgerctl.billing.lookup import client_codes, load_client, load_statement, row_id
from ledgerctl.billing.lookup import rules as billing_rules
from ledgerctl.billing.rules import BillingRules
from ledgerctl.billing.snapshot import IssueFacts, build, client_block, firm
from ledgerctl.billing.tables import BillingClient, Payment, Statement
from ledgerctl.core.clock import parse_period
from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import from_minor
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work, use_case

STATUSES = ("draft", "issued", "settled", "void")


@dataclass(frozen=True)
class StatementRow:
    """A statement in a listing (``open`` only for issued and settled ones)."""

    id: int
    number: str
    client: str
    period: str
    status: str
    total: Decimal
    paid: Decimal
    open: Decimal | None
    due_date: date
    issued_on: date | None


@dataclass(frozen=True)
class StatementDetail:
    """`billing statement show`: header, lines, payments, summary and ageing."""

    statement: dict[str, Any]
    lines: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    summary: dict[str, Any]
    aging: dict[str, Any]


@dataclass(frozen=True)
class AgingRow:
    """One client's (or a currency's TOTAL) open amounts by age, credit and balance."""

    client: str
    name: str
    currency: str
    current: Decimal
    days_30: Decimal
    days_60: Decimal
    days_90: Decimal
    credit: Decimal
    balance: Decimal


@dataclass(frozen=True)
class LedgerRow:
    """One movement of a client's account and the running balance after it."""

    date: date
    type: str
    reference: str
    description: str
    debit: Decimal | None
    credit: Decimal | None
    balance: Decimal


def statement_row(s: Statement, code: str) -> StatementRow:
    assert s.id is not None
    return StatementRow(
        s.id,
        s.number or "",
        code,
        s.period,
        s.status,
        s.total,
        s.paid,
        s.total - s.paid if s.status in ("issued", "settled") else None,
        s.due_date,
        s.issued_on,
    )


@use_case("billing.read", write=False)
def list_statements(
    work: Work, period: str | None, status: str | None, code: str | None
) -> list[StatementRow]:
    """Statements filtered by period, status and client, in period and client order."""
    query = select(Statement).where(Statement.tenant_id == work.tenant_id)
    if period:
        query = query.where(Statement.period == parse_period(period, field="--period"))
    if status:
        if status not in STATUSES:
            raise UsageError(f"--status {status!r} must be one of {', '.join(STATUSES)}")
        query = query.where(Statement.status == status)
    if code:
        client, _ = load_client(work, code)
        query = query.where(Statement.client_id == client.id)
    rows = work.session.exec(query.order_by(col(Statement.period), col(Statement.id))).all()
    names = client_codes(work, {s.client_id for s in rows})
    return sorted(
        (statement_row(s, names[s.client_id][0]) for s in rows),
        key=lambda r: (r.period, r.client, r.id),
    )


def _preview(work: Work, s: Statement, rules: BillingRules) -> dict[str, Any]:
    """A draft's figures as they would be frozen if it were issued now."""
    client = work.session.get(BillingClient, s.client_id)
    party = work.session.get(Party, client.party_id) if client else None
    assert client is not None and party is not None
    account = load_accounts(work, [row_id(client)])[row_id(client)]
    account = Account(
        account.statements + (LiveStatement(s.id, s.statement_date, s.total),),  # type: ignore[arg-type]
        account.payments,
        account.allocations,
    )
    facts = IssueFacts(
        "(draft)", s.statement_date, firm(work), client_block(client, party), account, None
    )
    return build(s, lines_of(work, s.id), facts, rules)  # type: ignore[arg-type]


@use_case("billing.read", write=False)
def show_statement(work: Work, ref: str) -> StatementDetail:
    """A statement's header, lines and account summary (frozen once issued)."""
    rules = billing_rules(work)
    s = load_statement(work, ref)
    code = client_codes(work, {s.client_id})[s.client_id][0]
    content = typed(s.snapshot if s.snapshot is not None else _preview(work, s, rules))
    summary = {
        k: content[k]
        for k in ("opening_balance", "charges_total", "payments_total", "closing_balance")
    }
    extra = {
        "content_hash": s.content_hash,
        "journal_entry": s.journal_entry,
        "pdf": s.pdf_path,
        "void_on": s.void_on,
        "void_reason": s.void_reason,
        "void_entry": s.void_entry,
        "note": s.note,
        "reissue_of": content.get("reissue_of"),
    }
    return StatementDetail(
        statement={**asdict(statement_row(s, code)), **{k: v for k, v in extra.items() if v}},
        lines=[{**ln} for ln in content["lines"]]
        if s.snapshot
        else [
            {
                "no": ln.line_no,
                "date": ln.service_date,
                "kind": ln.kind,
                "description": ln.description,
                "amount": ln.amount,
            }
            for ln in lines_of(work, row_id(s))
        ],
        payments=content["payments"],
        summary=summary,
        aging=content["aging"],
    )


@use_case("billing.read", write=False)
def aging(work: Work, on: date) -> list[AgingRow]:
    """Per client with anything open or in credit at ``on``: current / 30 / 60 / 90+, credit,
    balance; then a total row per currency."""
    rules = billing_rules(work)
    accounts = load_accounts(work)
    names = client_codes(work, set(accounts))
    currencies = dict(
        work.session.exec(
            select(BillingClient.id, BillingClient.currency).where(
                BillingClient.tenant_id == work.tenant_id
            )
        ).all()
    )
    rows: list[AgingRow] = []
    totals: defaultdict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 6)
    for cid, account in accounts.items():
        cur = currencies[cid]
        a = age_account(account, on, rules.aging_days, from_minor(0, cur))
        figures = [a.current, a.d30, a.d60, a.d90, a.credit, a.balance]
        if not any(figures):
            continue
        code, name = names[cid]
        rows.append(AgingRow(code, name, cur, *figures))
        totals[cur] = [t + f for t, f in zip(totals[cur], figures, strict=True)]
    rows.sort(key=lambda r: (r.currency, r.client))
    for cur, sums in sorted(totals.items()):
        rows.append(AgingRow("TOTAL", f"All clients ({cur})", cur, *sums))
    return rows


@dataclass(frozen=True)
class Movement:
    on: date
    order: int
    kind: str
    reference: str
    description: str
    debit: Decimal
    credit: Decimal


def _movements(work: Work, client_id: int) -> list[Movement]:
    found = []
    for s in work.session.exec(
        select(Statement).where(
            Statement.tenant_id == work.tenant_id,
            Statement.client_id == client_id,
            col(Statement.status).in_(("issued", "settled", "void")),
        )
    ).all():
        zero = from_minor(0, s.currency)
        found.append(
            Movement(
                s.statement_date,
                0,
                "statement",
                s.number or "",
                f"Statement {s.period}",
                s.total,
                zero,
            )
        )
        if s.status == "void":
            found.append(
                Movement(
                    s.void_on or s.statement_date,
                    2,
                    "void",
                    s.number or "",
                    f"Void: {s.void_reason}",
                    zero,
                    s.total,
                )
            )
    for p in work.session.exec(
        select(Payment).where(Payment.tenant_id == work.tenant_id, Payment.client_id == client_id)
    ).all():
        found.append(
            Movement(
                p.payment_date,
                1,
                "payment",
                p.invoice_no,
                f"Payment ({p.method})",
                from_minor(0, p.currency),
                p.amount,
            )
        )
    return sorted(found, key=lambda m: (m.on, m.order, m.reference))


@use_case("billing.read", write=False)
def client_ledger(work: Work, code: str, start: date | None, end: date | None) -> list[LedgerRow]:
    """Every movement of a client's account with a running balance (voids included)."""
    client, _ = load_client(work, code)
    if start and end and end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    movements = _movements(work, client.id)  # type: ignore[arg-type]
    balance = sum(
        (m.debit - m.credit for m in movements if start and m.on < start),
        from_minor(0, client.currency),
    )
    rows = (
        [LedgerRow(start, "opening", "", "Balance brought forward", None, None, balance)]
        if start
        else []
    )
    for m in movements:
        if (start and m.on < start) or (end and m.on > end):
            continue
        balance += m.debit - m.credit
        rows.append(LedgerRow(m.on, m.kind, m.reference, m.description, m.debit, m.credit, balance))
    return rows
