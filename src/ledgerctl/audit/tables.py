"""Audit rows, chained per tenant, and the head (last seq + hash) of each tenant's chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledgerctl.db.base import TenantRow, tenant_index
from ledgerctl.db.types import JSONText, UTCDateTime


class AuditEntry(TenantRow, table=True):
    """One audited change: who did what to which entity, before and after, chained by hash."""

    __tablename__ = "audit_log"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "seq"),
    )
    seq: int
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64, index=True)
    entity_type: str = Field(max_length=64)
    entity_id: str = Field(max_length=128)
    before: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    after: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """The last row of a tenant's chain; locked while appending so rows chain in order."""

    __tablename__ = "audit_heads"
    tenant_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tenants.id"), primary_key=True, autoincrement=False)
    )
    seq: int = 0
    hash: str = Field(default="0" * 64, max_length=64)
