"""Pipeline tables: processed files, transactions (one row per fingerprint), review decisions,
problems found while reading files, and the outputs last written (to detect analysts' edits).

``pipeline_transactions`` is unique on (tenant_id, fingerprint): a transaction exported twice
(the same file dropped again, overlapping exports) is stored once. ``pipeline_files`` is unique
on (tenant_id, content_sha256): a file already read is skipped without being parsed.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field

from ledgerctl.db.base import TenantRow, tenant_index
from ledgerctl.db.types import JSONText, Money, UTCDateTime


class PipelineFile(TenantRow, table=True):
    """A bank file that was read and stored whole (its rows commit with it)."""

    __tablename__ = "pipeline_files"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "content_sha256"),
    )
    path: str = Field(max_length=1000)
    content_sha256: str = Field(max_length=64)
    schema_id: str = Field(max_length=100)
    owner: str = Field(default="", max_length=64)
    rows_read: int = 0
    rows_new: int = 0
    rows_duplicate: int = 0
    problems: int = 0
    run_id: int | None = Field(default=None)
    processed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    processed_by: str = Field(default="", max_length=64)


class PipelineTransaction(TenantRow, table=True):
    """One bank transaction, normalised and merchant-cleaned (amount: in > 0, out < 0)."""

    __tablename__ = "pipeline_transactions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "fingerprint"),
        Index("ix_pipeline_transactions_tenant_date", "tenant_id", "txn_date"),
    )
    # no separate tenant_id / file_id indexes: the unique (tenant_id, fingerprint) index
    # serves tenant filters, and every extra index slows the bulk insert of a million rows
    fingerprint: str = Field(max_length=48)
    txn_date: date
    post_date: date | None = None
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    currency: str = Field(max_length=3)
    description: str = Field(sa_column=Column(Text(), nullable=False))
    merchant: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=100)
    bank: str = Field(default="", max_length=100)
    account: str = Field(default="", max_length=100)
    owner: str = Field(default="", max_length=64)
    balance: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    reference: str = Field(default="", max_length=200)
    schema_id: str = Field(default="", max_length=100)
    file_id: int = Field(foreign_key="pipeline_files.id")
    line_no: int = 0
    extras: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))


class PipelineDecision(TenantRow, table=True):
    """An analyst's review of one transaction: category override, shared Y / N / S, split %."""

    __tablename__ = "pipeline_decisions"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "fingerprint"),
    )
    fingerprint: str = Field(max_length=48)
    category: str | None = Field(default=None, max_length=100)
    shared: str = Field(default="N", max_length=1)  # Y | N | S
    split_pct: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    decided_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    decided_by: str = Field(default="", max_length=64)
    source: str = Field(default="", max_length=255)


class PipelineProblem(TenantRow, table=True):
    """A problem found reading a file: no schema, a bad line, or a running-balance gap."""

    __tablename__ = "pipeline_problems"
    __table_args__ = (
        tenant_index(),
        Index("ix_pipeline_problems_tenant_run", "tenant_id", "run_id"),
    )
    run_id: int | None = None
    file_id: int | None = Field(default=None, foreign_key="pipeline_files.id")
    kind: str = Field(max_length=16)  # no_schema | row | balance_gap | file
    file: str = Field(max_length=1000)
    line_no: int = 0
    field: str = Field(default="", max_length=100)
    message: str = Field(sa_column=Column(Text(), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class PipelineOutput(TenantRow, table=True):
    """The last version of an output file ledgerctl wrote (its hash tells if it was edited)."""

    __tablename__ = "pipeline_outputs"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "name"),
    )
    name: str = Field(max_length=100)
    sha256: str = Field(max_length=64)
    rows: int = 0
    written_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
