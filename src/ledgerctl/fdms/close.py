"""Close a fiscal day: send the queue, counters from the stored receipts, the day signature,
CloseDay, then GetStatus polled (``close_poll_interval`` s up to ``close_poll_timeout`` s: 10 s
and 5 min by default) until FiscalDayClosed (FDMS's day signature verified and stored) or
FiscalDayCloseFailed with its closing error code. A job run: one close at a time.

It spans several transactions with FDMS calls between them (and a job lock), so ``close_day``
takes the ``AppContext``, not a Work.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, IntegrityProblem
from ledgerctl.fdms import keys
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.day import PENDING, DayResult, device_mode
from ledgerctl.fdms.domain import counters, protocol, wire
from ledgerctl.fdms.send import send_queued
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.store import OPEN_STATES, current_day, find_device
from ledgerctl.fdms.tables import FdmsDay, FdmsReceipt, FdmsServerCertificate
from ledgerctl.jobs.api import job_run
from ledgerctl.work import unit_of_work

Progress = Callable[[float, str], None]


def _prepare_close(dev: DeviceSession) -> FdmsDay:
    """Counters from the stored receipts, the day signature; status CloseInitiated."""
    with unit_of_work(dev.ctx, "fdms.day") as work:
        device = find_device(work.session, work.tenant_id, dev.device_id, lock=True)
        day = current_day(work.session, device, lock=True)
        if day is None or day.status not in OPEN_STATES:
            state = "no fiscal day yet" if day is None else f"day {day.day_no} is {day.status}"
            raise Conflict(f"device {dev.device_id}: nothing to close ({state})")
        payloads = work.session.exec(
            select(FdmsReceipt.payload)
            .where(FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.day_pk == day.id)
            .order_by(col(FdmsReceipt.receipt_counter))
        ).all()
        found = counters.day_counters(wire.loads(p) for p in payloads)
        text = protocol.day_string(
            dev.device_id, day.day_no, date.fromisoformat(day.opened_local[:10]), found
        )
        signed = keys.sign_text(dev.require_key(), text)
        day.counters, day.device_hash, day.device_signature = found, signed.hash, signed.signature
        day.status, day.close_requested_at, day.closing_error_code = (
            "FiscalDayCloseInitiated",
            utcnow(),
            None,
        )
        work.session.add(day)
        work.audit(
            "fdms.day.close-requested",
            "fdms_day",
            f"{dev.device_id}/{day.day_no}",
            None,
            {"receipts": len(payloads), "hash": signed.hash},
        )
        return day


def _close_body(day: FdmsDay) -> dict[str, Any]:
    return {
        "fiscalDayNo": day.day_no,
        "fiscalDayCounters": counters.stored(day.counters),
        "fiscalDayDeviceSignature": {"hash": day.device_hash, "signature": day.device_signature},
        "receiptCounter": day.last_counter,
    }


def _verify_day_signature(
    dev: DeviceSession, work: Any, day: FdmsDay, status: dict[str, Any]
) -> bool:
    sig = status.get("fiscalDayServerSignature") or {}
    row = work.session.exec(
        select(FdmsServerCertificate).where(
            FdmsServerCertificate.tenant_id == work.tenant_id,
            FdmsServerCertificate.thumbprint == sig.get("certificateThumbprint"),
        )
    ).first()
    if row is None:
        return False
    text = protocol.day_server_string(
        dev.device_id,
        day.day_no,
        date.fromisoformat(day.opened_local[:10]),
        str(status.get("fiscalDayClosed")),
        str(status.get("fiscalDayReconciliationMode") or "AUTO"),
        counters.stored(day.counters),
        str(day.device_signature),
    )
    public = keys.public_key(keys.load_certificate(row.certificate_pem))
    return keys.verify_text(
        public, text, keys.Signed(str(sig.get("hash")), str(sig.get("signature")))
    )


def record_status(dev: DeviceSession, day_pk: int, status: dict[str, Any]) -> str:
    """Store what GetStatus says about the closing day; returns the day's status."""
    with unit_of_work(dev.ctx, None) as work:
        day = work.session.get(FdmsDay, day_pk)
        assert day is not None and day.tenant_id == work.tenant_id
        remote = str(status.get("fiscalDayStatus"))
        if status.get("lastFiscalDayNo") != day.day_no or remote == day.status:
            dev.flush(work)
            return day.status
        before = day.status
        day.status = remote
        if remote == "FiscalDayClosed":
            if not _verify_day_signature(dev, work, day, status):
                raise IntegrityProblem(
                    f"FDMS's signature of fiscal day {day.day_no} does not "
                    "verify; nothing recorded — contact ZIMRA support"
                )
            day.server_signature = status.get("fiscalDayServerSignature")
            day.closed_local = status.get("fiscalDayClosed")
            day.reconciliation_mode = status.get("fiscalDayReconciliationMode")
            day.closed_at = utcnow()
        elif remote == "FiscalDayCloseFailed":
            day.closing_error_code = status.get("fiscalDayClosingErrorCode")
        work.session.add(day)
        dev.flush(work)
        work.audit(
            "fdms.day.status",
            "fdms_day",
            f"{dev.device_id}/{day.day_no}",
            {"status": before},
            {"status": remote, "error": day.closing_error_code},
        )
        return remote


