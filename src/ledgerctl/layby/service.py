"""Use cases of the layby group: one function per command, each in one unit of work.

Permissions (``rules/roles.yaml``), after the seed's four levels:
read-only ``layby.read``; standard ``layby.create`` + ``layby.pay``; manager ``layby.manage``
(complete, cancel, hold, reactivate, refund, customer enable/disable); admin ``layby.admin``
(configuration, archive, sending the outbox) and ``layby.automation`` (the daily job).
Automation, outbox, archive and reports have their own modules (``automation``, ``outbox``,
``archive``, ``report``), called from here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.work import unit_of_work

READ, CREATE, PAY, MANAGE, ADMIN = (
    "layby.read",
    "layby.create",
    "layby.pay",
    "layby.manage",
    "layby.admin",
)


def configure(
    ctx: AppContext, business_type: str | None, jurisdiction: str | None, branch: str | None
) -> dict[str, object]:
    """Show the tenant's lay-by configuration, or change it when an option is given."""
    from ledgerctl.layby import config

    change = any(v is not None for v in (business_type, jurisdiction, branch))
    with unit_of_work(ctx, ADMIN if change else READ, write=change) as work:
        current = (
            config.configure(work, business_type, jurisdiction, branch)
            if change
            else config.settings_of(work)
        )
        return config.settings_row(work, current)


def show_rules(ctx: AppContext, business_type: str | None) -> dict[str, Any]:
    """The rules new lay-bys of ``business_type`` (default: the tenant's) are made under."""
    from ledgerctl.layby import config, rules

    with unit_of_work(ctx, READ, write=False) as work:
        s = config.settings_of(work)
        ruleset = rules.ruleset(business_type or s.business_type, s.jurisdiction, work.ctx.home)
        return {"ruleset": ruleset, "types": rules.business_types(work.ctx.home)}


def set_customers(
    ctx: AppContext, codes: list[str], allowed: bool, all_active: bool, note: str
) -> list[str]:
    from ledgerctl.layby import customers

    with unit_of_work(ctx, MANAGE) as work:
        return customers.set_allowed(work, codes, allowed, all_active=all_active, note=note)


def list_customers(ctx: AppContext) -> list[dict[str, object]]:
    from ledgerctl.layby import customers

    with unit_of_work(ctx, READ, write=False) as work:
        return customers.list_customers(work)


def create(ctx: AppContext, request: Any) -> dict[str, Any]:
    """``layby create``: returns the new lay-by's full record."""
    from ledgerctl.layby import views
    from ledgerctl.layby.create import create as make

    with unit_of_work(ctx, CREATE) as work:
        return views.record_of(work, make(work, request))


def pay(
    ctx: AppContext,
    number: str,
    amount: Decimal,
    method: str,
    day: date,
    reference: str,
    notes: str,
) -> dict[str, object]:
    """``layby pay``; a lay-by whose rules say ``auto_complete`` completes at zero balance."""
    from ledgerctl.layby import lifecycle, payments, store
    from ledgerctl.layby.config import ruleset_of

    with unit_of_work(ctx, PAY) as work:
        plan, payment = payments.pay(
            work, number, amount, method, day, reference=reference, notes=notes
        )
        ruleset, _ = ruleset_of(work, plan.rule_version_id)
        completed = plan.balance == 0 and ruleset.rules.auto_complete
        if completed:
            lifecycle.complete(work, number, day)
        return {"receipt": payment.receipt_number, **store.summary(plan), "completed": completed}


def refund(ctx: AppContext, receipt: str, day: date, reason: str) -> dict[str, object]:
    from ledgerctl.layby import payments, store

    with unit_of_work(ctx, MANAGE) as work:
        plan, row = payments.refund(work, receipt, day, reason)
        return {
            "receipt": row.receipt_number,
            "amount": row.amount,
            "method": row.method,
            **store.summary(plan),
        }


def hold(ctx: AppContext, number: str, reason: str, day: date) -> dict[str, object]:
    from ledgerctl.layby import lifecycle, store

    with unit_of_work(ctx, MANAGE) as work:
        return store.summary(lifecycle.hold(work, number, reason, day))


