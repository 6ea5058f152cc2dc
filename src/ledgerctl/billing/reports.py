"""Read side of billing: statement listings and details, the ageing report and a client's
ledger (every movement with a running balance)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import select

from ledgerctl.billing.accounts import load_accounts
from ledgerctl.billing.documents import typed
from ledgerctl.billing.domain import Account, LiveStatement, aging
from ledgerctl.billing.drafts import lines_of
from ledgerctl.billing.lookup import client_codes, load_client, load_statement
from ledgerctl.billing.rules import BillingRules
from ledgerctl.billing.snapshot import IssueFacts, build, client_block, firm
from ledgerctl.billing.tables import BillingClient, Payment, Statement
from ledgerctl.core.clock import parse_period
from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import from_minor
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work

STATUSES = ("draft", "issued", "settled", "void")


def statement_row(s: Statement, code: str) -> dict[str, object]:
    return {
        "id": s.id,
        "number": s.number or "",
        "client": code,
        "period": s.period,
        "status": s.status,
        "total": s.total,
        "paid": s.paid,
        "open": s.total - s.paid if s.status in ("issued", "settled") else None,
        "due_date": s.due_date,
        "issued_on": s.issued_on,
    }


def list_statements(
    work: Work, period: str | None, status: str | None, code: str | None
) -> list[dict[str, object]]:
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
    rows = work.session.exec(query.order_by(Statement.period, Statement.id)).all()
    names = client_codes(work, {s.client_id for s in rows})
    return sorted(
        (statement_row(s, names[s.client_id][0]) for s in rows),
        key=lambda r: (r["period"], r["client"], r["id"]),
    )  # type: ignore[return-value]


def _preview(work: Work, s: Statement, rules: BillingRules) -> dict[str, Any]:
    """A draft's figures as they would be frozen if it were issued now."""
    client = work.session.get(BillingClient, s.client_id)
    party = work.session.get(Party, client.party_id) if client else None
    assert client is not None and party is not None
    account = load_accounts(work, [client.id])[client.id]  # type: ignore[list-item]
    account = Account(
        account.statements + (LiveStatement(s.id, s.statement_date, s.total),),  # type: ignore[arg-type]
        account.payments,
        account.allocations,
    )
    facts = IssueFacts(
        "(draft)", s.statement_date, firm(work), client_block(client, party), account, None
    )
    return build(s, lines_of(work, s.id), facts, rules)  # type: ignore[arg-type]


def show_statement(work: Work, ref: str, rules: BillingRules) -> dict[str, Any]:
    """A statement's header, lines and account summary (frozen once issued)."""
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
    return {
        "statement": {**statement_row(s, code), **{k: v for k, v in extra.items() if v}},
        "lines": [{**ln} for ln in content["lines"]]
        if s.snapshot
        else [
            {
                "no": ln.line_no,
                "date": ln.service_date,
                "kind": ln.kind,
                "description": ln.description,
                "amount": ln.amount,
            }
            for ln in lines_of(work, s.id)
        ],  # type: ignore[arg-type]
        "payments": content["payments"],
        "summary": summary,
        "aging": content["aging"],
    }


def aging_report(work: Work, on: date, rules: BillingRules) -> list[dict[str, object]]:
    """Per client with anything open or in credit at ``on``: current / 30 / 60 / 90+, credit,
    balance; then a total row per currency."""
    accounts = load_accounts(work)
    names = client_codes(work, set(accounts))
    currencies = dict(
        work.session.exec(
            select(BillingClient.id, BillingClient.currency).where(
                BillingClient.tenant_id == work.tenant_id
            )
        ).all()
    )
    rows, totals = [], defaultdict(lambda: [Decimal(0)] * 6)  # type: ignore[var-annotated]
    for cid, account in accounts.items():
        cur = currencies[cid]
        a = aging(account, on, rules.aging_days, from_minor(0, cur))
        figures = [a.current, a.d30, a.d60, a.d90, a.credit, a.balance]
        if not any(figures):
            continue
        code, name = names[cid]
        rows.append(dict(zip(AGING_KEYS, [code, name, cur, *figures], strict=True)))
        totals[cur] = [t + f for t, f in zip(totals[cur], figures, strict=True)]
    rows.sort(key=lambda r: (r["currency"], r["client"]))  # type: ignore[arg-type, return-value]
    for cur, figures in sorted(totals.items()):
        rows.append(
            dict(zip(AGING_KEYS, ["TOTAL", f"All clients ({cur})", cur, *figures], strict=True))
        )
    return rows


AGING_KEYS = (
    "client",
    "name",
    "currency",
    "current",
    "days_30",
    "days_60",
    "days_90",
    "credit",
    "balance",
)


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
            Statement.status.in_(("issued", "settled", "void")),
        )
    ).all():  # type: ignore[attr-defined]
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
                    s.void_on,
                    2,
                    "void",
                    s.number or "",  # type: ignore[arg-type]
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


def client_ledger(
    work: Work, code: str, start: date | None, end: date | None
) -> list[dict[str, object]]:
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
        [_ledger_row(start, "opening", "", "Balance brought forward", None, None, balance)]
        if start
        else []
    )
    for m in movements:
        if (start and m.on < start) or (end and m.on > end):
            continue
        balance += m.debit - m.credit
        rows.append(
            _ledger_row(m.on, m.kind, m.reference, m.description, m.debit, m.credit, balance)
        )
    return rows


def _ledger_row(
    on: date,
    kind: str,
    reference: str,
    description: str,
    debit: Decimal | None,
    credit: Decimal | None,
    balance: Decimal,
) -> dict[str, object]:
    return {
        "date": on,
        "type": kind,
        "reference": reference,
        "description": description,
        "debit": debit,
        "credit": credit,
        "balance": balance,
    }
