"""`fdms audit` and `fdms pre-golive-check`.

The audit re-reads every stored receipt and checks, in receiptGlobalNo order: the columns
against the signed JSON, the hash (recomputed from the JSON and the previous hash), the chain
(previous hash = the previous receipt's device hash within the day; counters 1, 2, ... per day;
global numbers without gaps; dates never going back), the device signature, FDMS's signature,
and for each fiscal day its counters (recomputed from its receipts), its device signature and
FDMS's day signature. Problems are sorted so the first one is the first break.

``audit`` is a job run (its own job-run transactions around the audit's read), so it takes the
``AppContext``; ``audit_work`` runs inside a caller's Work (the `audit check` registry).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import text
from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.fdms import keys
from ledgerctl.fdms.audit_check import DaySums, Scope, check_device
from ledgerctl.fdms.domain import counters, protocol
from ledgerctl.fdms.tables import (
    FdmsCertificate,
    FdmsDay,
    FdmsDevice,
    FdmsServerCertificate,
)
from ledgerctl.work import Work, use_case


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, ordered by where it breaks the chain (device, then position)."""

    device_id: int
    position: float
    where: str = field(compare=False)
    text: str = field(compare=False)

    def __str__(self) -> str:
        return f"device {self.device_id} {self.where}: {self.text}"


@dataclass(frozen=True)
class AuditReport:
    """What `fdms audit` checked and every problem found, first break first."""

    devices: int = 0
    receipts: int = 0
    days: int = 0
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def first(self) -> Finding | None:
        return min(self.findings) if self.findings else None


class LinkRow(NamedTuple):
    """The columns that link a receipt to its neighbours (no payload)."""

    global_no: int
    fiscal_day_no: int
    receipt_counter: int
    receipt_date: str
    previous_hash: str | None
    device_hash: str
    content_hash: str


_LINKS = text(
    "SELECT global_no, fiscal_day_no, receipt_counter, receipt_date, previous_hash, "
    "device_hash, content_hash FROM fdms_receipts WHERE tenant_id = :t AND "
    "device_pk = :d ORDER BY global_no"
)
_ISSUED = text(
    "SELECT entity_id, after FROM audit_log WHERE tenant_id = :t AND "
    "action = 'fdms.receipt.issue' AND entity_id LIKE :p"
)
_CONTENT = '"content":"'


def _links(work: Work, device: FdmsDevice) -> list[LinkRow]:
    result = work.session.connection().execute(_LINKS, {"t": work.tenant_id, "d": device.id})
    return [LinkRow(*row) for row in result]


def _pems(work: Work, device: FdmsDevice) -> dict[str, str]:
    pems = {
        f"device:{c.id}": c.certificate_pem
        for c in work.session.exec(
            select(FdmsCertificate).where(
                FdmsCertificate.tenant_id == work.tenant_id, FdmsCertificate.device_pk == device.id
            )
        ).all()
        if c.certificate_pem
    }
    pems.update(
        {
            f"server:{s.thumbprint}": s.certificate_pem
            for s in work.session.exec(
                select(FdmsServerCertificate).where(
                    FdmsServerCertificate.tenant_id == work.tenant_id
                )
            ).all()
        }
    )
    return pems


def _logged_content(after: str | None) -> str | None:
    """The content hash in an issue row's ``after`` (canonical JSON text)."""
    if not after:
        return None
    start = after.find(_CONTENT)
    return after[start + len(_CONTENT) : start + len(_CONTENT) + 64] if start >= 0 else None


def _issued(work: Work, device: FdmsDevice, rows: Sequence[LinkRow]) -> list[Finding]:
    """Each receipt's content hash against the one chained into the audit log at issue."""
    logged = {
        entity: _logged_content(after)
        for entity, after in work.session.connection().execute(
            _ISSUED, {"t": work.tenant_id, "p": f"{device.device_id}/%"}
        )
    }
    found = []
    for row in rows:
        content = logged.get(f"{device.device_id}/{row.global_no}")
        if content != row.content_hash:
            text_ = (
                "no audit record of its issue"
                if content is None
                else "its content differs from what the audit log recorded at issue"
            )
            found.append(
                Finding(device.device_id, row.global_no, f"receipt {row.global_no}", text_)
            )
    return found


def _chain(device: FdmsDevice, rows: Sequence[LinkRow]) -> list[Finding]:
    found, prev = [], None
    for row in rows:

        def add(text: str, row: LinkRow = row) -> None:
            found.append(Finding(device.device_id, row.global_no, f"receipt {row.global_no}", text))

        same_day = prev is not None and prev.fiscal_day_no == row.fiscal_day_no
        if prev is not None and row.global_no != prev.global_no + 1:
            add(
                f"receipt global number(s) {prev.global_no + 1}..{row.global_no - 1} are "
                "missing (deleted?)"
            )
        expected = prev.receipt_counter + 1 if same_day and prev else 1
        if row.receipt_counter != expected:
            add(f"receipt counter {row.receipt_counter} where {expected} was expected")
        if row.previous_hash != (prev.device_hash if same_day and prev else None):
            add("chain broken: its previous hash is not the previous receipt's hash")
        if prev is not None and row.receipt_date < prev.receipt_date:
            add(f"dated {row.receipt_date}, before the previous receipt ({prev.receipt_date})")
        prev = row
    last = rows[-1].global_no if rows else None
    if rows and device.last_global_no != last:
        found.append(
            Finding(
                device.device_id,
                float(last or 0) + 0.9,
                "numbering",
                f"the device has issued up to {device.last_global_no} but the last "
                f"stored receipt is {last} (receipts deleted?)",
            )
        )
    return found


