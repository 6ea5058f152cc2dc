"""The frozen content of an issued statement: plain JSON (money as strings, ISO dates) with a
SHA-256 content hash. The PDF is rendered from it, and ``audit check`` re-hashes it.

The snapshot holds everything the document shows (firm, client block, lines, payments,
balances, ageing, payment instructions), so re-rendering a PDF later gives the same figures
whatever changed in the workspace since.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerctl.billing.domain import Account, aging, day_before, period_label
from ledgerctl.billing.rules import BillingRules
from ledgerctl.billing.tables import BillingClient, Statement, StatementLine
from ledgerctl.core.clock import period_bounds
from ledgerctl.core.money import from_minor
from ledgerctl.db.types import canonical_json
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work

VERSION = 1


def content_hash(snapshot: Any) -> str:
    """SHA-256 of the snapshot's canonical JSON."""
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def _lines_of_text(text: str) -> list[str]:
    return [ln.strip() for ln in text.replace("\\n", "\n").splitlines() if ln.strip()]


def firm(work: Work) -> dict[str, Any]:
    """The letterhead: workspace settings (the tenant's own name outside the default tenant)."""
    settings = work.ctx.settings
    own = work.tenant.slug == settings.default_tenant
    return {
        "name": settings.business_name if own else work.tenant.name,
        "address_lines": _lines_of_text(settings.business_address) if own else [],
        "phone": settings.business_phone if own else "",
        "email": settings.business_email if own else "",
        "tax_id": settings.business_tax_id if own else "",
        "logo": settings.business_logo if own else "",
    }


def client_block(client: BillingClient, party: Party) -> dict[str, Any]:
    return {
        "code": party.code,
        "name": party.name,
        "address_lines": _lines_of_text(party.address),
        "contact_name": client.contact_name,
        "email": client.contact_email or party.email,
        "phone": party.phone,
        "tax_id": party.tax_id,
    }


@dataclass(frozen=True)
class IssueFacts:
    """What a snapshot is made of besides the statement row and its lines."""

    number: str
    issued_on: date
    firm: dict[str, Any]
    client: dict[str, Any]
    account: Account
    reissue_of: str | None


def _money(value: Decimal) -> str:
    return str(value)


def _aging(account: Account, on: date, edges: tuple[int, int, int], zero: Decimal) -> dict:
    a = aging(account, on, edges, zero)
    return {
        "as_of": on.isoformat(),
        "edges": list(edges),
        "current": _money(a.current),
        "d30": _money(a.d30),
        "d60": _money(a.d60),
        "d90": _money(a.d90),
        "credit": _money(a.credit),
        "balance": _money(a.balance),
    }


def build(
    statement: Statement, lines: list[StatementLine], facts: IssueFacts, rules: BillingRules
) -> dict[str, Any]:
    """The snapshot of ``statement`` as issued with ``facts``."""
    first, last = period_bounds(statement.period)
    zero = from_minor(0, statement.currency)
    account = facts.account
    opening = account.balance(day_before(first)) + zero
    payments = account.payments_between(first, last)
    paid = sum((p.amount for p in payments), zero)
    charges = sum((ln.amount for ln in lines), zero)
    return {
        "version": VERSION,
        "number": facts.number,
        "issued_on": facts.issued_on.isoformat(),
        "period": statement.period,
        "period_label": period_label(statement.period),
        "period_start": first.isoformat(),
        "period_end": last.isoformat(),
        "statement_date": statement.statement_date.isoformat(),
        "due_date": statement.due_date.isoformat(),
        "currency": statement.currency,
        "firm": facts.firm,
        "client": facts.client,
        "note": statement.note,
        "lines": [
            {
                "no": no,
                "date": ln.service_date.isoformat(),
                "kind": ln.kind,
                "description": ln.description,
                "amount": _money(ln.amount),
            }
            for no, ln in enumerate(lines, start=1)
        ],
        "charges_total": _money(charges),
        "opening_balance": _money(opening),
        "payments": [
            {
                "date": p.payment_date.isoformat(),
                "invoice_no": p.invoice_no,
                "method": p.method,
                "amount": _money(p.amount),
            }
            for p in payments
        ],
        "payments_total": _money(paid),
        "closing_balance": _money(opening + charges - paid),
        "aging": _aging(account, statement.statement_date, rules.aging_days, zero),
        "payment_instructions": _lines_of_text(rules.payment_instructions),
        "reissue_of": facts.reissue_of,
    }
