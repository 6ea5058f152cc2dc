"""The monthly retainer cycle: one draft statement per client with a retainer running in the
period or unbilled charges dated up to its end.

Idempotent: a client that already has a live statement for the period gets nothing (and the
partial unique index on (tenant, client, period) guards against a concurrent run). All drafts
of a run are written in the caller's one transaction with bulk inserts, so a crash leaves
nothing behind and 5,000 clients take a few seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, insert, update
from sqlmodel import col, select

from ledgerctl.billing.domain import DraftLine, RetainerTerm, retainer_line
from ledgerctl.billing.lookup import row_id
from ledgerctl.billing.periods import require_open
from ledgerctl.billing.rules import BillingRules
from ledgerctl.billing.tables import BillingClient, Charge, Retainer, Statement, StatementLine
from ledgerctl.core.clock import parse_period, period_bounds, utcnow
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work

Progress = Callable[[int, int], None]  # (drafts written, drafts to write)
CHUNK = 1000


@dataclass(frozen=True)
class ClientFacts:
    id: int
    code: str
    currency: str
    terms_days: int | None


@dataclass
class PlannedDraft:
    """A draft the cycle will make."""

    client: ClientFacts
    lines: list[DraftLine]

    @property
    def total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), Decimal(0))


@dataclass
class CyclePlan:
    """What a cycle run makes, and what it leaves alone."""

    period: str
    drafts: list[PlannedDraft] = field(default_factory=list)
    already: int = 0  # clients with a live statement for the period already
    waiting_charges: int = 0  # unbilled charges of those clients (for the next statement)
    statement_ids: list[int] = field(default_factory=list)


def _clients(work: Work) -> dict[int, ClientFacts]:
    rows = work.session.exec(
        select(BillingClient.id, Party.code, BillingClient.currency, BillingClient.terms_days)
        .join(Party, col(Party.id) == BillingClient.party_id)
        .where(BillingClient.tenant_id == work.tenant_id, BillingClient.status == "active")
    ).all()
    return {
        cid: ClientFacts(cid, code, cur, terms) for cid, code, cur, terms in rows if cid is not None
    }


def _retainers(work: Work, first: date, last: date) -> dict[int, list[RetainerTerm]]:
    rows = work.session.exec(
        select(Retainer)
        .where(
            Retainer.tenant_id == work.tenant_id,
            Retainer.status == "active",
            Retainer.start_date <= last,
        )
        .order_by(col(Retainer.start_date), col(Retainer.id))
    ).all()
    found: dict[int, list[RetainerTerm]] = defaultdict(list)
    for r in rows:
        if r.end_date is None or r.end_date >= first:
            found[r.client_id].append(
                RetainerTerm(
                    row_id(r),
                    r.amount,
                    r.start_date,
                    r.end_date,
                    r.description,
                )
            )
    return found


def _unbilled(work: Work, last: date) -> dict[int, list[DraftLine]]:
    rows = work.session.exec(
        select(Charge)
        .where(
            Charge.tenant_id == work.tenant_id,
            col(Charge.statement_id).is_(None),
            Charge.charge_date <= last,
        )
        .order_by(col(Charge.charge_date), col(Charge.id))
    ).all()
    found: dict[int, list[DraftLine]] = defaultdict(list)
    for c in rows:
        found[c.client_id].append(
            DraftLine(c.kind, c.charge_date, c.description, c.amount, charge_id=c.id)
        )
    return found


def _billed_clients(work: Work, period: str) -> set[int]:
    return set(
        work.session.exec(
            select(Statement.client_id).where(
                Statement.tenant_id == work.tenant_id,
                Statement.period == period,
                Statement.status != "void",
            )
        ).all()
    )


def plan(work: Work, period: str, rules: BillingRules) -> CyclePlan:
    """Work out the drafts of ``period`` (nothing written)."""
    period = parse_period(period)
    first, last = period_bounds(period)
    clients = _clients(work)
    retainers, charges = _retainers(work, first, last), _unbilled(work, last)
    billed = _billed_clients(work, period)
    result = CyclePlan(period)
    for client in sorted(clients.values(), key=lambda c: c.code):
        lines = [
            ln
            for term in retainers.get(client.id, [])
            if (
                ln := retainer_line(
                    term,
                    period,
                    proration=rules.proration,
                    label=rules.retainer_label,
                    currency=client.currency,
                )
            )
            is not None
        ]
        lines += charges.get(client.id, [])
        if not lines:
            continue
        if client.id in billed:
            result.already += 1
            result.waiting_charges += len(charges.get(client.id, []))
            continue
        result.drafts.append(PlannedDraft(client, lines))
    return result


def _statement_rows(
    work: Work, drafts: list[PlannedDraft], period: str, rules: BillingRules
) -> list[dict[str, object]]:
    _, last = period_bounds(period)
    now, actor = utcnow(), work.actor.name
    return [
        {
            "tenant_id": work.tenant_id,
            "client_id": d.client.id,
            "period": period,
            "status": "draft",
            "statement_date": last,
            "due_date": last
            + timedelta(
                days=d.client.terms_days if d.client.terms_days is not None else rules.terms_days
            ),
            "currency": d.client.currency,
            "total": d.total,
            "paid": Decimal(0),
            "note": "",
            "created_at": now,
            "created_by": actor,
        }
        for d in drafts
    ]


def line_rows(
    work: Work, statement_id: int, lines: list[DraftLine], first_no: int = 1
) -> list[dict[str, object]]:
    """Insert rows for ``billing_statement_lines``."""
    return [
        {
            "tenant_id": work.tenant_id,
            "statement_id": statement_id,
            "line_no": no,
            "kind": ln.kind,
            "service_date": ln.service_date,
            "description": ln.description,
            "amount": ln.amount,
            "retainer_id": ln.retainer_id,
            "charge_id": ln.charge_id,
        }
        for no, ln in enumerate(lines, start=first_no)
    ]


def mark_charges_billed(work: Work, pairs: list[tuple[int, int | None]]) -> None:
    """Point each charge (id) at its statement (id, or None to make it unbilled again)."""
    if not pairs:
        return
    table = Charge.__table__  # type: ignore[attr-defined]
    stmt = update(table).where(table.c.id == bindparam("cid")).values(statement_id=bindparam("sid"))
    work.session.connection().execute(stmt, [{"cid": c, "sid": s} for c, s in pairs])


def _write_chunk(
    work: Work, drafts: list[PlannedDraft], period: str, rules: BillingRules
) -> list[int]:
    conn = work.session.connection()
    table = Statement.__table__  # type: ignore[attr-defined]
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = [r[0] for r in conn.execute(stmt, _statement_rows(work, drafts, period, rules))]
    lines = [
        row for sid, d in zip(ids, drafts, strict=True) for row in line_rows(work, sid, d.lines)
    ]
    conn.execute(insert(StatementLine.__table__), lines)  # type: ignore[attr-defined]
    mark_charges_billed(
        work,
        [
            (ln.charge_id, sid)
            for sid, d in zip(ids, drafts, strict=True)
            for ln in d.lines
            if ln.charge_id is not None
        ],
    )
    return ids


def run(
    work: Work, period: str, rules: BillingRules, progress: Progress | None = None
) -> CyclePlan:
    """Plan and write the period's drafts in the work's transaction; audited as one row."""
    require_open(work, [parse_period(period)], "a draft statement")
    result = plan(work, period, rules)
    for start in range(0, len(result.drafts), CHUNK):
        chunk = result.drafts[start : start + CHUNK]
        result.statement_ids += _write_chunk(work, chunk, result.period, rules)
        if progress:
            progress(len(result.statement_ids), len(result.drafts))
    if result.drafts:
        work.audit(
            "billing.cycle",
            "billing_period",
            result.period,
            None,
            {
                "created": len(result.drafts),
                "already": result.already,
                "statements": [
                    [sid, d.client.code, str(d.total)]
                    for sid, d in zip(result.statement_ids, result.drafts, strict=True)
                ],
            },
        )
    return result
