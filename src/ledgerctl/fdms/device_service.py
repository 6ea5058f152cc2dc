"""Use cases of the device: configuration (GetConfig, cached), the dashboard, certificate
expiry, ping. Registration and renewal are in ``registration``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.registration import apply_config
from ledgerctl.fdms.session import DeviceSession, open_session
from ledgerctl.fdms.settings import FdmsSettings, load_fdms_settings
from ledgerctl.fdms.store import (
    active_certificate,
    current_day,
    find_device,
)
from ledgerctl.fdms.tables import (
    FdmsCertificate,
    FdmsDevice,
    FdmsReceipt,
)
from ledgerctl.work import Work, unit_of_work

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


def config(
    ctx: AppContext, device_id: int | None = None, *, refresh: bool = False
) -> tuple[dict[str, Any], list[str]]:
    """`fdms config`: the cached GetConfig, fetched when asked, missing or older than a day."""
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


# --- dashboard and expiry ----------------------------------------------------------------------


def device_status(ctx: AppContext, device_id: int | None = None) -> list[dict[str, Any]]:
    """`fdms device status`: the seed's dashboard, from the local store (no network)."""
    settings = load_fdms_settings(ctx)
    with unit_of_work(ctx, "fdms.read", write=False) as work:
        device = find_device(
            work.session, work.tenant_id, device_id if device_id is not None else settings.device_id
        )
        cert = active_certificate(work.session, device)
        day = current_day(work.session, device)
        queued = _count(work, device, "queued")
        last = work.session.exec(
            select(FdmsReceipt)
            .where(FdmsReceipt.tenant_id == work.tenant_id, FdmsReceipt.device_pk == device.id)
            .order_by(col(FdmsReceipt.global_no).desc())
            .limit(1)
        ).first()
        rows = _dashboard(device, cert, day, queued, last, settings)
    return rows


def _count(work: Work, device: FdmsDevice, status: str) -> int:
    from sqlalchemy import func

    return int(
        work.session.exec(
            select(func.count())
            .select_from(FdmsReceipt)
            .where(
                FdmsReceipt.tenant_id == work.tenant_id,
                FdmsReceipt.device_pk == device.id,
                FdmsReceipt.status == status,
            )
        ).one()
    )


def _dashboard(
    device: FdmsDevice,
    cert: FdmsCertificate | None,
    day: Any,
    queued: int,
    last: FdmsReceipt | None,
    settings: FdmsSettings,
) -> list[dict[str, Any]]:
    days_left = (cert.valid_till - datetime.now(UTC)).days if cert and cert.valid_till else None
    pairs: list[tuple[str, Any]] = [
        ("device_id", device.device_id),
        ("serial_no", device.serial_no),
        ("registered", "Registered" if cert else "Not registered (no certificate)"),
        ("taxpayer", device.taxpayer_name),
        ("tin", device.taxpayer_tin),
        ("vat_number", device.vat_number or "(not VAT-registered)"),
        ("branch", device.branch_name),
        ("operating_mode", device.operating_mode),
        ("fdms_url", device.base_url),
        ("production", "yes" if settings.is_production else "no (test service)"),
        ("certificate_valid_till", cert.valid_till if cert else None),
        ("certificate_days_left", days_left),
        (
            "key",
            f"{cert.key_type}, {'encrypted' if cert.key_encrypted else 'NOT encrypted'}"
            if cert
            else None,
        ),
        ("fiscal_day_no", day.day_no if day else None),
        ("fiscal_day_status", day.status if day else "FiscalDayClosed (no day yet)"),
        ("fiscal_day_opened", day.opened_local if day else None),
        ("last_receipt_counter", day.last_counter if day else None),
        ("last_receipt_global_no", device.last_global_no),
        ("last_receipt_status", last.status if last else None),
        ("queue_length", queued),
        ("config_fetched_at", device.config_fetched_at),
    ]
    return [{"field": k, "value": v} for k, v in pairs]


@dataclass(frozen=True)
class Expiry:
    device_id: int
    valid_till: datetime | None
    days_left: int | None
    due: bool
    expired: bool


def certificate_expiry(ctx: AppContext, days: int, device_id: int | None = None) -> list[Expiry]:
    """Every device's certificate against the renewal window (local, no network)."""
    if days < 0:
        raise UsageError("--days must be 0 or more")
    settings = load_fdms_settings(ctx)
    chosen = device_id if device_id is not None else settings.device_id
    found = []
    with unit_of_work(ctx, "fdms.read", write=False) as work:
        query = select(FdmsDevice).where(FdmsDevice.tenant_id == work.tenant_id)
        if chosen is not None:
            query = query.where(FdmsDevice.device_id == chosen)
        devices = work.session.exec(query.order_by(col(FdmsDevice.device_id))).all()
        if not devices:
            raise NotFound("no fiscal device is registered; run `ledgerctl fdms device register`")
        now = datetime.now(UTC)
        for device in devices:
            cert = active_certificate(work.session, device)
            till = cert.valid_till if cert else None
            left = (till - now).days if till else None
            found.append(
                Expiry(
                    device.device_id,
                    till,
                    left,
                    till is None or till - now <= timedelta(days=days),
                    till is None or till <= now,
                )
            )
    return found


def ping(ctx: AppContext, device_id: int | None = None) -> dict[str, Any]:
    with open_session(ctx, "fdms.read", device_id) as dev:
        dev.require_valid_certificate()
        return dev.client.ping()
