"""Health checks of the pos group for `ledgerctl doctor`: the rule files load and a tax
regime covers today; no pos document is waiting with a failed ledger posting."""

from __future__ import annotations

from ledgerctl.context import AppContext
from ledgerctl.core.errors import LedgerError
from ledgerctl.workspace.api import Check


def check_pos_rules(ctx: AppContext) -> Check:
    from ledgerctl.core.clock import today
    from ledgerctl.pos.rules import account_map, regime_book

    try:
        account_map(ctx.home)
        regime = regime_book("ghana", ctx.home).for_date(today())
    except LedgerError as exc:
        return Check("pos rules", False, exc.message)
    return Check("pos rules", True, f"posting map ok; tax regime {regime.regime} in force today")


def check_pos_postings(ctx: AppContext) -> Check:
    from sqlalchemy import func
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import select

    from ledgerctl.pos.tables import PostingJob
    from ledgerctl.work import unit_of_work

    try:
        with unit_of_work(ctx, None, write=False) as work:
            rows = dict(
                work.session.exec(
                    select(PostingJob.status, func.count())
                    .where(PostingJob.tenant_id == work.tenant_id, PostingJob.status != "posted")
                    .group_by(PostingJob.status)
                ).all()
            )
    except LedgerError as exc:
        return Check("pos postings", True, f"not checked: {exc.message}")
    except SQLAlchemyError:  # not migrated yet: the migrations check reports that
        return Check("pos postings", True, "not checked: the database is not ready")
    failed, pending = rows.get("failed", 0), rows.get("pending", 0)
    if failed:
        return Check(
            "pos postings",
            False,
            f"{failed} document(s) failed to post, {pending} "
            "pending; see `ledgerctl pos sale list --posting failed` and run "
            "`ledgerctl pos post-unposted`",
        )
    return Check("pos postings", True, f"nothing failed; {pending} pending")


CHECKS = [check_pos_rules, check_pos_postings]
