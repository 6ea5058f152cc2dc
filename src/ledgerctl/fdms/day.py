"""Fiscal days: open and status (closing is in ``close``, reconciling in ``sync``).

These flows talk to FDMS between transactions (no transaction is open while a request is in
flight), so they take the ``AppContext`` and open a ``DeviceSession``, not a Work.

The day is stored before FDMS is asked (``OpenPending`` with its opening time, which the close
signature needs and GetStatus never returns); a timeout leaves it pending and `fdms resync`
or the next `open-day` settles it from GetStatus. Closing sends the queue first, stores the
counters and the signature, calls CloseDay and polls GetStatus (interval and limit from the
settings: 10 s up to 5 min by default) until FiscalDayClosed or FiscalDayCloseFailed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, IntegrityProblem
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.domain import protocol
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.store import current_day, find_device
from ledgerctl.fdms.tables import FdmsDay
from ledgerctl.fdms.views import count_receipts
from ledgerctl.work import unit_of_work

PENDING = "OpenPending"
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class DayResult:
    """What `fdms open-day` / `fdms close-day` did to the fiscal day."""

    device_id: int
    day_no: int
    status: str
    opened: str
    error_code: str | None = None
    operation_id: str | None = None
    receipts: int = 0
    notes: tuple[str, ...] = ()


def device_mode(dev: DeviceSession) -> str:
    """Online or Offline, as the device's stored configuration says."""
    with unit_of_work(dev.ctx, None, write=False) as work:
        return find_device(work.session, work.tenant_id, dev.device_id).operating_mode


# --- open --------------------------------------------------------------------------------------


def _reserve_day(dev: DeviceSession, mode: str) -> FdmsDay:
    """Transaction 1: the new day as OpenPending (or Opened at once in offline mode)."""
    with unit_of_work(dev.ctx, "fdms.day") as work:
        device = find_device(work.session, work.tenant_id, dev.device_id, lock=True)
        day = current_day(work.session, device, lock=True)
        if day is not None and day.status != "FiscalDayClosed" and day.status != PENDING:
            raise Conflict(
                f"fiscal day {day.day_no} is {day.status}; close it first "
                "(`ledgerctl fdms close-day`)"
            )
        now_local = protocol.fdms_datetime(dev.settings.local_now())
        if day is None or day.status != PENDING:
            assert device.id is not None
            day = FdmsDay(
                tenant_id=work.tenant_id,
                device_pk=device.id,
                day_no=device.last_fiscal_day_no + 1,
                status=PENDING,
                mode=mode,
                opened_local=now_local,
                opened_at=utcnow(),
            )
        day.opened_local, day.opened_at = now_local, utcnow()
        if mode == "Offline":
            day.status = "FiscalDayOpened"
            device.last_fiscal_day_no = day.day_no
            work.session.add(device)
            work.audit(
                "fdms.day.open",
                "fdms_day",
                f"{dev.device_id}/{day.day_no}",
                None,
                {"opened": day.opened_local, "mode": mode},
            )
        work.session.add(day)
        work.session.flush()
        return day


def confirm_open(dev: DeviceSession, day_pk: int, day_no: int, operation: str | None) -> None:
    with unit_of_work(dev.ctx, "fdms.day") as work:
        device = find_device(work.session, work.tenant_id, dev.device_id, lock=True)
        day = work.session.get(FdmsDay, day_pk)
        assert day is not None and day.tenant_id == work.tenant_id
        day.status, device.last_fiscal_day_no = "FiscalDayOpened", day_no
        work.session.add_all([day, device])
        dev.flush(work)
        work.audit(
            "fdms.day.open",
            "fdms_day",
            f"{dev.device_id}/{day_no}",
            None,
            {"opened": day.opened_local, "operation": operation},
        )


def drop_pending(dev: DeviceSession, day_pk: int) -> None:
    with unit_of_work(dev.ctx, "fdms.day") as work:
        day = work.session.get(FdmsDay, day_pk)
        if day is not None and day.tenant_id == work.tenant_id and day.status == PENDING:
            work.session.delete(day)
        dev.flush(work)


def _settle_pending(dev: DeviceSession, day: FdmsDay) -> bool:
    """A pending day from an earlier attempt: True when FDMS has it open already."""
    status = dev.client.get_status()
    if (
        status.get("fiscalDayStatus") == "FiscalDayOpened"
        and status.get("lastFiscalDayNo") == day.day_no
    ):
        assert day.id is not None
        confirm_open(dev, day.id, day.day_no, status.get("operationID"))
        return True
    return False


