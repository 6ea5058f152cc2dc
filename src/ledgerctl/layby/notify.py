"""Reminders and notices of the daily automation: find what is due (set-based SQL, skipping
what was already sent), render it from the jinja2 templates in ``layby/templates`` (an email
with a subject line, and an SMS text) and store it in the outbox table.

Kinds: ``reminder_3d`` / ``reminder_1d`` / ``reminder_0d`` (days before the due date, from
the rules), ``overdue`` (once, then again every ``overdue_every_days`` while unpaid) and
``defaulted``. The unique key (lay-by, instalment, kind, day) keeps every notice single.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import and_, exists, func, select, type_coerce

from ledgerctl.core.clock import utcnow
from ledgerctl.core.money import format_money
from ledgerctl.db.types import Money
from ledgerctl.layby.sweep import INST, PLANS, Scope
from ledgerctl.layby.tables import Notification
from ledgerctl.ledger.api import upsert_insert
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work

NOTES = Notification.__table__  # type: ignore[attr-defined]
PARTIES = Party.__table__  # type: ignore[attr-defined]
TEMPLATES = Path(__file__).parent / "templates"
OWED = type_coerce(INST.c.amount + INST.c.late_fee - INST.c.paid, Money())


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render(template: str, values: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, email body, sms text) of a notice."""
    env = _environment()
    email = env.get_template(f"email/{template}.txt").render(**values)
    first, _, body = email.partition("\n")
    subject = first.removeprefix("Subject:").strip()
    sms = " ".join(env.get_template(f"sms/{template}.txt").render(**values).split())
    return subject, body.lstrip("\n"), sms


@dataclass(frozen=True)
class Notice:
    """A notice to store: who, which lay-by and instalment, what kind, and its values."""

    layby_id: int
    instalment_no: int
    kind: str
    template: str
    customer_id: int
    values: dict[str, Any]


def _money(value: Any) -> str:
    return format_money(value)


def _not_sent(scope: Scope, kind: str, seq: Any, since: date) -> Any:
    return ~exists().where(
        NOTES.c.tenant_id == scope.tenant_id,
        NOTES.c.layby_id == PLANS.c.id,
        NOTES.c.instalment_no == seq,
        NOTES.c.kind == kind,
        NOTES.c.day >= since,
    )


def reminders(work: Work, scope: Scope, days: list[int], rules: dict[str, Any]) -> list[Notice]:
    """Reminders for open instalments due in exactly ``d`` days, for each ``d``."""
    found = []
    for d in days:
        kind = f"reminder_{d}d"
        query = (
            select(
                PLANS.c.id,
                PLANS.c.number,
                PLANS.c.balance,
                PLANS.c.customer_id,
                INST.c.seq,
                INST.c.due_date,
                OWED,
            )
            .join(INST, INST.c.layby_id == PLANS.c.id)
            .where(
                scope.active_plans(),
                scope.open_instalments(),
                INST.c.seq > 0,
                INST.c.due_date == scope.as_of + timedelta(days=d),
                _not_sent(scope, kind, INST.c.seq, scope.as_of),
            )
        )
        for pid, number, balance, customer, seq, due, owed in work.session.connection().execute(
            query
        ):
            found.append(
                Notice(
                    pid,
                    seq,
                    kind,
                    "reminder",
                    customer,
                    {
                        "number": number,
                        "balance": _money(balance),
                        "instalment": seq,
                        "due_date": due.isoformat(),
                        "amount_due": _money(owed),
                        "days": d,
                        "late_fee": _money(rules["late_fee"]),
                        "late_after": rules["late_after"],
                    },
                )
            )
    return found


