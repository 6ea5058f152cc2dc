"""`fdms pre-golive-check`: the seed's go-live checks (device and certificate, test receipts
accepted, nothing queued, no Red errors, day closed) and the integrity audit, in one read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import select

from ledgerctl.fdms.audit import AuditReport, audit_work
from ledgerctl.fdms.settings import load_fdms_settings
from ledgerctl.fdms.store import active_certificate, current_day, find_device
from ledgerctl.fdms.tables import FdmsDevice, FdmsReceipt
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class GoLiveCheck:
    """One go-live check; rendered with ``ok`` as PASS/FAIL."""

    check: str
    ok: str
    detail: str


@dataclass(frozen=True)
class GoLiveReport:
    """Every check, and the audit behind the last one."""

    checks: tuple[GoLiveCheck, ...]
    audit: AuditReport

    @property
    def ready(self) -> bool:
        return all(c.ok == "PASS" for c in self.checks)


@dataclass(frozen=True)
class _Check:
    name: str
    ok: bool
    detail: str


def _golive_checks(work: Work, device: FdmsDevice) -> list[_Check]:
    cert = active_certificate(work.session, device)
    day = current_day(work.session, device)
    statuses = [
        r
        for r in work.session.exec(
            select(FdmsReceipt.status, FdmsReceipt.validation_color).where(
                FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == device.id
            )
        ).all()
    ]
    accepted = sum(1 for s, _ in statuses if s == "accepted")
    queued = sum(1 for s, _ in statuses if s != "accepted")
    red = sum(1 for _, c in statuses if c == "Red")
    valid = cert is not None and cert.valid_till is not None and cert.valid_till > datetime.now(UTC)
    return [
        _Check(
            "device registered",
            cert is not None,
            "certificate on file" if cert else "run `fdms device register`",
        ),
        _Check(
            "certificate valid",
            valid,
            f"valid till {cert.valid_till:%Y-%m-%d}"
            if cert and cert.valid_till
            else "no valid certificate",
        ),
        _Check(
            "test receipts submitted",
            accepted > 0,
            f"{accepted} receipt(s) accepted by FDMS"
            if accepted
            else "submit test receipts (`fdms receipt submit`)",
        ),
        _Check(
            "nothing queued",
            queued == 0,
            "every receipt is at FDMS"
            if not queued
            else f"{queued} receipt(s) not accepted yet: run `fdms sync`",
        ),
        _Check(
            "no red validation errors",
            red == 0,
            "none" if not red else f"{red} receipt(s) with Red errors",
        ),
        _Check(
            "fiscal day closed",
            day is not None and day.status == "FiscalDayClosed",
            f"day {day.day_no} is {day.status}" if day else "open, use and close a test day first",
        ),
    ]


@use_case("fdms.read", write=False)
def pre_golive_check(work: Work, device_id: int | None = None) -> GoLiveReport:
    """`fdms pre-golive-check`: the seed's checks (day closed, test receipts, audit passes)."""
    chosen = device_id if device_id is not None else load_fdms_settings(work.ctx).device_id
    device = find_device(work.session, work.tenant_id, chosen)
    checks = _golive_checks(work, device)
    report = audit_work(work, device.device_id)
    checks.append(
        _Check(
            "integrity audit passes",
            report.ok,
            f"{report.receipts} receipt(s), {report.days} day(s) verified"
            if report.ok
            else str(report.first),
        )
    )
    shown = tuple(GoLiveCheck(c.name, "PASS" if c.ok else "FAIL", c.detail) for c in checks)
    return GoLiveReport(shown, report)
