"""Ledger tables: accounts, fiscal periods, journal entries, postings, period balance totals.

Postings carry the entry's date (entries are immutable, so it never drifts) so that balance
queries read one table. ``period_totals`` keeps per account/currency/month debit and credit
totals, maintained in the posting transaction, so a trial balance reads months from it and
only the last partial month from ``postings``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field

from ledgerctl.db.base import TenantRow, tenant_index
from ledgerctl.db.types import Money, UTCDateTime


class Account(TenantRow, table=True):
    """An account of the chart: code, name, type and normal side (debit or credit)."""

    __tablename__ = "accounts"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "code"),
    )
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    type: str = Field(max_length=16)
    normal_side: str = Field(max_length=6)  # debit | credit
    parent_code: str | None = Field(default=None, max_length=32)
    status: str = Field(default="active", max_length=16)


class FiscalPeriod(TenantRow, table=True):
    """A monthly period (``2025-09``), open or closed."""

    __tablename__ = "fiscal_periods"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "code"),
    )
    code: str = Field(max_length=7)
    start_date: date
    end_date: date
    status: str = Field(default="open", max_length=8)
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    closed_by: str | None = Field(default=None, max_length=64)


class JournalEntry(TenantRow, table=True):
    """A balanced journal entry; immutable once posted (corrections are reversals)."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "reverses_id"),  # an entry is reversed at most once
    )
    number: str = Field(max_length=32)
    entry_date: date
    period_code: str = Field(max_length=7)
    description: str = Field(default="", max_length=500)
    reference: str = Field(default="", max_length=128)
    source: str = Field(default="manual", max_length=32)
    reverses_id: int | None = Field(default=None, foreign_key="journal_entries.id")
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    created_by: str = Field(max_length=64)
    content_hash: str = Field(max_length=64)


class Posting(TenantRow, table=True):
    """One line of an entry: signed amount (debit positive, credit negative) in a currency."""

    __tablename__ = "postings"
    __table_args__ = (
        Index("ix_postings_tenant_date_account", "tenant_id", "entry_date", "account_id"),
    )
    entry_id: int = Field(foreign_key="journal_entries.id", index=True)
    account_id: int = Field(foreign_key="accounts.id", index=True)
    line_no: int
    entry_date: date
    currency: str = Field(max_length=3)
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    memo: str = Field(default="", max_length=500)


class PeriodTotal(TenantRow, table=True):
    """Debit and credit totals of an account in one currency and month (a balance cache)."""

    __tablename__ = "period_totals"
    __table_args__ = (UniqueConstraint("tenant_id", "account_id", "currency", "period_code"),)
    account_id: int = Field(foreign_key="accounts.id")
    currency: str = Field(max_length=3)
    period_code: str = Field(max_length=7)
    debit: Decimal = Field(default=Decimal(0), sa_column=Column(Money(), nullable=False))
    credit: Decimal = Field(default=Decimal(0), sa_column=Column(Money(), nullable=False))
