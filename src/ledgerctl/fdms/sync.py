"""`fdms sync` (send what is queued) and `fdms resync` (reconcile with GetStatus, then sync).

Both run as the job ``fdms.sync`` (one at a time per tenant, recorded in ``job_runs``) and are
idempotent: a receipt already accepted is never sent again, and one that FDMS may already have
is sent again and recognised by FDMS (same receiptID), not duplicated. In offline mode the
queue goes out as SubmitFile files instead (``offline``). They call FDMS between their
transactions under a job lock, so they take the ``AppContext``, not a Work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.core.errors import IntegrityProblem
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.close import record_status
from ledgerctl.fdms.day import PENDING, confirm_open, drop_pending
from ledgerctl.fdms.offline import OfflineFile
from ledgerctl.fdms.send import SendReport, send_queued
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.store import current_day, find_device
from ledgerctl.fdms.tables import FdmsDay
from ledgerctl.jobs.api import job_run
from ledgerctl.work import unit_of_work

JOB = "fdms.sync"


@dataclass(frozen=True)
class SyncReport:
    """What `fdms sync` / `fdms resync` did: receipts sent (or offline files), notes."""

    device_id: int
    mode: str
    sent: int
    duplicates: int
    remaining: int
    error: str | None
    red: tuple[int, ...]
    files: tuple[OfflineFile, ...]
    notes: tuple[str, ...]


@dataclass
class _Run:
    """The report as it is gathered (frozen into a ``SyncReport`` at the end)."""

    device_id: int
    mode: str
    sent: int = 0
    duplicates: int = 0
    remaining: int = 0
    error: str | None = None
    red: list[int] = field(default_factory=list)
    files: list[OfflineFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    remote: dict[str, Any] | None = None


def _local(dev: DeviceSession) -> tuple[str, int, FdmsDay | None]:
    with unit_of_work(dev.ctx, None, write=False) as work:
        device = find_device(work.session, work.tenant_id, dev.device_id)
        return device.operating_mode, device.last_global_no, current_day(work.session, device)


def _merge(report: _Run, sent: SendReport) -> _Run:
    report.sent, report.duplicates, report.remaining = sent.sent, sent.duplicates, sent.remaining
    report.red = sent.red
    report.error = sent.error.message if sent.error else None
    return report


def _run(dev: DeviceSession, reconcile: bool) -> _Run:
    dev.require_valid_certificate()
    mode, last_global, day = _local(dev)
    report = _Run(dev.device_id, mode)
    if mode == "Offline":
        from ledgerctl.fdms import offline

        report.files = offline.sync_files(dev)
        return report
    if reconcile:
        _reconcile(dev, report, last_global, day)
    return _merge(report, send_queued(dev))


def _reconcile(dev: DeviceSession, report: _Run, last_global: int, day: FdmsDay | None) -> None:
    remote = dev.client.get_status()
    report.remote = remote
    remote_last = int(remote.get("lastReceiptGlobalNo") or 0)
    if remote_last > last_global:
        raise IntegrityProblem(
            f"FDMS has receipts up to global number {remote_last} but this device's store ends "
            f"at {last_global}: receipts were issued elsewhere or the store was restored from an "
            "old backup; stop issuing receipts and contact ZIMRA support"
        )
    _note_delivered(dev, report, remote_last)
    if day is None or day.id is None:
        return
    remote_day, remote_status = remote.get("lastFiscalDayNo"), remote.get("fiscalDayStatus")
    if day.status == PENDING:
        if remote_day == day.day_no and remote_status == "FiscalDayOpened":
            confirm_open(dev, day.id, day.day_no, remote.get("operationID"))
            report.notes.append(f"fiscal day {day.day_no} is open at FDMS: confirmed")
        else:
            drop_pending(dev, day.id)
            report.notes.append(
                f"fiscal day {day.day_no} never opened at FDMS: dropped; run "
                "`ledgerctl fdms open-day` again"
            )
    elif (
        day.status == "FiscalDayCloseInitiated"
        and remote_day == day.day_no
        and remote_status == "FiscalDayOpened"
    ):
        _reopen_after_lost_close(dev, day)
        report.notes.append(
            f"FDMS never received the close of day {day.day_no}; run "
            "`ledgerctl fdms close-day` again"
        )
    elif remote_day == day.day_no and remote_status != day.status:
        new = record_status(dev, day.id, remote)
        report.notes.append(f"fiscal day {day.day_no}: {day.status} → {new}")


def _note_delivered(dev: DeviceSession, report: _Run, remote_last: int) -> None:
    from sqlalchemy import func
    from sqlmodel import select

    from ledgerctl.fdms.tables import FdmsReceipt

    with unit_of_work(dev.ctx, None, write=False) as work:
        delivered = work.session.exec(
            select(func.count())
            .select_from(FdmsReceipt)
            .where(
                FdmsReceipt.tenant_id == work.tenant_id,
                FdmsReceipt.device_pk == dev.device_pk,
                FdmsReceipt.status == "queued",
                FdmsReceipt.global_no <= remote_last,
            )
        ).one()
    if delivered:
        report.notes.append(
            f"{delivered} queued receipt(s) had reached FDMS (the answer was "
            "lost); sending them again records FDMS's answer, not a duplicate"
        )


def _reopen_after_lost_close(dev: DeviceSession, day: FdmsDay) -> None:
    with unit_of_work(dev.ctx, None) as work:
        row = work.session.get(FdmsDay, day.id)
        assert row is not None
        row.status = "FiscalDayOpened"
        work.session.add(row)
        work.audit(
            "fdms.day.status",
            "fdms_day",
            f"{dev.device_id}/{row.day_no}",
            {"status": "FiscalDayCloseInitiated"},
            {"status": "FiscalDayOpened"},
        )


def _job(ctx: AppContext, device_id: int | None, reconcile: bool) -> SyncReport:
    with (
        job_run(ctx, JOB, permission="fdms.sync") as run,
        open_session(ctx, "fdms.sync", device_id) as dev,
    ):
        report = _run(dev, reconcile=reconcile)
        run.processed, run.detail = report.sent, _detail(report)
        if report.error:  # the run is recorded as failed; the receipts stay queued
            raise FdmsError(
                f"sync stopped after {report.sent} receipt(s); {report.remaining} "
                f"still queued (nothing lost): {report.error}",
                kind="sync",
            )
        return SyncReport(
            report.device_id,
            report.mode,
            report.sent,
            report.duplicates,
            report.remaining,
            report.error,
            tuple(report.red),
            tuple(report.files),
            tuple(report.notes),
        )


def sync(ctx: AppContext, device_id: int | None = None) -> SyncReport:
    """`fdms sync`: send queued receipts in receiptGlobalNo order (files when offline)."""
    return _job(ctx, device_id, reconcile=False)


def resync(ctx: AppContext, device_id: int | None = None) -> SyncReport:
    """`fdms resync`: reconcile the day and numbers with GetStatus, then sync."""
    return _job(ctx, device_id, reconcile=True)


def _detail(report: _Run) -> str:
    text = f"device {report.device_id}: {report.sent} sent, {report.remaining} still queued"
    return text + (f"; {report.error}" if report.error else "")
