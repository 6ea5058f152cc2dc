"""``DeviceSession``: one command's handle on a registered device.

Opened once per command (or batch): checks the permission, loads the device, its active
certificate and private key (decrypted with ``FDMS_ENCRYPTION_KEY``), and holds one keep-alive
``FdmsClient`` presenting the certificate. Exchanges with FDMS are collected and written to
the log in the next transaction (``flush``), or at the end (``close``), so a failed call is
logged too. No database transaction is ever open while a request is in flight.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from ledgerctl.audit.api import chain
from ledgerctl.context import AppContext
from ledgerctl.core.errors import Conflict
from ledgerctl.db.session import transaction
from ledgerctl.fdms import keys
from ledgerctl.fdms.client import Endpoint, Exchange, FdmsClient, device_tls
from ledgerctl.fdms.settings import FdmsSettings, load_fdms_settings
from ledgerctl.fdms.store import active_certificate, find_device, write_exchanges
from ledgerctl.fdms.tables import FdmsCertificate, FdmsDevice, FdmsServerCertificate
from ledgerctl.work import Work, unit_of_work


@dataclass
class DeviceSession:
    """See the module docstring."""

    ctx: AppContext
    settings: FdmsSettings
    tenant_id: int
    actor: str
    device_pk: int
    device_id: int
    certificate_pk: int | None
    certificate_pem: str | None
    valid_till: datetime | None
    key: keys.PrivateKey | None
    endpoint: Endpoint
    operating_mode: str = "Online"
    config: dict[str, Any] = field(default_factory=dict)
    server_keys: dict[str, keys.PublicKey] = field(default_factory=dict)
    exchanges: list[Exchange] = field(default_factory=list)
    _client: FdmsClient | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def log(self, exchange: Exchange) -> None:
        """Collect one exchange (thread-safe: a sender thread may be sending)."""
        with self._lock:
            self.exchanges.append(exchange)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """A write transaction of this command (its permission was checked when the session
        opened); the exchanges collected so far are logged in it."""
        with transaction(self.ctx.engine) as session:
            yield session
            self.flush(session)

    def audit(
        self,
        session: Session,
        action: str,
        entity_type: str,
        entity_id: object,
        before: Any = None,
        after: Any = None,
    ) -> None:
        chain.append(
            session, self.tenant_id, self.actor, action, entity_type, entity_id, before, after
        )

    @property
    def offline(self) -> bool:
        return self.operating_mode == "Offline"

    @property
    def client(self) -> FdmsClient:
        """The keep-alive client with the device certificate (made on first use)."""
        if self._client is None:
            tls = None
            if self.certificate_pem and self.key is not None:
                tls = device_tls(self.endpoint.ca_bundle, self.certificate_pem, self.key)
            self._client = FdmsClient(self.endpoint, device_tls_context=tls, on_exchange=self.log)
        return self._client

    def require_key(self) -> keys.PrivateKey:
        if self.key is None or self.certificate_pk is None:
            raise Conflict(
                f"device {self.device_id} has no certificate yet; finish registration "
                "with `ledgerctl fdms device register`"
            )
        return self.key

    def require_valid_certificate(self) -> None:
        """Conflict (exit 4) when the certificate has expired: FDMS would answer 401."""
        self.require_key()
        if self.valid_till is not None and datetime.now(UTC) >= self.valid_till:
            raise Conflict(
                f"device {self.device_id}'s certificate expired on {self.valid_till:%Y-%m-%d}; "
                "FDMS refuses every call with an expired certificate — register the device "
                "again (`ledgerctl fdms device register ...`); renew before expiry next time"
            )

    def flush(self, work_or_session: Work | Session) -> None:
        """Write the collected exchanges in the caller's transaction."""
        session = work_or_session.session if isinstance(work_or_session, Work) else work_or_session
        with self._lock:
            taken, self.exchanges = self.exchanges, []
        write_exchanges(
            session,
            self.tenant_id,
            self.device_id,
            self.actor,
            taken,
        )

    def flush_alone(self) -> None:
        """Write collected exchanges in a transaction of their own (after a failure)."""
        if self.exchanges:
            with transaction(self.ctx.engine) as session:
                self.flush(session)

    def close(self) -> None:
        try:
            self.flush_alone()
        finally:
            if self._client is not None:
                self._client.close()
                self._client = None

    def __enter__(self) -> DeviceSession:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def endpoint_for(settings: FdmsSettings, device_id: int, base_url: str | None = None) -> Endpoint:
    return Endpoint(
        base_url or settings.base_url,
        device_id,
        settings.model_name,
        settings.model_version,
        settings.timeout,
        settings.ca_bundle or None,
    )


def load_key(settings: FdmsSettings, cert: FdmsCertificate) -> keys.PrivateKey:
    pem = keys.unprotect(cert.private_key, cert.key_encrypted, settings.encryption_key or None)
    return keys.load_private_pem(pem)


def _session_from(
    ctx: AppContext, settings: FdmsSettings, work: Work, device: FdmsDevice, need_key: bool
) -> DeviceSession:
    cert = active_certificate(work.session, device)
    key = load_key(settings, cert) if cert is not None and need_key else None
    assert device.id is not None
    servers = work.session.exec(
        select(FdmsServerCertificate).where(FdmsServerCertificate.tenant_id == work.tenant_id)
    ).all()
    return DeviceSession(
        ctx=ctx,
        settings=settings,
        tenant_id=work.tenant_id,
        actor=work.actor.name,
        device_pk=device.id,
        device_id=device.device_id,
        certificate_pk=cert.id if cert else None,
        certificate_pem=cert.certificate_pem if cert else None,
        valid_till=cert.valid_till if cert else None,
        key=key,
        endpoint=endpoint_for(settings, device.device_id),
        operating_mode=device.operating_mode,
        config=dict(device.config or {}),
        server_keys={
            s.thumbprint: keys.public_key(keys.load_certificate(s.certificate_pem)) for s in servers
        },
    )


def open_session(
    ctx: AppContext, permission: str, device_id: int | None = None, *, need_key: bool = True
) -> DeviceSession:
    """Check ``permission`` and load the device (``device_id``, FDMS_DEVICE_ID or the only one)."""
    settings = load_fdms_settings(ctx)
    with unit_of_work(ctx, permission, write=False) as work:
        device = find_device(
            work.session, work.tenant_id, device_id if device_id is not None else settings.device_id
        )
        return _session_from(ctx, settings, work, device, need_key)
