"""The daily lay-by automation (``ledgerctl layby automation run``, cron 06:00).

For every ACTIVE lay-by (ON_HOLD ones are skipped), as of a day:

1. one late fee per instalment unpaid ``late_fee_after_days`` after its due date
   (posted Dr fees receivable / Cr fee income, one entry per batch);
2. DEFAULTED after the rule's number of missed instalments; the goods go back to stock;
3. reminders 3 days before, 1 day before and on the due date; overdue notices; a notice
   when a lay-by defaulted - rendered into the outbox table.

It runs under the job lock ``layby.automation`` (exit 8 while another run holds it) and is
recorded in ``job_runs``. Lay-bys are handled in batches of consecutive ids, one transaction
per batch: a crash loses only the batch in flight, and a re-run completes the rest. Unique
keys make every step idempotent, so a second run the same day changes nothing.
Afterwards the day's outbox files are (re)written and, when SMTP is configured, the pending
emails sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlmodel import select as sm_select

from ledgerctl.context import AppContext
from ledgerctl.core.money import format_money
from ledgerctl.layby import notify, outbox, sweep
from ledgerctl.layby.rules import RuleSet
from ledgerctl.layby.sweep import PLANS, Scope
from ledgerctl.layby.tables import ACTIVE, RuleVersion
from ledgerctl.work import Work, unit_of_work

JOB_NAME = "layby.automation"
PERMISSION = "layby.automation"
BATCH = 10000


@dataclass
class Tally:
    """What a run did so far (the accumulator the batches add to)."""

    examined: int = 0
    late_fees: int = 0
    late_fee_total: Decimal = Decimal("0.00")
    defaulted: int = 0
    released: int = 0
    reminders: int = 0
    overdue: int = 0
    default_notices: int = 0
    entries: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    sent: int = 0
    send_failed: int = 0

    @property
    def changes(self) -> int:
        return (
            self.late_fees + self.defaulted + self.reminders + self.overdue + self.default_notices
        )

    def text(self) -> str:
        return (
            f"examined {self.examined} active lay-by(s): {self.late_fees} late fee(s) "
            f"({format_money(self.late_fee_total)}), {self.defaulted} defaulted, "
            f"{self.reminders} reminder(s), {self.overdue} overdue notice(s), "
            f"{self.default_notices} default notice(s)"
        )


@dataclass(frozen=True)
class AutomationRun:
    """What `layby automation run` did: counts, the late-fee entries, the outbox files by
    kind and the emails sent."""

    examined: int
    late_fees: int
    late_fee_total: Decimal
    defaulted: int
    released: int
    reminders: int
    overdue: int
    default_notices: int
    entries: tuple[str, ...]
    files: Mapping[str, str]
    sent: int
    send_failed: int
    summary: str

    @property
    def changes(self) -> int:
        return (
            self.late_fees + self.defaulted + self.reminders + self.overdue + self.default_notices
        )

    def text(self) -> str:
        return self.summary


def _result(t: Tally) -> AutomationRun:
    return AutomationRun(
        t.examined,
        t.late_fees,
        t.late_fee_total,
        t.defaulted,
        t.released,
        t.reminders,
        t.overdue,
        t.default_notices,
        tuple(t.entries),
        dict(t.files),
        t.sent,
        t.send_failed,
        t.text(),
    )


def _params(ruleset: RuleSet) -> dict[str, Any]:
    r = ruleset.rules
    return {
        "late_fee": r.fees.late_fee,
        "late_after": r.fees.late_fee_after_days,
        "default_after": r.default_after_missed,
        "days": r.reminders.days_before,
        "every": r.reminders.overdue_every_days,
    }


def _rule_versions(work: Work) -> dict[int, dict[str, Any]]:
    rows = work.session.exec(
        sm_select(RuleVersion).where(RuleVersion.tenant_id == work.tenant_id)
    ).all()
    return {r.id: _params(RuleSet.model_validate(r.content)) for r in rows}  # type: ignore[misc]


def _ranges(ctx: AppContext, batch: int) -> Iterator[tuple[int, int]]:
    with unit_of_work(ctx, PERMISSION, write=False) as work:
        lo, hi = (
            work.session.connection()
            .execute(
                select(func.min(PLANS.c.id), func.max(PLANS.c.id)).where(
                    PLANS.c.tenant_id == work.tenant_id, PLANS.c.status == ACTIVE
                )
            )
            .one()
        )
    if lo is None:
        return
    for start in range(lo, hi + 1, batch):
        yield start, min(start + batch - 1, hi)


def _examined(work: Work, lo: int, hi: int) -> int:
    return int(
        work.session.connection()
        .execute(
            select(func.count()).where(
                PLANS.c.tenant_id == work.tenant_id,
                PLANS.c.status == ACTIVE,
                PLANS.c.id.between(lo, hi),
            )
        )
        .scalar_one()
    )


def _rule(work: Work, scope: Scope, p: dict[str, Any], tally: Tally, fees: list[int]) -> list[int]:
    """Fees, defaults and notices of one rule version in one batch; returns defaulted ids."""
    charged = sweep.charge_late_fees(work, scope, p["late_fee"], p["late_after"])
    fees += [f for f, _, _ in charged]
    tally.late_fees += len(charged)
    tally.late_fee_total += p["late_fee"] * len(charged)
    gone = sweep.default_plans(work, scope, p["default_after"], p["late_after"])
    notices = notify.reminders(work, scope, p["days"], p) + notify.overdue(
        work, scope, p["every"], p
    )
    tally.reminders += sum(1 for n in notices if n.kind.startswith("reminder"))
    tally.overdue += sum(1 for n in notices if n.kind == "overdue")
    notices += notify.defaulted(work, scope, gone, p)
    tally.default_notices += len(gone)
    notify.store_notices(work, scope, notices)
    return gone


def _batch(work: Work, as_of: date, lo: int, hi: int, tally: Tally) -> None:
    from ledgerctl.layby.accounting import post_fees
    from ledgerctl.layby.config import ensure_accounts
    from ledgerctl.pos.api import release_reservations

    before = (
        tally.late_fees,
        tally.late_fee_total,
        tally.defaulted,
        tally.reminders,
        tally.overdue,
    )
    fees: list[int] = []
    gone: list[int] = []
    tally.examined += _examined(work, lo, hi)
    for rv, params in _rule_versions(work).items():
        gone += _rule(work, Scope(work.tenant_id, rv, lo, hi, as_of), params, tally, fees)
    if fees:
        total = tally.late_fee_total - before[1]
        entry = post_fees(
            work,
            as_of,
            f"Lay-by late fees {as_of} ({len(fees)} instalments)",
            total,
            f"LAYBY-LATE-{as_of}",
            ensure_accounts(work),
        )
        sweep.set_fee_entry(work, fees, entry)
        tally.entries.append(entry or "")
    if gone:
        tally.defaulted += len(gone)
        tally.released += release_reservations(
            work, sweep.reservations_of(work, gone), f"layby defaults {as_of}"
        )
    if (tally.late_fees, tally.defaulted, tally.reminders, tally.overdue) != (
        before[0],
        before[2],
        before[3],
        before[4],
    ):
        work.audit(
            "layby.automation.batch",
            "layby_batch",
            f"{as_of} {lo}-{hi}",
            None,
            {
                "as_of": as_of,
                "late_fees": tally.late_fees - before[0],
                "late_fee_total": tally.late_fee_total - before[1],
                "defaulted": gone[:5000],
                "reminders": tally.reminders - before[3],
                "overdue": tally.overdue - before[4],
            },
        )


def run(ctx: AppContext, as_of: date, *, batch: int = BATCH, send: bool = True) -> AutomationRun:
    """Run the automation for ``as_of`` (see the module docstring): a workflow over ``ctx``,
    one unit of work per batch under the job lock. When the SMTP server is
    unreachable the run is still recorded as done (with the error counted) and then
    ``RemoteUnavailable`` is raised (exit 6) so cron reports it; the emails stay pending."""
    from ledgerctl.core.errors import RemoteUnavailable
    from ledgerctl.jobs.api import job_run

    tally, unsent = Tally(), None
    with job_run(ctx, JOB_NAME, permission=PERMISSION) as job:
        for lo, hi in _ranges(ctx, batch):
            with unit_of_work(ctx, PERMISSION) as work:
                _batch(work, as_of, lo, hi, tally)
            job.processed = tally.examined
            job.heartbeat()
        with unit_of_work(ctx, PERMISSION, write=False) as work:
            tally.files = {k: str(v) for k, v in outbox.write_day(work, as_of).items()}
        try:
            _send(ctx, send, tally)
        except RemoteUnavailable as exc:
            unsent = exc
        job.processed, job.errors = tally.examined, tally.send_failed + (unsent is not None)
        job.detail = (
            f"as of {as_of}: {tally.text()}"
            + (
                f"; emails sent {tally.sent}, failed {tally.send_failed}"
                if tally.sent or tally.send_failed
                else ""
            )
            + (f"; emails not sent: {unsent.message}" if unsent else "")
        )
    if unsent is not None:
        raise unsent
    return _result(tally)


def _send(ctx: AppContext, send: bool, tally: Tally) -> None:
    from ledgerctl.layby import smtp

    if send and smtp.smtp_settings(ctx) is not None:
        tally.sent, tally.send_failed = smtp.send_pending(ctx, PERMISSION)
