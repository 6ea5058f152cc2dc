"""Offline mode: a day's receipts go to FDMS in files (SubmitFile), not one by one.

`fdms sync` on an Offline device (1) writes the queued receipts of each day into files under
``output/fdms/files/<device>/`` — at most 3 MB each, numbered by ``fileSequence``, the last file
of a closed day carrying the footer (counters, day signature, receipt count, closing time) —
and records them, all in one transaction, before anything is sent; (2) submits the written
files in order; (3) reads SubmittedFileList and marks files accepted or rejected (the receipts
of a rejected file are queued again for a new file).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, update
from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import IntegrityProblem
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.domain import counters, wire
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.store import find_device
from ledgerctl.fdms.tables import FdmsDay, FdmsFile, FdmsReceipt
from ledgerctl.outputs.api import atomic_write_bytes
from ledgerctl.work import Work, unit_of_work

MAX_FILE_BYTES = 3 * 1024 * 1024
OVERHEAD = 8 * 1024  # header, footer and punctuation


def files_dir(ctx: AppContext, device_id: int) -> Path:
    return ctx.home / "output" / "fdms" / "files" / str(device_id)


def _header(dev: DeviceSession, day: FdmsDay, sequence: int) -> dict[str, Any]:
    return {
        "deviceID": dev.device_id,
        "fiscalDayNo": day.day_no,
        "fiscalDayOpened": day.opened_local,
        "fileSequence": sequence,
    }


def _footer(day: FdmsDay) -> dict[str, Any]:
    return {
        "fiscalDayCounters": counters.stored(day.counters),
        "fiscalDayDeviceSignature": {"hash": day.device_hash, "signature": day.device_signature},
        "receiptCounter": day.last_counter,
        "fiscalDayClosed": day.closed_local,
    }


def _chunks(receipts: list[FdmsReceipt]) -> list[list[FdmsReceipt]]:
    chunks: list[list[FdmsReceipt]] = [[]]
    size = OVERHEAD
    for receipt in receipts:
        if chunks[-1] and size + len(receipt.payload) + 1 > MAX_FILE_BYTES:
            chunks.append([])
            size = OVERHEAD
        chunks[-1].append(receipt)
        size += len(receipt.payload) + 1
    return chunks


def _needs_footer(work: Work, day: FdmsDay) -> bool:
    if day.status != "FiscalDayClosed" or day.counters is None:
        return False
    sent = work.session.exec(
        select(func.count())
        .select_from(FdmsFile)
        .where(
            FdmsFile.tenant_id == work.tenant_id,
            FdmsFile.day_pk == day.id,
            col(FdmsFile.has_footer).is_(True),
            FdmsFile.status != "rejected",
        )
    ).one()
    return not sent


def _write_file(
    work: Work,
    dev: DeviceSession,
    day: FdmsDay,
    sequence: int,
    receipts: list[FdmsReceipt],
    footer: bool,
) -> FdmsFile:
    text = (
        '{"header":'
        + wire.dumps(_header(dev, day, sequence))
        + ',"content":{"receipts":['
        + ",".join(r.payload for r in receipts)
        + "]}"
        + (',"footer":' + wire.dumps(_footer(day)) if footer else "")
        + "}"
    )
    raw = text.encode("utf-8")
    path = files_dir(dev.ctx, dev.device_id) / f"day-{day.day_no:05d}-file-{sequence:03d}.json"
    atomic_write_bytes(path, raw)
    assert day.id is not None
    row = FdmsFile(
        tenant_id=work.tenant_id,
        device_pk=dev.device_pk,
        day_pk=day.id,
        fiscal_day_no=day.day_no,
        file_sequence=sequence,
        path=str(path.relative_to(dev.ctx.home)),
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        receipts=len(receipts),
        first_global_no=receipts[0].global_no if receipts else None,
        last_global_no=receipts[-1].global_no if receipts else None,
        has_footer=footer,
        status="written",
        created_at=utcnow(),
    )
    work.session.add(row)
    work.session.flush()
    for receipt in receipts:
        receipt.status, receipt.file_pk = "filed", row.id
        work.session.add(receipt)
    work.audit(
        "fdms.file.write",
        "fdms_file",
        f"{dev.device_id}/{day.day_no}/{sequence}",
        None,
        {"receipts": len(receipts), "footer": footer, "sha256": row.sha256},
    )
    return row


def _plan_and_write(dev: DeviceSession) -> int:
    """Transaction 1: write and record the files still needed; how many were written."""
    written = 0
    with unit_of_work(dev.ctx, "fdms.sync") as work:
        device = find_device(work.session, work.tenant_id, dev.device_id, lock=True)
        days = work.session.exec(
            select(FdmsDay)
            .where(
                FdmsDay.tenant_id == work.tenant_id,
                FdmsDay.device_pk == device.id,
                FdmsDay.mode == "Offline",
            )
            .order_by(col(FdmsDay.day_no))
        ).all()
        for day in days:
            queued = list(
                work.session.exec(
                    select(FdmsReceipt)
                    .where(
                        FdmsReceipt.tenant_id == work.tenant_id,
                        FdmsReceipt.day_pk == day.id,
                        FdmsReceipt.status == "queued",
                    )
                    .order_by(col(FdmsReceipt.global_no))
                ).all()
            )
            footer = _needs_footer(work, day)
            if not queued and not footer:
                continue
            last = work.session.exec(
                select(func.max(FdmsFile.file_sequence)).where(
                    FdmsFile.tenant_id == work.tenant_id, FdmsFile.day_pk == day.id
                )
            ).one()
            chunks = _chunks(queued)
            for i, chunk in enumerate(chunks):
                _write_file(
                    work, dev, day, int(last or 0) + 1 + i, chunk, footer and i == len(chunks) - 1
                )
                written += 1
    return written


def _submit_written(dev: DeviceSession) -> FdmsError | None:
    with unit_of_work(dev.ctx, None, write=False) as work:
        pending = work.session.exec(
            select(FdmsFile)
            .where(
                FdmsFile.tenant_id == work.tenant_id,
                FdmsFile.device_pk == dev.device_pk,
                FdmsFile.status == "written",
            )
            .order_by(col(FdmsFile.fiscal_day_no), col(FdmsFile.file_sequence))
        ).all()
    for item in pending:
        raw = (dev.ctx.home / item.path).read_bytes()
        if hashlib.sha256(raw).hexdigest() != item.sha256:
            raise IntegrityProblem(
                f"offline file {item.path} changed after it was written; "
                "restore it from a backup before it is sent"
            )
        try:
            answer = dev.client.submit_file(raw)
        except FdmsError as exc:
            dev.flush_alone()
            return exc
        with unit_of_work(dev.ctx, None) as work:
            work.session.execute(
                update(FdmsFile)
                .where(col(FdmsFile.id) == item.id)
                .values(
                    status="submitted",
                    operation_id=answer.get("operationID"),
                    submitted_at=utcnow(),
                )
            )
            dev.flush(work)
    return None


def _apply_remote(dev: DeviceSession, rows: list[dict[str, Any]]) -> None:
    outcome = {str(r.get("operationID")): r for r in rows}
    with unit_of_work(dev.ctx, None) as work:
        files = work.session.exec(
            select(FdmsFile).where(
                FdmsFile.tenant_id == work.tenant_id,
                FdmsFile.device_pk == dev.device_pk,
                FdmsFile.status == "submitted",
            )
        ).all()
        for item in files:
            remote = outcome.get(str(item.operation_id))
            state = (remote or {}).get("fileProcessingStatus")
            if state == "FileProcessingIsSuccessful":
                item.status = "accepted"
                receipt_status = "accepted"
            elif state == "FileProcessingError":
                item.status = "rejected"
                item.error_code = (remote or {}).get("fileProcessingError")
                receipt_status = "queued"
            else:
                continue
            work.session.add(item)
            work.session.execute(
                update(FdmsReceipt)
                .where(
                    col(FdmsReceipt.tenant_id) == work.tenant_id,
                    col(FdmsReceipt.file_pk) == item.id,
                )
                .values(
                    status=receipt_status,
                    accepted_at=utcnow() if receipt_status == "accepted" else None,
                    last_error_code=item.error_code,
                )
            )
            work.audit(
                "fdms.file.status",
                "fdms_file",
                f"{dev.device_id}/{item.fiscal_day_no}/{item.file_sequence}",
                None,
                {"status": item.status, "error": item.error_code},
            )
        dev.flush(work)


@dataclass(frozen=True)
class OfflineFile:
    """One day file written for SubmitFile, and how FDMS processed it."""

    day: int
    sequence: int
    receipts: int
    footer: str
    bytes: int
    status: str
    error_code: str | None
    operation_id: str | None
    path: str


def _rows(dev: DeviceSession) -> list[OfflineFile]:
    with unit_of_work(dev.ctx, None, write=False) as work:
        files = work.session.exec(
            select(FdmsFile)
            .where(FdmsFile.tenant_id == work.tenant_id, FdmsFile.device_pk == dev.device_pk)
            .order_by(col(FdmsFile.fiscal_day_no), col(FdmsFile.file_sequence))
        ).all()
        return [
            OfflineFile(
                f.fiscal_day_no,
                f.file_sequence,
                f.receipts,
                "yes" if f.has_footer else "",
                f.size,
                f.status,
                f.error_code,
                f.operation_id,
                f.path,
            )
            for f in files
        ]


def sync_files(dev: DeviceSession) -> list[OfflineFile]:
    """Write, submit and check the offline files (see the module docstring)."""
    _plan_and_write(dev)
    error = _submit_written(dev)
    if error is None:
        _apply_remote(dev, list(dev.client.submitted_files().get("rows") or []))
    rows = _rows(dev)
    if error is not None:
        raise FdmsError(
            f"offline files are written and kept (nothing lost) but not all were "
            f"sent: {error.message}",
            kind=error.kind,
            status=error.status,
            code=error.code,
        )
    return rows


def list_files(ctx: AppContext, device_id: int | None = None) -> list[OfflineFile]:
    """`fdms offline files`: the day files written for SubmitFile and their status."""
    with open_session(ctx, "fdms.read", device_id, need_key=False) as dev:
        return _rows(dev)


def refresh_status(ctx: AppContext, device_id: int | None = None) -> list[OfflineFile]:
    """`fdms offline status`: SubmittedFileList applied to the stored files."""
    with open_session(ctx, "fdms.sync", device_id) as dev:
        dev.require_valid_certificate()
        _apply_remote(dev, list(dev.client.submitted_files().get("rows") or []))
        return _rows(dev)
