"""Use cases of the device that ask FDMS: configuration (GetConfig, cached) and ping.

They hold a ``DeviceSession`` (the device certificate, one HTTPS client) and open their own
short transactions around the network calls, so they take the ``AppContext``, not a Work.
Registration and renewal are in ``registration``; the dashboard and certificate expiry
(local only) in ``views``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.registration import apply_config
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.store import (
    find_device,
)
from ledgerctl.fdms.views import Expiry, certificate_expiry
from ledgerctl.work import unit_of_work

CONFIG_MAX_AGE = timedelta(hours=24)


# --- configuration -----------------------------------------------------------------------------


def refresh_config(ctx: AppContext, dev: DeviceSession) -> dict[str, Any]:
    """GetConfig now and cache it (also learns the operating mode)."""
    config = dev.client.get_config()
    with unit_of_work(ctx, "fdms.read") as work:
        device = find_device(work.session, work.tenant_id, dev.device_id, lock=True)
        before = device.operating_mode
        apply_config(device, config)
        work.session.add(device)
        dev.flush(work)
        if before != device.operating_mode:
            work.audit(
                "fdms.device.mode",
                "fdms_device",
                dev.device_id,
                {"mode": before},
                {"mode": device.operating_mode},
            )
        return dict(device.config)


_CONFIG_FIELDS = {
    "taxpayer_name": "taxPayerName",
    "taxpayer_tin": "taxPayerTIN",
    "vat_number": "vatNumber",
    "branch_name": "deviceBranchName",
    "operating_mode": "deviceOperatingMode",
    "day_max_hours": "taxPayerDayMaxHrs",
    "day_end_notification_hours": "taxpayerDayEndNotificationHrs",
    "certificate_valid_till": "certificateValidTill",
    "qr_url": "qrUrl",
}


@dataclass(frozen=True)
class TaxRow:
    """One applicable tax of the configuration, with its validity."""

    tax_id: int | None
    name: str | None
    percent: str
    valid_from: str | None
    valid_till: str | None


@dataclass(frozen=True)
class DeviceConfig:
    """`fdms config`: what GetConfig said (cached), and why a cached copy is shown."""

    taxpayer_name: str | None
    taxpayer_tin: str | None
    vat_number: str | None
    branch_name: str | None
    operating_mode: str | None
    day_max_hours: int | None
    day_end_notification_hours: int | None
    certificate_valid_till: str | None
    qr_url: str | None
    applicable_taxes: tuple[TaxRow, ...]
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: dict[str, Any], notes: list[str]) -> DeviceConfig:
        taxes = tuple(
            TaxRow(
                t.get("taxID"),
                t.get("taxName"),
                "exempt" if t.get("taxPercent") is None else str(t.get("taxPercent")),
                t.get("validFrom"),
                t.get("validTill"),
            )
            for t in data.get("applicableTaxes") or []
        )
        fields = {ours: data.get(theirs) for ours, theirs in _CONFIG_FIELDS.items()}
        return cls(**fields, applicable_taxes=taxes, notes=tuple(notes))


def config(ctx: AppContext, device_id: int | None = None, *, refresh: bool = False) -> DeviceConfig:
    """`fdms config`: the cached GetConfig, fetched when asked, missing or older than a day."""
    data, notes = _config(ctx, device_id, refresh=refresh)
    return DeviceConfig.of(data, notes)


def _config(
    ctx: AppContext, device_id: int | None, *, refresh: bool
) -> tuple[dict[str, Any], list[str]]:
    notes: list[str] = []
    with open_session(ctx, "fdms.read", device_id) as dev:
        with unit_of_work(ctx, "fdms.read", write=False) as work:
            device = find_device(work.session, work.tenant_id, dev.device_id)
            cached, fetched = device.config, device.config_fetched_at
        stale = fetched is None or utcnow() - fetched > CONFIG_MAX_AGE
        if refresh or cached is None or stale:
            try:
                return refresh_config(ctx, dev), notes
            except FdmsError as exc:
                if refresh or cached is None:
                    raise
                notes.append(
                    f"showing the configuration cached {fetched:%Y-%m-%d %H:%M} UTC: {exc.message}"
                )
        return dict(cached), notes


@dataclass(frozen=True)
class Ping:
    """FDMS answered the device: its reporting frequency in minutes."""

    reporting_frequency: int | None


def ping(ctx: AppContext, device_id: int | None = None) -> Ping:
    """`fdms ping`: Ping FDMS with the device certificate."""
    with open_session(ctx, "fdms.read", device_id) as dev:
        dev.require_valid_certificate()
        return Ping(dev.client.ping().get("reportingFrequency"))


def check_certificates(ctx: AppContext, days: int, device_id: int | None = None) -> list[Expiry]:
    """`fdms check-certificate-expiry`: the expiry of every certificate, as a job run (cron)."""
    from ledgerctl.jobs.api import job_run

    with job_run(ctx, "fdms.certificate-check", permission="fdms.read") as run:
        found = certificate_expiry.run(ctx, days, device_id)
        run.processed = len(found)
        run.detail = f"{sum(1 for f in found if f.due)} due for renewal"
    return found