def open_day(ctx: AppContext, device_id: int | None = None) -> DayResult:
    """`fdms open-day`: the next fiscal day, FiscalDayClosed → FiscalDayOpened."""
    with open_session(ctx, "fdms.day", device_id) as dev:
        dev.require_valid_certificate()
        mode = device_mode(dev)
        day = _reserve_day(dev, mode)
        assert day.id is not None
        if mode == "Offline":
            return DayResult(
                dev.device_id,
                day.day_no,
                day.status,
                day.opened_local,
                notes=(
                    "offline mode: the day is opened on the device; its receipts "
                    "go to FDMS in files (`ledgerctl fdms sync`)",
                ),
            )
        if _settle_pending(dev, day):
            return DayResult(dev.device_id, day.day_no, "FiscalDayOpened", day.opened_local)
        try:
            answer = dev.client.open_day(day.day_no, day.opened_local)
        except FdmsError as exc:
            if not exc.maybe_delivered:
                drop_pending(dev, day.id)
            raise
        if int(answer.get("fiscalDayNo", day.day_no)) != day.day_no:
            raise IntegrityProblem(
                f"FDMS opened day {answer.get('fiscalDayNo')} but this "
                f"device expected {day.day_no}; run `ledgerctl fdms resync`"
            )
        confirm_open(dev, day.id, day.day_no, answer.get("operationID"))
        return DayResult(
            dev.device_id,
            day.day_no,
            "FiscalDayOpened",
            day.opened_local,
            operation_id=answer.get("operationID"),
        )


# --- status ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    """One fact about the fiscal day, here and at FDMS."""

    field: str
    local: Any
    fdms: Any


@dataclass(frozen=True)
class DayStatus:
    """`fdms status`: the day here and at FDMS; ``problem`` says why FDMS could not be asked."""

    device_id: int
    rows: tuple[StatusRow, ...]
    problem: str | None
    differs: bool


_STATUS_FIELDS = (
    ("fiscal_day_no", "lastFiscalDayNo"),
    ("fiscal_day_status", "fiscalDayStatus"),
    ("last_receipt_global_no", "lastReceiptGlobalNo"),
    ("closing_error_code", "fiscalDayClosingErrorCode"),
    ("queued_receipts", None),
    ("operating_mode", None),
)


def _day_status(
    local: dict[str, Any], remote: dict[str, Any] | None, problem: str | None
) -> DayStatus:
    theirs = remote or {}
    rows = tuple(
        StatusRow(name, local.get(name), theirs.get(key) if key else None)
        for name, key in _STATUS_FIELDS
    )
    differs = (
        theirs.get("fiscalDayStatus") != local["fiscal_day_status"]
        or theirs.get("lastReceiptGlobalNo") != local["last_receipt_global_no"]
    )
    return DayStatus(local["device_id"], rows, problem, differs)


def status(ctx: AppContext, device_id: int | None = None) -> DayStatus:
    """`fdms status`: the local day against GetStatus (a network call between transactions)."""
    local, remote, problem = _status(ctx, device_id)
    return _day_status(local, remote, problem)


def _status(
    ctx: AppContext, device_id: int | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None, str | None]:
    """(local day, GetStatus answer or None, why FDMS could not be asked)."""
    with open_session(ctx, "fdms.read", device_id) as dev:
        with unit_of_work(ctx, None, write=False) as work:
            device = find_device(work.session, work.tenant_id, dev.device_id)
            day = current_day(work.session, device)
            local = {
                "device_id": dev.device_id,
                "operating_mode": device.operating_mode,
                "fiscal_day_no": day.day_no if day else 0,
                "fiscal_day_status": day.status if day else "FiscalDayClosed",
                "last_receipt_global_no": device.last_global_no,
                "closing_error_code": None,
                "queued_receipts": count_receipts(work, dev.device_pk, "queued"),
            }
        if device.operating_mode == "Offline":
            return local, None, "offline mode: FDMS answers GetStatus with DEV01"
        try:
            dev.require_valid_certificate()
            return local, dev.client.get_status(), None
        except (FdmsError, Conflict) as exc:
            return local, None, exc.message