def poll_close(dev: DeviceSession, day_pk: int, progress: Progress | None = None) -> str:
    """GetStatus every ``close_poll_interval`` s until the close ends or the limit passes."""
    started = time.monotonic()
    interval, limit = dev.settings.close_poll_interval, dev.settings.close_poll_timeout
    while True:
        status = record_status(dev, day_pk, dev.client.get_status())
        elapsed = time.monotonic() - started
        if progress:
            progress(elapsed, status)
        if status != "FiscalDayCloseInitiated" or elapsed + interval > limit:
            return status
        time.sleep(interval)


def _sync_before_close(dev: DeviceSession) -> None:
    report = send_queued(dev)
    if report.error is not None:
        raise FdmsError(
            f"{report.remaining} receipt(s) are still queued, so the day cannot "
            f"close yet: {report.error.message}",
            kind=report.error.kind,
            status=report.error.status,
            code=report.error.code,
        )


def _close_offline(dev: DeviceSession) -> DayResult:
    day = _prepare_close(dev)
    with unit_of_work(dev.ctx, "fdms.day") as work:
        row = work.session.get(FdmsDay, day.id)
        assert row is not None
        row.status, row.closed_local = (
            "FiscalDayClosed",
            protocol.fdms_datetime(dev.settings.local_now()),
        )
        work.session.add(row)
        closed = row.closed_local
    return DayResult(
        dev.device_id,
        day.day_no,
        "FiscalDayClosed",
        day.opened_local,
        receipts=day.last_counter,
        notes=(
            f"offline mode: closed on the device at {closed}; `ledgerctl fdms "
            "sync` sends the day's last file with the closing footer",
        ),
    )


def close_day(
    ctx: AppContext, device_id: int | None = None, progress: Progress | None = None
) -> DayResult:
    """`fdms close-day`: sync, counters + signature, CloseDay, poll GetStatus (job lock)."""
    with (
        job_run(ctx, "fdms.close-day", permission="fdms.day") as run,
        open_session(ctx, "fdms.day", device_id) as dev,
    ):
        dev.require_valid_certificate()
        if device_mode(dev) == "Offline":
            return _close_offline(dev)
        with unit_of_work(ctx, None, write=False) as work:
            day = current_day(
                work.session, find_device(work.session, work.tenant_id, dev.device_id)
            )
        if day is None or day.status in ("FiscalDayClosed", PENDING):
            note = (
                "no fiscal day was opened yet"
                if day is None
                else f"fiscal day {day.day_no} is {day.status}: nothing to close"
            )
            run.detail = note
            return DayResult(
                dev.device_id,
                day.day_no if day else 0,
                day.status if day else "FiscalDayClosed",
                day.opened_local if day else "",
                notes=(note,),
            )
        if day.status != "FiscalDayCloseInitiated":
            _sync_before_close(dev)
            day = _prepare_close(dev)
            operation = _send_close(dev, day)
        else:
            operation = day.close_operation_id
        assert day.id is not None
        status = poll_close(dev, day.id, progress)
        run.processed, run.detail = day.last_counter, f"day {day.day_no}: {status}"
        return _close_result(dev, day.id, operation)


def _send_close(dev: DeviceSession, day: FdmsDay) -> str | None:
    try:
        answer = dev.client.close_day(_close_body(day))
    except FdmsError as exc:
        if exc.code != "FISC03":  # FISC03: already closing — poll it
            _undo_close(dev, day, exc)
            raise
        return None
    with unit_of_work(dev.ctx, None) as work:
        row = work.session.get(FdmsDay, day.id)
        assert row is not None
        row.close_operation_id = answer.get("operationID")
        work.session.add(row)
        dev.flush(work)
    return answer.get("operationID")


def _undo_close(dev: DeviceSession, day: FdmsDay, exc: FdmsError) -> None:
    """CloseDay was refused or may not have arrived: back to a state that allows a retry."""
    if exc.maybe_delivered:
        return  # resync / the next close-day polls GetStatus to find out
    with unit_of_work(dev.ctx, None) as work:
        row = work.session.get(FdmsDay, day.id)
        assert row is not None
        row.status = "FiscalDayCloseFailed" if row.closing_error_code else "FiscalDayOpened"
        work.session.add(row)
        dev.flush(work)


def _close_result(dev: DeviceSession, day_pk: int, operation: str | None) -> DayResult:
    with unit_of_work(dev.ctx, None, write=False) as work:
        day = work.session.get(FdmsDay, day_pk)
        assert day is not None
        return DayResult(
            dev.device_id,
            day.day_no,
            day.status,
            day.opened_local,
            day.closing_error_code,
            operation or day.close_operation_id,
            day.last_counter,
        )
