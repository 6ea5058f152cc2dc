"""Billing tables: clients, retainers, charges, statements and their lines, payments,
allocations and billing period locks.

Natural keys that make the retainer cycle idempotent and documents unique:

- one live (not void) statement per client and period: a partial unique index
  ``(tenant_id, client_id, period) WHERE status <> 'void'`` (a voided statement frees the
  slot for its reissue);
- statement numbers unique per tenant; a client's manual receipt/invoice numbers unique per
  client.

``billing_statements.paid`` and ``billing_payments.allocated`` are the sums of their active
allocations, kept in the same transaction under row locks (``audit check`` re-adds them).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Index, UniqueConstraint, text
from sqlmodel import Field

from ledgerctl.core.clock import utcnow
from ledgerctl.db.base import TenantRow, tenant_index
from ledgerctl.db.types import JSONText, Money, UTCDateTime


def _money(default: Decimal | None = None) -> Any:
    if default is None:
        return Field(sa_column=Column(Money(), nullable=False))
    return Field(default=default, sa_column=Column(Money(), nullable=False, default=default))


def _when(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class BillingClient(TenantRow, table=True):
    """A customer (row of the shared ``parties`` table) that is billed: contact, currency, terms."""

    __tablename__ = "billing_clients"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "party_id"),
    )
    party_id: int = Field(foreign_key="parties.id")
    contact_name: str = Field(default="", max_length=200)
    contact_email: str = Field(default="", max_length=200)
    currency: str = Field(max_length=3)
    terms_days: int | None = None
    status: str = Field(default="active", max_length=16)  # active | inactive
    created_at: datetime = _when()
    created_by: str = Field(max_length=64)


class Retainer(TenantRow, table=True):
    """A monthly amount billed from ``start_date`` to ``end_date`` (open-ended when None)."""

    __tablename__ = "billing_retainers"
    __table_args__ = (tenant_index(),)
    client_id: int = Field(foreign_key="billing_clients.id", index=True)
    amount: Decimal = _money()
    start_date: date
    end_date: date | None = None
    description: str = Field(default="", max_length=200)
    status: str = Field(default="active", max_length=16)  # active | superseded
    created_at: datetime = _when()
    created_by: str = Field(max_length=64)


class Charge(TenantRow, table=True):
    """A one-off fee or disbursement; ``statement_id`` is the statement that bills it."""

    __tablename__ = "billing_charges"
    __table_args__ = (
        Index("ix_billing_charges_unbilled", "tenant_id", "statement_id", "charge_date"),
    )
    client_id: int = Field(foreign_key="billing_clients.id", index=True)
    charge_date: date
    kind: str = Field(max_length=16)  # fee | disbursement
    description: str = Field(max_length=200)
    amount: Decimal = _money()
    statement_id: int | None = Field(default=None, foreign_key="billing_statements.id")
    created_at: datetime = _when()
    created_by: str = Field(max_length=64)


class Statement(TenantRow, table=True):
    """A statement of account: draft (editable), issued (frozen snapshot), settled, void."""

    __tablename__ = "billing_statements"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index(
            "uq_billing_statements_live_period",
            "tenant_id",
            "client_id",
            "period",
            unique=True,
            sqlite_where=text("status <> 'void'"),
            postgresql_where=text("status <> 'void'"),
        ),
        Index("ix_billing_statements_tenant_period_status", "tenant_id", "period", "status"),
    )
    client_id: int = Field(foreign_key="billing_clients.id", index=True)
    period: str = Field(max_length=7)
    status: str = Field(default="draft", max_length=16)  # draft | issued | settled | void
    statement_date: date
    due_date: date
    currency: str = Field(max_length=3)
    total: Decimal = _money(Decimal("0.00"))
    paid: Decimal = _money(Decimal("0.00"))
    note: str = Field(default="", max_length=500)
    number: str | None = Field(default=None, max_length=32)
    reissue_of_id: int | None = Field(default=None, foreign_key="billing_statements.id")
    created_at: datetime = _when()
    created_by: str = Field(max_length=64)
    issued_on: date | None = None
    issued_at: datetime | None = _when(nullable=True)
    issued_by: str | None = Field(default=None, max_length=64)
    snapshot: Any = Field(default=None, sa_column=Column(JSONText(), nullable=True))
    content_hash: str | None = Field(default=None, max_length=64)
    journal_entry: str | None = Field(default=None, max_length=32)
    pdf_path: str | None = Field(default=None, max_length=500)
    void_on: date | None = None
    void_at: datetime | None = _when(nullable=True)
    void_by: str | None = Field(default=None, max_length=64)
    void_reason: str | None = Field(default=None, max_length=500)
    void_entry: str | None = Field(default=None, max_length=32)


class StatementLine(TenantRow, table=True):
    """One charge line of a statement (retainer, fee, disbursement or adjustment)."""

    __tablename__ = "billing_statement_lines"
    __table_args__ = (UniqueConstraint("statement_id", "line_no"),)
    statement_id: int = Field(foreign_key="billing_statements.id")
    line_no: int
    kind: str = Field(max_length=16)  # retainer | fee | disbursement | adjustment
    service_date: date
    description: str = Field(max_length=300)
    amount: Decimal = _money()
    retainer_id: int | None = Field(default=None, foreign_key="billing_retainers.id")
    charge_id: int | None = Field(default=None, foreign_key="billing_charges.id")


class Payment(TenantRow, table=True):
    """Money received from a client, posted Dr cash/bank / Cr receivable."""

    __tablename__ = "billing_payments"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "client_id", "invoice_no"),
    )
    client_id: int = Field(foreign_key="billing_clients.id", index=True)
    payment_date: date
    amount: Decimal = _money()
    currency: str = Field(max_length=3)
    method: str = Field(max_length=32)
    invoice_no: str = Field(max_length=64)
    reference: str = Field(default="", max_length=200)
    allocated: Decimal = _money(Decimal("0.00"))
    journal_entry: str = Field(max_length=32)
    recorded_by: str = Field(max_length=64)
    recorded_at: datetime = _when()
    verified_by: str | None = Field(default=None, max_length=64)
    verified_at: datetime | None = _when(nullable=True)


class Allocation(TenantRow, table=True):
    """Part of a payment applied to an issued statement; released when the statement is voided.

    ``effective_on`` = max(allocation date, statement date): the day the allocation counts in
    balances and ageing as of a date.
    """

    __tablename__ = "billing_allocations"
    __table_args__ = (tenant_index(),)
    payment_id: int = Field(foreign_key="billing_payments.id", index=True)
    statement_id: int = Field(foreign_key="billing_statements.id", index=True)
    amount: Decimal = _money()
    allocated_on: date
    effective_on: date
    status: str = Field(default="active", max_length=16)  # active | released
    created_by: str = Field(max_length=64)
    created_at: datetime = _when()
    released_at: datetime | None = _when(nullable=True)
    released_reason: str | None = Field(default=None, max_length=500)


class BillingPeriod(TenantRow, table=True):
    """A closed (or reopened) billing month; months without a row are open."""

    __tablename__ = "billing_periods"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)
    code: str = Field(max_length=7)
    status: str = Field(default="open", max_length=8)  # open | closed
    closed_at: datetime | None = _when(nullable=True)
    closed_by: str | None = Field(default=None, max_length=64)
