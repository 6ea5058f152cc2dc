"""Job runs (one row per run of a scheduled or long command) and job locks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field

from ledgerctl.db.base import TenantRow, tenant_index
from ledgerctl.db.types import UTCDateTime


class JobRun(TenantRow, table=True):
    """One run of a job: when, how it ended, how much it processed."""

    __tablename__ = "job_runs"
    __table_args__ = (tenant_index(),)
    name: str = Field(max_length=64, index=True)
    started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    status: str = Field(default="running", max_length=16)  # running | ok | failed
    processed: int = 0
    errors: int = 0
    detail: str = Field(default="", sa_column=Column(Text(), nullable=False, default=""))
    actor: str = Field(default="", max_length=64)
    host: str = Field(default="", max_length=255)
    pid: int = 0


class JobLock(TenantRow, table=True):
    """Who holds a job's lock for a tenant; stale when its process is gone or it expired."""

    __tablename__ = "job_locks"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "name"),
    )
    name: str = Field(max_length=64)
    token: str = Field(max_length=64)
    host: str = Field(max_length=255)
    pid: int
    acquired_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
