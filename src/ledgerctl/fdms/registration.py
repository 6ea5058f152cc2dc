"""Register the device and renew its certificate.

Both store the new private key (encrypted with FDMS_ENCRYPTION_KEY) and the CSR first, as a
``pending`` certificate, then call FDMS, then activate the certificate in a second
transaction; a retry after a network failure reuses the pending key and CSR. FDMS's signing
certificate (GetServerCertificate) and the device configuration (GetConfig) are stored too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from sqlmodel import Session, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, IntegrityProblem, UsageError
from ledgerctl.fdms import keys
from ledgerctl.fdms.client import FdmsClient, FdmsError
from ledgerctl.fdms.session import endpoint_for, load_key, open_session
from ledgerctl.fdms.settings import FdmsSettings, load_fdms_settings, secrets_in_toml
from ledgerctl.fdms.store import (
    active_certificate,
    find_device,
    pending_certificate,
    write_exchanges,
)
from ledgerctl.fdms.tables import (
    FdmsCertificate,
    FdmsDevice,
    FdmsServerCertificate,
)
from ledgerctl.work import Work, unit_of_work

_ACTIVATION = re.compile(r"^[A-Za-z0-9]{8}$")


@dataclass(frozen=True)
class Registration:
    device_id: int
    taxpayer: str
    tin: str
    valid_till: datetime
    key_type: str
    key_encrypted: bool
    warnings: tuple[str, ...] = ()


def _check_inputs(device_id: int | None, activation_key: str, serial_no: str) -> int:
    if device_id is None or device_id <= 0:
        raise UsageError(
            "--device-id: give the device ID ZIMRA assigned (a positive number), "
            "or set FDMS_DEVICE_ID"
        )
    if not _ACTIVATION.match(activation_key or ""):
        raise UsageError(
            "--activation-key: must be the 8-character activation key from ZIMRA "
            "(letters and digits; or set FDMS_ACTIVATION_KEY)"
        )
    if not (serial_no or "").strip():
        raise UsageError(
            "--serial-no: give the device serial number (or set FDMS_DEVICE_SERIAL_NO)"
        )
    return device_id


def _prepare(
    ctx: AppContext,
    settings: FdmsSettings,
    device_id: int,
    serial_no: str,
    key_type: str,
    force: bool,
) -> tuple[str, int]:
    """Transaction 1: the device row and a pending key + CSR (reused on retry)."""
    with unit_of_work(ctx, "fdms.device") as work:
        device = work.session.exec(
            select(FdmsDevice)
            .where(FdmsDevice.tenant_id == work.tenant_id, FdmsDevice.device_id == device_id)
            .with_for_update()
        ).first()
        if device is not None and active_certificate(work.session, device) and not force:
            raise Conflict(
                f"device {device_id} is already registered; use `fdms certificate "
                "renew` before expiry, or pass --force to register it again"
            )
        if device is None:
            device = FdmsDevice(
                tenant_id=work.tenant_id,
                device_id=device_id,
                serial_no=serial_no,
                model_name=settings.model_name,
                model_version=settings.model_version,
                base_url=settings.base_url,
                registered_at=utcnow(),
                registered_by=work.actor.name,
            )
        device.serial_no, device.base_url = serial_no, settings.base_url
        device.model_name, device.model_version = settings.model_name, settings.model_version
        work.session.add(device)
        work.session.flush()
        pending = pending_certificate(work.session, device)
        if (
            pending is None
            or pending.key_type != key_type
            or keys.common_name(_csr(pending.csr_pem)) != _cn(serial_no, device_id)
        ):
            pending = _new_pending(work, settings, device, key_type, serial_no)
        return pending.csr_pem, int(pending.id or 0)


def _csr(pem: str) -> x509.CertificateSigningRequest:
    return x509.load_pem_x509_csr(pem.encode("ascii"))


def _cn(serial_no: str, device_id: int) -> str:
    from ledgerctl.fdms.domain.protocol import csr_common_name

    return csr_common_name(serial_no, device_id)


def _new_pending(
    work: Work, settings: FdmsSettings, device: FdmsDevice, key_type: str, serial_no: str
) -> FdmsCertificate:
    key = keys.generate_key(key_type)
    stored, encrypted = keys.protect(
        keys.private_pem(key), settings.encryption_key or None, production=settings.is_production
    )
    assert device.id is not None
    pending = FdmsCertificate(
        tenant_id=work.tenant_id,
        device_pk=device.id,
        status="pending",
        key_type=key_type,
        private_key=stored,
        key_encrypted=encrypted,
        csr_pem=keys.build_csr(key, serial_no, device.device_id),
        created_at=utcnow(),
    )
    work.session.add(pending)
    work.session.flush()
    return pending


def _check_issued(cert_pem: str, csr_pem: str) -> x509.Certificate:
    cert = keys.load_certificate(cert_pem)
    csr = _csr(csr_pem)
    if cert.public_key() != csr.public_key() or keys.common_name(cert) != keys.common_name(csr):
        raise IntegrityProblem(
            "FDMS returned a certificate that does not match the device key "
            "or name; nothing was stored — contact ZIMRA support"
        )
    now = datetime.now(UTC)
    if not keys.valid_from(cert) <= now < keys.valid_till(cert):
        raise IntegrityProblem(
            f"FDMS returned a certificate that is not valid now (valid "
            f"{keys.valid_from(cert):%Y-%m-%d} to "
            f"{keys.valid_till(cert):%Y-%m-%d}); check this computer's clock"
        )
    return cert


def _activate(work: Work, device: FdmsDevice, pending_id: int, cert_pem: str) -> FdmsCertificate:
    pending = work.session.get(FdmsCertificate, pending_id)
    assert pending is not None and pending.tenant_id == work.tenant_id
    cert = _check_issued(cert_pem, pending.csr_pem)
    for old in work.session.exec(
        select(FdmsCertificate).where(
            FdmsCertificate.device_pk == device.id, FdmsCertificate.status == "active"
        )
    ).all():
        old.status = "replaced"
        work.session.add(old)
    pending.status, pending.certificate_pem = "active", cert_pem
    pending.thumbprint = keys.thumbprint(cert)
    pending.valid_from, pending.valid_till = keys.valid_from(cert), keys.valid_till(cert)
    work.session.add(pending)
    return pending


def store_server_certificate(session: Session, tenant_id: int, answer: dict[str, Any]) -> str:
    """Keep FDMS's signing certificate (first of the chain); returns its thumbprint."""
    chain = list(answer.get("certificate") or [])
    if not chain:
        raise IntegrityProblem("FDMS returned no server certificate")
    cert = keys.load_certificate(chain[0])
    thumb = keys.thumbprint(cert)
    row = session.exec(
        select(FdmsServerCertificate).where(
            FdmsServerCertificate.tenant_id == tenant_id, FdmsServerCertificate.thumbprint == thumb
        )
    ).first()
    if row is None:
        session.add(
            FdmsServerCertificate(
                tenant_id=tenant_id,
                thumbprint=thumb,
                certificate_pem=chain[0],
                chain=chain,
                valid_till=keys.valid_till(cert),
                fetched_at=utcnow(),
            )
        )
    return thumb