def reactivate(ctx: AppContext, number: str) -> dict[str, object]:
    from ledgerctl.layby import lifecycle, store

    with unit_of_work(ctx, MANAGE) as work:
        return store.summary(lifecycle.reactivate(work, number))


def complete(ctx: AppContext, number: str, day: date) -> dict[str, object]:
    from ledgerctl.layby import lifecycle, store

    with unit_of_work(ctx, MANAGE) as work:
        plan = lifecycle.complete(work, number, day)
        return {
            **store.summary(plan),
            "sale": plan.sale_number,
            "released_by": plan.items_released_by,
        }


def cancel(
    ctx: AppContext, number: str, reason: str, by: str, day: date, circumstance: str | None
) -> dict[str, object]:
    from ledgerctl.layby import lifecycle, store

    with unit_of_work(ctx, MANAGE) as work:
        plan, s = lifecycle.cancel(work, number, reason, by, day, circumstance)
        return {
            **store.summary(plan),
            "fee": s.fee,
            "fee_reason": s.fee_reason,
            "fees_kept": s.fees_kept,
            "fees_waived": s.fees_waived,
            "refund": s.refund,
        }


def show(ctx: AppContext, number: str) -> dict[str, Any]:
    from ledgerctl.layby import views

    with unit_of_work(ctx, READ, write=False) as work:
        return views.show(work, number)


def list_laybys(ctx: AppContext, **filters: Any) -> list[dict[str, object]]:
    from ledgerctl.layby import views

    with unit_of_work(ctx, READ, write=False) as work:
        return views.list_laybys(work, **filters)


def run_automation(ctx: AppContext, as_of: date, batch: int) -> Any:
    """``layby automation run`` (the job lock and the permission are checked inside)."""
    from ledgerctl.layby import automation

    return automation.run(ctx, as_of, batch=batch)


def automation_history(ctx: AppContext, limit: int) -> list[dict[str, object]]:
    from ledgerctl.layby import runs

    with unit_of_work(ctx, READ, write=False) as work:
        return runs.history(work, limit)


def automation_status(ctx: AppContext, as_of: date) -> list[dict[str, object]]:
    from ledgerctl.layby import runs

    with unit_of_work(ctx, READ, write=False) as work:
        return runs.status(work, as_of)


def list_outbox(
    ctx: AppContext, day: date | None, status: str | None, limit: int
) -> list[dict[str, object]]:
    from ledgerctl.layby import outbox

    with unit_of_work(ctx, READ, write=False) as work:
        return outbox.list_notices(work, day, status, limit)


def show_notice(ctx: AppContext, notice_id: int) -> str:
    from ledgerctl.layby import outbox

    with unit_of_work(ctx, READ, write=False) as work:
        return outbox.show_notice(work, notice_id)


def write_outbox(ctx: AppContext, day: date) -> dict[str, Any]:
    """Rewrite the outbox files of ``day`` from the table."""
    from ledgerctl.layby import outbox

    with unit_of_work(ctx, READ, write=False) as work:
        return outbox.write_day(work, day)


def send_outbox(ctx: AppContext) -> tuple[int, int]:
    from ledgerctl.layby import smtp

    return smtp.send_pending(ctx, ADMIN)


def check(ctx: AppContext) -> list[Any]:
    """``layby check``: the lay-by integrity checks (``layby.integrity.CHECKS``)."""
    from ledgerctl.layby.integrity import CHECKS

    with unit_of_work(ctx, READ, write=False) as work:
        return [c(work) for c in CHECKS]


def archive(ctx: AppContext, before: date, dry_run: bool) -> Any:
    """``layby archive``: Parquet files are removed again if the commit fails."""
    from ledgerctl.layby.archive import archive as move

    result = None
    try:
        with unit_of_work(ctx, ADMIN) as work:
            result = move(work, before, dry_run=dry_run)
    except BaseException:
        for path in result.files if result else []:
            path.unlink(missing_ok=True)
        raise
    return result


def report(ctx: AppContext, as_of: date, start: date, end: date) -> dict[str, Any]:
    from ledgerctl.layby import report as analytics

    with unit_of_work(ctx, READ, write=False) as work:
        return analytics.report(work, as_of, start, end)