def _day_signature_ok(day: FdmsDay, device: FdmsDevice, pems: dict[str, str]) -> bool:
    text = protocol.day_string(
        device.device_id,
        day.day_no,
        date.fromisoformat(day.opened_local[:10]),
        counters.stored(day.counters),
    )
    signed = keys.Signed(str(day.device_hash), str(day.device_signature))
    return any(
        keys.verify_text(keys.public_key(keys.load_certificate(pem)), text, signed)
        for name, pem in pems.items()
        if name.startswith("device:")
    )


def _server_day_ok(day: FdmsDay, device: FdmsDevice, pems: dict[str, str]) -> bool:
    sig = day.server_signature or {}
    pem = pems.get(f"server:{sig.get('certificateThumbprint')}")
    if pem is None:
        return False
    text = protocol.day_server_string(
        device.device_id,
        day.day_no,
        date.fromisoformat(day.opened_local[:10]),
        str(day.closed_local),
        str(day.reconciliation_mode or "AUTO"),
        counters.stored(day.counters),
        str(day.device_signature),
    )
    return keys.verify_text(
        keys.public_key(keys.load_certificate(pem)),
        text,
        keys.Signed(str(sig.get("hash")), str(sig.get("signature"))),
    )


def _days(
    work: Work, device: FdmsDevice, rows: Sequence[LinkRow], sums: DaySums, pems: dict[str, str]
) -> tuple[int, list[Finding]]:
    by_day: dict[int, list[LinkRow]] = {}
    for row in rows:
        by_day.setdefault(row.fiscal_day_no, []).append(row)
    days = work.session.exec(
        select(FdmsDay)
        .where(FdmsDay.tenant_id == work.tenant_id, FdmsDay.device_pk == device.id)
        .order_by(col(FdmsDay.day_no))
    ).all()
    found = []
    for day in days:
        mine = by_day.get(day.day_no, [])
        where = float(mine[-1].global_no) + 0.5 if mine else float(device.last_global_no) + 0.5
        problems = []
        if day.last_counter != len(mine) or day.last_hash != (
            mine[-1].device_hash if mine else None
        ):
            problems.append(
                f"the day records {day.last_counter} receipt(s) but {len(mine)} are "
                "stored, or its last hash differs (receipts deleted?)"
            )
        if day.counters is not None:
            expected = counters.from_sums(sums.get((device.device_id, day.day_no), {}))
            if not counters.same_counters(expected, day.counters):
                problems.append("its closing counters differ from its receipts")
            elif not _day_signature_ok(day, device, pems):
                problems.append("its device signature does not verify")
        if day.server_signature and not _server_day_ok(day, device, pems):
            problems.append("FDMS's day signature does not verify")
        found += [Finding(device.device_id, where, f"fiscal day {day.day_no}", p) for p in problems]
    return len(days), found


@use_case("fdms.read", write=False)
def audit_work(work: Work, device_id: int | None = None) -> AuditReport:
    """Audit every device of the tenant (or one) inside an open unit of work."""
    findings: list[Finding] = []
    devices = receipts = days = 0
    query = select(FdmsDevice).where(FdmsDevice.tenant_id == work.tenant_id)
    if device_id is not None:
        query = query.where(FdmsDevice.device_id == device_id)
    url = work.session.connection().engine.url.render_as_string(hide_password=False)
    for device in work.session.exec(query.order_by(col(FdmsDevice.device_id))).all():
        rows, pems = _links(work, device), _pems(work, device)
        problems, sums = check_device(
            work.session.connection(),
            Scope(url, work.tenant_id, int(device.id or 0), device.device_id),
            rows[0].global_no if rows else 1,
            rows[-1].global_no if rows else 0,
            pems,
        )
        findings += [Finding(device.device_id, g, f"receipt {g}", text) for g, text in problems]
        findings += _chain(device, rows) + _issued(work, device, rows)
        day_count, day_findings = _days(work, device, rows, sums, pems)
        findings += day_findings
        devices, receipts, days = devices + 1, receipts + len(rows), days + day_count
    return AuditReport(devices, receipts, days, tuple(sorted(findings)))


def audit(ctx: AppContext, device_id: int | None = None) -> AuditReport:
    """`fdms audit` (a job run: recorded in job_runs, one at a time)."""
    from ledgerctl.fdms.settings import load_fdms_settings
    from ledgerctl.jobs.api import job_run

    chosen = device_id if device_id is not None else load_fdms_settings(ctx).device_id
    with job_run(ctx, "fdms.audit", permission="fdms.read") as run:
        report = audit_work.run(ctx, chosen)
        run.processed, run.errors = report.receipts, len(report.findings)
        run.detail = str(report.first) if report.first else "intact"
        return report


@dataclass(frozen=True)
class FindingRow:
    """A finding as `fdms audit --verbose` lists it."""

    device_id: int
    where: str
    problem: str


def finding_rows(report: AuditReport) -> list[FindingRow]:
    return [FindingRow(f.device_id, f.where, f.text) for f in report.findings]