def apply_config(device: FdmsDevice, config: dict[str, Any]) -> None:
    """Cache GetConfig on the device row (taxpayer, mode, taxes)."""
    device.config = {k: v for k, v in config.items() if k != "operationID"}
    device.config_fetched_at = utcnow()
    device.taxpayer_name = str(config.get("taxPayerName") or device.taxpayer_name)
    device.taxpayer_tin = str(config.get("taxPayerTIN") or device.taxpayer_tin)
    device.vat_number = config.get("vatNumber") or None
    device.branch_name = str(config.get("deviceBranchName") or device.branch_name)
    device.branch_address = config.get("deviceBranchAddress")
    device.operating_mode = str(config.get("deviceOperatingMode") or "Online")


def _register_remote(
    settings: FdmsSettings,
    device_id: int,
    serial_no: str,
    activation_key: str,
    csr_pem: str,
    pending_id: int,
    ctx: AppContext,
) -> dict[str, Any]:
    exchanges: list[Any] = []
    endpoint = endpoint_for(settings, device_id)
    try:
        with FdmsClient(endpoint, on_exchange=exchanges.append) as public:
            taxpayer = public.verify_taxpayer(activation_key, serial_no)
            cert_pem = str(public.register_device(csr_pem, activation_key)["certificate"])
            server = public.get_server_certificate()
        with unit_of_work(ctx, "fdms.device", write=False) as work:
            pending = work.session.get(FdmsCertificate, pending_id)
            assert pending is not None
            key = load_key(settings, pending)
        _check_issued(cert_pem, csr_pem)
        from ledgerctl.fdms.client import device_tls

        tls = device_tls(endpoint.ca_bundle, cert_pem, key)
        with FdmsClient(endpoint, device_tls_context=tls, on_exchange=exchanges.append) as dev:
            config = dev.get_config()
    except FdmsError as exc:
        _log_alone(ctx, device_id, exchanges)
        if exc.code == "DEV02":
            raise FdmsError(
                "FDMS says the activation key is wrong (DEV02); check "
                "--activation-key / FDMS_ACTIVATION_KEY (8 characters from ZIMRA)",
                kind="refused",
                status=exc.status,
                code=exc.code,
            ) from None
        raise
    return {
        "taxpayer": taxpayer,
        "certificate": cert_pem,
        "server": server,
        "config": config,
        "exchanges": exchanges,
    }


