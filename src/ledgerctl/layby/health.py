"""Health checks of the layby group for `ledgerctl doctor`: the tenant's lay-by rule files
load; the daily automation ran in the last 26 hours without failing (once lay-bys exist).
A database that is not migrated yet is left to the migrations check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.core.errors import LedgerError
from ledgerctl.workspace.api import Check


def _read(ctx: AppContext, fn: Callable[[Any], Any]) -> tuple[Any, str]:
    """``fn(work)`` in a read unit of work, or (None, why it could not run)."""
    from sqlalchemy.exc import SQLAlchemyError

    from ledgerctl.work import unit_of_work

    try:
        with unit_of_work(ctx, None, write=False) as work:
            return fn(work), ""
    except LedgerError as exc:
        return None, exc.message
    except SQLAlchemyError:
        return None, "the database is not ready"


def check_layby_rules(ctx: AppContext) -> Check:
    from ledgerctl.layby import config, rules

    settings, why = _read(ctx, config.settings_of)
    if settings is None:
        return Check("layby rules", True, f"not checked: {why}")
    try:
        ruleset = rules.ruleset(settings.business_type, settings.jurisdiction, ctx.home)
        rules.accounts(ctx.home)
    except LedgerError as exc:
        return Check("layby rules", False, exc.message)
    return Check("layby rules", True, f"{ruleset.label} (sha256 {ruleset.content_hash[:12]})")


def _last_run(work: Any) -> tuple[int, Any]:
    from sqlalchemy import func
    from sqlmodel import col, select

    from ledgerctl.jobs.api import JobRun
    from ledgerctl.layby.automation import JOB_NAME
    from ledgerctl.layby.tables import Layby

    plans = work.session.exec(
        select(func.count()).select_from(Layby).where(Layby.tenant_id == work.tenant_id)
    ).one()
    last = work.session.exec(
        select(JobRun)
        .where(JobRun.tenant_id == work.tenant_id, JobRun.name == JOB_NAME)
        .order_by(col(JobRun.started_at).desc())
        .limit(1)
    ).first()
    return int(plans), last


def check_layby_automation(ctx: AppContext) -> Check:
    from ledgerctl.core.clock import utcnow

    found, why = _read(ctx, _last_run)
    if found is None:
        return Check("layby automation", True, f"not checked: {why}")
    plans, last = found
    if not plans:
        return Check("layby automation", True, "no lay-bys yet")
    if last is None or utcnow() - last.started_at > timedelta(hours=26):
        when = last.started_at.strftime("%Y-%m-%d %H:%M UTC") if last else "never"
        return Check(
            "layby automation",
            False,
            f"last run {when}; schedule it: `ledgerctl schedule show --job layby-automation`",
        )
    if last.status == "failed" or last.errors:
        return Check(
            "layby automation",
            False,
            f"last run {last.status} with {last.errors} "
            f"error(s): {last.detail[:200]}; see `ledgerctl layby automation history`",
        )
    return Check(
        "layby automation",
        True,
        f"last run {last.status} at {last.started_at.strftime('%Y-%m-%d %H:%M UTC')}",
    )


CHECKS = [check_layby_rules, check_layby_automation]