def overdue(work: Work, scope: Scope, every: int, rules: dict[str, Any]) -> list[Notice]:
    """One notice per lay-by with instalments past due, repeated every ``every`` days."""
    first = func.min(INST.c.seq)
    query = (
        select(
            PLANS.c.id,
            PLANS.c.number,
            PLANS.c.balance,
            PLANS.c.customer_id,
            first,
            func.min(INST.c.due_date),
            func.count(),
            type_coerce(func.sum(OWED), Money()),
            type_coerce(func.sum(INST.c.late_fee), Money()),
        )
        .join(INST, INST.c.layby_id == PLANS.c.id)
        .where(
            scope.active_plans(),
            scope.open_instalments(),
            INST.c.due_date < scope.as_of,
            ~exists().where(
                NOTES.c.tenant_id == scope.tenant_id,
                NOTES.c.layby_id == PLANS.c.id,
                NOTES.c.kind == "overdue",
                NOTES.c.day > scope.as_of - timedelta(days=every),
            ),
        )
        .group_by(PLANS.c.id, PLANS.c.number, PLANS.c.balance, PLANS.c.customer_id)
    )
    found = []
    for (
        pid,
        number,
        balance,
        customer,
        seq,
        due,
        count,
        owed,
        fees,
    ) in work.session.connection().execute(query):
        found.append(
            Notice(
                pid,
                seq,
                "overdue",
                "overdue",
                customer,
                {
                    "number": number,
                    "balance": _money(balance),
                    "due_date": due.isoformat(),
                    "overdue_count": count,
                    "amount_due": _money(owed),
                    "late_fees": _money(fees),
                    "default_after": rules["default_after"],
                },
            )
        )
    return found


def defaulted(work: Work, scope: Scope, plan_ids: list[int], rules: dict[str, Any]) -> list[Notice]:
    """The notice that a lay-by ended after missed payments."""
    found = []
    for start in range(0, len(plan_ids), 900):
        rows = work.session.connection().execute(
            select(PLANS.c.id, PLANS.c.number, PLANS.c.total_paid, PLANS.c.customer_id).where(
                PLANS.c.id.in_(plan_ids[start : start + 900])
            )
        )
        for pid, number, paid, customer in rows:
            found.append(
                Notice(
                    pid,
                    0,
                    "defaulted",
                    "defaulted",
                    customer,
                    {
                        "number": number,
                        "paid": _money(paid),
                        "as_of": scope.as_of.isoformat(),
                        "default_after": rules["default_after"],
                    },
                )
            )
    return found


def _contacts(work: Work, ids: set[int]) -> dict[int, tuple[str, str, str]]:
    wanted, out = sorted(ids), {}
    for start in range(0, len(wanted), 900):
        out.update(
            {
                r[0]: (r[1], r[2], r[3])
                for r in work.session.connection().execute(
                    select(PARTIES.c.id, PARTIES.c.name, PARTIES.c.email, PARTIES.c.phone).where(
                        and_(
                            PARTIES.c.tenant_id == work.tenant_id,
                            PARTIES.c.id.in_(wanted[start : start + 900]),
                        )
                    )
                )
            }
        )
    return out


def store_notices(work: Work, scope: Scope, notices: list[Notice]) -> int:
    """Render and insert the notices (a notice already stored is skipped); returns how many
    were rendered."""
    if not notices:
        return 0
    contacts = _contacts(work, {n.customer_id for n in notices})
    business, currency, now = work.tenant.name, work.tenant.base_currency, utcnow()
    rows = []
    for n in notices:
        name, email, phone = contacts[n.customer_id]
        subject, body, sms = render(
            n.template,
            {**n.values, "customer_name": name, "business": business, "currency": currency},
        )
        rows.append(
            {
                "tenant_id": work.tenant_id,
                "layby_id": n.layby_id,
                "instalment_no": n.instalment_no,
                "kind": n.kind,
                "day": scope.as_of,
                "customer_name": name,
                "email_to": email,
                "phone": phone,
                "subject": subject[:200],
                "body": body,
                "sms": sms,
                "email_status": "pending" if email else "none",
                "error": "",
                "created_at": now,
            }
        )
    stmt = upsert_insert(work, NOTES).on_conflict_do_nothing(
        index_elements=["tenant_id", "layby_id", "kind", "day", "instalment_no"]
    )
    work.session.connection().execute(stmt, rows)
    return len(rows)