def _log_alone(ctx: AppContext, device_id: int, exchanges: list[Any]) -> None:
    with unit_of_work(ctx, None) as work:
        write_exchanges(work.session, work.tenant_id, device_id, work.actor.name, exchanges)


def register(
    ctx: AppContext,
    device_id: int | None,
    activation_key: str | None,
    serial_no: str | None,
    *,
    key_type: str | None = None,
    force: bool = False,
) -> Registration:
    """`fdms device register`: key pair, CSR, RegisterDevice, certificate and config stored."""
    settings = load_fdms_settings(ctx)
    device_id = _check_inputs(
        device_id if device_id is not None else settings.device_id,
        activation_key or settings.activation_key,
        serial_no or settings.serial_no,
    )
    activation_key = (activation_key or settings.activation_key).upper()
    serial_no = (serial_no or settings.serial_no).strip()
    kind = key_type or settings.key_type
    if kind not in keys.KEY_TYPES:
        raise UsageError(f"--key-type: {kind!r} is not one of {', '.join(keys.KEY_TYPES)}")
    csr_pem, pending_id = _prepare(ctx, settings, device_id, serial_no, kind, force)
    remote = _register_remote(
        settings, device_id, serial_no, activation_key, csr_pem, pending_id, ctx
    )
    with unit_of_work(ctx, "fdms.device") as work:
        device = find_device(work.session, work.tenant_id, device_id, lock=True)
        cert = _activate(work, device, pending_id, remote["certificate"])
        store_server_certificate(work.session, work.tenant_id, remote["server"])
        apply_config(device, {**remote["taxpayer"], **remote["config"]})
        work.session.add(device)
        write_exchanges(
            work.session, work.tenant_id, device_id, work.actor.name, remote["exchanges"]
        )
        work.audit(
            "fdms.device.register",
            "fdms_device",
            device_id,
            None,
            {
                "serial_no": serial_no,
                "taxpayer": device.taxpayer_name,
                "certificate": cert.thumbprint,
                "valid_till": cert.valid_till,
                "key_type": kind,
                "key_encrypted": cert.key_encrypted,
            },
        )
        assert cert.valid_till is not None
        warnings = _registration_warnings(ctx, cert)
        return Registration(
            device_id,
            device.taxpayer_name,
            device.taxpayer_tin,
            cert.valid_till,
            kind,
            cert.key_encrypted,
            warnings,
        )


def _registration_warnings(ctx: AppContext, cert: FdmsCertificate) -> tuple[str, ...]:
    notes = []
    if not cert.key_encrypted:
        notes.append(
            "the private key is stored unencrypted (no FDMS_ENCRYPTION_KEY); allowed "
            "for the test service only — set FDMS_ENCRYPTION_KEY before production"
        )
    notes += [
        f"{name} is written in ledgerctl.toml; move it to .env or the environment"
        for name in secrets_in_toml(ctx)
    ]
    return tuple(notes)


# --- renewal -----------------------------------------------------------------------------------


def renew(
    ctx: AppContext, device_id: int | None = None, key_type: str | None = None
) -> Registration:
    """`fdms certificate renew`: new key + CSR, IssueCertificate with the current certificate."""
    with open_session(ctx, "fdms.device", device_id) as dev:
        dev.require_valid_certificate()
        kind = key_type or dev.settings.key_type
        with unit_of_work(ctx, "fdms.device") as work:
            device = find_device(work.session, work.tenant_id, dev.device_id, lock=True)
            pending = pending_certificate(work.session, device)
            if pending is None or pending.key_type != kind:
                pending = _new_pending(work, dev.settings, device, kind, device.serial_no)
            csr_pem, pending_id = pending.csr_pem, int(pending.id or 0)
        answer = dev.client.issue_certificate(csr_pem)
        with unit_of_work(ctx, "fdms.device") as work:
            device = find_device(work.session, work.tenant_id, dev.device_id, lock=True)
            old = active_certificate(work.session, device)
            cert = _activate(work, device, pending_id, str(answer["certificate"]))
            dev.flush(work)
            work.audit(
                "fdms.certificate.renew",
                "fdms_device",
                dev.device_id,
                {"certificate": old.thumbprint if old else None},
                {"certificate": cert.thumbprint, "valid_till": cert.valid_till},
            )
            assert cert.valid_till is not None
            return Registration(
                dev.device_id,
                device.taxpayer_name,
                device.taxpayer_tin,
                cert.valid_till,
                kind,
                cert.key_encrypted,
                _registration_warnings(ctx, cert),
            )
