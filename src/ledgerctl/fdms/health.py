"""`ledgerctl doctor` checks of the `fdms` group: certificate expiry, the queue, the open day.

A workspace without a fiscal device passes (nothing to check). Local data only, no network.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.fdms.domain import protocol
from ledgerctl.fdms.settings import load_fdms_settings
from ledgerctl.fdms.store import active_certificate, current_day
from ledgerctl.fdms.tables import FdmsDevice, FdmsReceipt
from ledgerctl.work import unit_of_work
from ledgerctl.workspace.api import Check

QUEUE_AGE = timedelta(hours=1)
CheckFn = Callable[[AppContext], Check]


def _guarded(name: str) -> Callable[[CheckFn], CheckFn]:
    """A database that cannot be read (not migrated, unreachable) fails the check, not doctor."""

    def wrap(check: CheckFn) -> CheckFn:
        @functools.wraps(check)
        def run(ctx: AppContext) -> Check:
            try:
                return check(ctx)
            except SQLAlchemyError as exc:
                orig = getattr(exc, "orig", None)
                first = str(orig if orig else exc).splitlines()[0]
                return Check(
                    name,
                    False,
                    f"cannot read the fiscal device tables ({first}); run `ledgerctl db upgrade`",
                )

        return run

    return wrap


def _devices(ctx: AppContext) -> list[FdmsDevice]:
    with unit_of_work(ctx, None, write=False) as work:
        return list(
            work.session.exec(
                select(FdmsDevice)
                .where(FdmsDevice.tenant_id == work.tenant_id)
                .order_by(col(FdmsDevice.device_id))
            ).all()
        )


@_guarded("fdms certificates")
def check_certificates(ctx: AppContext) -> Check:
    """Every device certificate valid for more than the renewal window."""
    days = load_fdms_settings(ctx).renew_days
    problems, now = [], datetime.now(UTC)
    devices = _devices(ctx)
    with unit_of_work(ctx, None, write=False) as work:
        for device in devices:
            cert = active_certificate(work.session, device)
            if cert is None or cert.valid_till is None:
                problems.append(f"device {device.device_id} has no certificate")
            elif cert.valid_till - now <= timedelta(days=days):
                problems.append(
                    f"device {device.device_id} certificate ends "
                    f"{cert.valid_till:%Y-%m-%d}: `fdms certificate renew`"
                )
    if problems:
        return Check("fdms certificates", False, "; ".join(problems))
    return Check(
        "fdms certificates",
        True,
        f"{len(devices)} device(s), none due for renewal"
        if devices
        else "no fiscal device registered",
    )


@_guarded("fdms queue")
def check_queue(ctx: AppContext) -> Check:
    """No receipt waiting for FDMS longer than an hour."""
    with unit_of_work(ctx, None, write=False) as work:
        count, oldest = work.session.exec(
            select(func.count(), func.min(FdmsReceipt.issued_at)).where(
                FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.status == "queued"
            )
        ).one()
    if (
        count
        and oldest is not None
        and datetime.now(UTC) - oldest.replace(tzinfo=oldest.tzinfo or UTC) > QUEUE_AGE
    ):
        return Check(
            "fdms queue",
            False,
            f"{count} receipt(s) not yet at FDMS, the oldest "
            f"since {oldest:%Y-%m-%d %H:%M} UTC: `fdms sync`",
        )
    return Check("fdms queue", True, f"{count} receipt(s) queued" if count else "empty")


@_guarded("fdms fiscal day")
def check_open_day(ctx: AppContext) -> Check:
    """No fiscal day open longer than taxPayerDayMaxHrs."""
    now_local, late = load_fdms_settings(ctx).local_now(), []
    devices = _devices(ctx)
    with unit_of_work(ctx, None, write=False) as work:
        for device in devices:
            day = current_day(work.session, device)
            limit = int((device.config or {}).get("taxPayerDayMaxHrs") or 24)
            if (
                day is not None
                and day.status == "FiscalDayOpened"
                and now_local
                > protocol.parse_fdms_datetime(day.opened_local) + timedelta(hours=limit)
            ):
                late.append(
                    f"device {device.device_id} day {day.day_no} open since "
                    f"{day.opened_local} (> {limit} h): `fdms close-day`"
                )
    return Check("fdms fiscal day", not late, "; ".join(late) or "no day open too long")


CHECKS = [check_certificates, check_queue, check_open_day]
