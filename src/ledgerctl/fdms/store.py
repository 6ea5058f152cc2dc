"""Queries the fdms services share: find the device, its certificate, its current day,
and write the exchange log. Every query is scoped by tenant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from ledgerctl.core.errors import Conflict, NotFound
from ledgerctl.fdms.client import Exchange
from ledgerctl.fdms.tables import FdmsCertificate, FdmsDay, FdmsDevice, FdmsExchange

OPEN_STATES = ("FiscalDayOpened", "FiscalDayCloseFailed")


def find_device(
    session: Session, tenant_id: int, device_id: int | None, *, lock: bool = False
) -> FdmsDevice:
    """The device named (or the tenant's only one); NotFound saying what to do."""
    query = select(FdmsDevice).where(FdmsDevice.tenant_id == tenant_id)
    if device_id is not None:
        query = query.where(FdmsDevice.device_id == device_id)
    if lock:
        query = query.with_for_update()
    found = session.exec(query.order_by(col(FdmsDevice.device_id))).all()
    if device_id is not None and not found:
        raise NotFound(
            f"fiscal device {device_id} is not registered in this workspace; run "
            f"`ledgerctl fdms device register --device-id {device_id} ...`"
        )
    if not found:
        raise NotFound(
            "no fiscal device is registered; run `ledgerctl fdms device register "
            "--device-id ID --activation-key KEY --serial-no SERIAL`"
        )
    if len(found) > 1:
        ids = ", ".join(str(d.device_id) for d in found)
        raise NotFound(
            f"several fiscal devices are registered ({ids}); pass --device-id or set FDMS_DEVICE_ID"
        )
    return found[0]


def active_certificate(session: Session, device: FdmsDevice) -> FdmsCertificate | None:
    return session.exec(
        select(FdmsCertificate)
        .where(
            FdmsCertificate.tenant_id == device.tenant_id,
            FdmsCertificate.device_pk == device.id,
            FdmsCertificate.status == "active",
        )
        .order_by(col(FdmsCertificate.id).desc())
    ).first()


def pending_certificate(session: Session, device: FdmsDevice) -> FdmsCertificate | None:
    return session.exec(
        select(FdmsCertificate)
        .where(
            FdmsCertificate.tenant_id == device.tenant_id,
            FdmsCertificate.device_pk == device.id,
            FdmsCertificate.status == "pending",
        )
        .order_by(col(FdmsCertificate.id).desc())
    ).first()


def current_day(session: Session, device: FdmsDevice, *, lock: bool = False) -> FdmsDay | None:
    """The device's latest fiscal day (any status)."""
    query = select(FdmsDay).where(
        FdmsDay.tenant_id == device.tenant_id, FdmsDay.device_pk == device.id
    )
    if lock:
        query = query.with_for_update()
    return session.exec(query.order_by(col(FdmsDay.day_no).desc()).limit(1)).first()


def require_open(device_id: int, day: Any) -> Any:
    """``day`` (ORM or Core row) if it is open, else Conflict (exit 4) saying to open one."""
    if day is None or day.status not in OPEN_STATES:
        state = (
            "no fiscal day was opened yet"
            if day is None
            else f"fiscal day {day.day_no} is {day.status}"
        )
        raise Conflict(f"device {device_id}: {state}; open one with `ledgerctl fdms open-day`")
    return day


def write_exchanges(
    session: Session,
    tenant_id: int,
    device_id: int | None,
    actor: str,
    exchanges: Sequence[Exchange],
) -> None:
    """Append exchanges to the log (one multi-row insert)."""
    if not exchanges:
        return
    rows: list[dict[str, Any]] = [
        {
            "tenant_id": tenant_id,
            "device_id": device_id,
            "at": e.at,
            "method": e.method,
            "path": e.path[:200],
            "status": e.status,
            "duration_ms": e.duration_ms,
            "request": e.request,
            "response": e.response,
            "error": e.error,
            "error_code": (e.error_code or None) and e.error_code[:30],
            "operation_id": e.operation_id,
            "actor": actor,
        }
        for e in exchanges
    ]
    session.execute(insert(FdmsExchange), rows)
