"""Tables of the `fdms` group: devices, their certificates, FDMS's signing certificates,
fiscal days, receipts, offline files and the log of every exchange with FDMS.

Receipts are immutable once stored: ``payload`` is the exact receipt JSON sent (with the
device signature) and the summary columns repeat what it says, so `fdms audit` can re-hash
the payload and compare. Natural unique keys make "one receipt per device counter" hold:
(device, receiptGlobalNo), (device, day, receiptCounter), (tenant, invoiceNo), (tenant, source).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field

from ledgerctl.db.base import TenantRow, tenant_index
from ledgerctl.db.types import JSONText, Money, UTCDateTime


def _text(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(Text(), nullable=nullable))


class FdmsDevice(TenantRow, table=True):
    """A fiscal device registered with FDMS, its taxpayer and its cached configuration."""

    __tablename__ = "fdms_devices"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "device_id"),
    )
    device_id: int = Field(sa_column=Column(BigInteger(), nullable=False))
    serial_no: str = Field(max_length=100)
    model_name: str = Field(max_length=100)
    model_version: str = Field(max_length=50)
    base_url: str = Field(max_length=300)
    taxpayer_name: str = Field(default="", max_length=250)
    taxpayer_tin: str = Field(default="", max_length=20)
    vat_number: str | None = Field(default=None, max_length=20)
    branch_name: str = Field(default="", max_length=250)
    branch_address: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    operating_mode: str = Field(default="Online", max_length=10)
    config: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    config_fetched_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    last_fiscal_day_no: int = 0
    last_global_no: int = 0
    registered_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    registered_by: str = Field(default="", max_length=64)


class FdmsCertificate(TenantRow, table=True):
    """A device key pair and the certificate FDMS issued for it (pending until issued)."""

    __tablename__ = "fdms_certificates"
    __table_args__ = (tenant_index(),)
    device_pk: int = Field(foreign_key="fdms_devices.id", index=True)
    status: str = Field(max_length=10)  # pending | active | replaced
    key_type: str = Field(max_length=10)
    private_key: str = Field(sa_column=Column(Text(), nullable=False))
    key_encrypted: bool = False
    csr_pem: str = Field(sa_column=Column(Text(), nullable=False))
    certificate_pem: str | None = _text()
    thumbprint: str | None = Field(default=None, max_length=40)
    valid_from: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    valid_till: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class FdmsServerCertificate(TenantRow, table=True):
    """FDMS's own signing certificate (GetServerCertificate), by SHA-1 thumbprint."""

    __tablename__ = "fdms_server_certificates"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "thumbprint"),
    )
    thumbprint: str = Field(max_length=40)
    certificate_pem: str = Field(sa_column=Column(Text(), nullable=False))
    chain: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    valid_till: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    fetched_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class FdmsDay(TenantRow, table=True):
    """A fiscal day of a device, with its counters and signatures once closed."""

    __tablename__ = "fdms_days"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "device_pk", "day_no"),
    )
    device_pk: int = Field(foreign_key="fdms_devices.id")
    day_no: int
    status: str = Field(max_length=30)
    mode: str = Field(default="Online", max_length=10)
    opened_local: str = Field(max_length=19)
    opened_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    last_counter: int = 0
    last_hash: str | None = Field(default=None, max_length=64)
    last_receipt_date: str | None = Field(default=None, max_length=19)
    counters: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    device_hash: str | None = Field(default=None, max_length=64)
    device_signature: str | None = _text()
    close_requested_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    close_operation_id: str | None = Field(default=None, max_length=60)
    closing_error_code: str | None = Field(default=None, max_length=60)
    server_signature: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    closed_local: str | None = Field(default=None, max_length=19)
    reconciliation_mode: str | None = Field(default=None, max_length=10)
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class FdmsReceipt(TenantRow, table=True):
    """A fiscal receipt: stored (queued) before it is sent, then FDMS's answer."""

    __tablename__ = "fdms_receipts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "device_pk", "global_no"),
        UniqueConstraint("tenant_id", "device_pk", "fiscal_day_no", "receipt_counter"),
        UniqueConstraint("tenant_id", "invoice_no"),
        UniqueConstraint("tenant_id", "source"),
        Index("ix_fdms_receipts_queue", "tenant_id", "device_pk", "status", "global_no"),
    )
    device_pk: int = Field(foreign_key="fdms_devices.id")
    day_pk: int = Field(foreign_key="fdms_days.id", index=True)
    certificate_pk: int = Field(foreign_key="fdms_certificates.id")
    fiscal_day_no: int
    receipt_counter: int
    global_no: int
    receipt_type: str = Field(max_length=16)
    currency: str = Field(max_length=3)
    invoice_no: str = Field(max_length=50)
    receipt_date: str = Field(max_length=19)
    total: Decimal = Field(sa_column=Column(Money(), nullable=False))
    original_global_no: int | None = None
    payload: str = Field(sa_column=Column(Text(), nullable=False))
    content_hash: str = Field(max_length=64)  # SHA-256 (hex) of payload, also in the audit log
    previous_hash: str | None = Field(default=None, max_length=64)
    device_hash: str = Field(max_length=64)
    device_signature: str = Field(sa_column=Column(Text(), nullable=False))
    status: str = Field(default="queued", max_length=10)  # queued | filed | accepted
    attempts: int = 0
    last_error: str | None = _text()
    last_error_code: str | None = Field(default=None, max_length=30)
    last_attempt_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    receipt_id: int | None = Field(default=None, sa_column=Column(BigInteger(), nullable=True))
    server_date: str | None = Field(default=None, max_length=19)
    server_hash: str | None = Field(default=None, max_length=64)
    server_signature: str | None = _text()
    server_thumbprint: str | None = Field(default=None, max_length=40)
    validation_errors: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    validation_color: str | None = Field(default=None, max_length=10)
    file_pk: int | None = Field(default=None, foreign_key="fdms_files.id")
    source: str | None = Field(default=None, max_length=100)
    issued_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    issued_by: str = Field(default="", max_length=64)
    accepted_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class FdmsFile(TenantRow, table=True):
    """An offline-mode file (SubmitFile): one fiscal day's receipts, part ``file_sequence``."""

    __tablename__ = "fdms_files"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "device_pk", "fiscal_day_no", "file_sequence"),
    )
    device_pk: int = Field(foreign_key="fdms_devices.id")
    day_pk: int = Field(foreign_key="fdms_days.id")
    fiscal_day_no: int
    file_sequence: int
    path: str = Field(max_length=500)
    sha256: str = Field(max_length=64)
    size: int
    receipts: int
    first_global_no: int | None = None
    last_global_no: int | None = None
    has_footer: bool = False
    status: str = Field(max_length=12)  # written | submitted | accepted | rejected
    operation_id: str | None = Field(default=None, max_length=60)
    error_code: str | None = Field(default=None, max_length=20)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    submitted_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class FdmsExchange(TenantRow, table=True):
    """One request to FDMS and its answer or failure, secrets removed (`fdms logs`)."""

    __tablename__ = "fdms_exchanges"
    __table_args__ = (Index("ix_fdms_exchanges_tenant_at", "tenant_id", "at"),)
    device_id: int | None = Field(default=None, sa_column=Column(BigInteger(), nullable=True))
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    method: str = Field(max_length=8)
    path: str = Field(max_length=200)
    status: int | None = None
    duration_ms: int = 0
    request: str | None = _text()
    response: str | None = _text()
    error: str | None = _text()
    error_code: str | None = Field(default=None, max_length=30)
    operation_id: str | None = Field(default=None, max_length=60)
    actor: str = Field(default="", max_length=64)
