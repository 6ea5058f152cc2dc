"""Tables of the layby group: settings, customer enablement, rule versions, lay-bys with their
items, instalments, payments, fees and notifications, and the archive.

Every table carries ``tenant_id`` and every query filters by it. Money is ``Money()``
(integer minor units); quantities ``Money(3)``; unit prices ``Money(4)``. Unique keys make
the daily automation idempotent in the data itself: one late fee per instalment
(``layby_fees``: instalment_id + kind), one notification per (lay-by, instalment, kind, day).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field

from ledgerctl.core.clock import utcnow
from ledgerctl.db.base import TenantRow
from ledgerctl.db.types import JSONText, Money, UTCDateTime

RLS = {"info": {"tenant_rls": True}}

ACTIVE, ON_HOLD, COMPLETED, CANCELLED, DEFAULTED = (
    "ACTIVE",
    "ON_HOLD",
    "COMPLETED",
    "CANCELLED",
    "DEFAULTED",
)
STATUSES = (ACTIVE, ON_HOLD, COMPLETED, CANCELLED, DEFAULTED)
OPEN_STATUSES = (ACTIVE, ON_HOLD)


def _money(scale: int = 2) -> Any:
    return Field(default=Decimal(0), sa_column=Column(Money(scale), nullable=False))


def _time(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class LaybySettings(TenantRow, table=True):
    """The tenant's business type (which rule file applies) and jurisdiction."""

    __tablename__ = "layby_settings"
    __table_args__ = (UniqueConstraint("tenant_id"), RLS)
    business_type: str = Field(default="default", max_length=32)
    jurisdiction: str = Field(default="GH", max_length=2)
    branch_id: int | None = Field(default=None, foreign_key="branches.id")
    updated_at: datetime = _time()
    updated_by: str = Field(default="", max_length=64)


class LaybyCustomer(TenantRow, table=True):
    """The seed's ``allowLayby`` flag of a shared customer (``parties``), owned by layby."""

    __tablename__ = "layby_customers"
    __table_args__ = (UniqueConstraint("tenant_id", "party_id"), RLS)
    party_id: int = Field(foreign_key="parties.id")
    allowed: bool = True
    changed_at: datetime = _time()
    changed_by: str = Field(max_length=64)
    note: str = Field(default="", max_length=300)


class RuleVersion(TenantRow, table=True):
    """The exact rules (and jurisdiction profile) lay-bys were created under."""

    __tablename__ = "layby_rule_versions"
    __table_args__ = (UniqueConstraint("tenant_id", "content_hash"), RLS)
    business_type: str = Field(max_length=32)
    version: int
    jurisdiction: str = Field(max_length=2)
    content_hash: str = Field(max_length=64)
    content: dict[str, Any] = Field(sa_column=Column(JSONText(), nullable=False))
    first_used_at: datetime = _time()


class Layby(TenantRow, table=True):
    """A lay-by plan. ``balance = total_amount + total_fees - total_paid`` at all times
    while open; ``total_paid = payments - refunds``."""

    __tablename__ = "layby_plans"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_layby_plans_status", "tenant_id", "status", "next_due"),
        Index("ix_layby_plans_customer", "tenant_id", "customer_id"),
        RLS,
    )
    number: str = Field(max_length=32)
    customer_id: int = Field(foreign_key="parties.id")
    branch_id: int = Field(foreign_key="branches.id")
    rule_version_id: int = Field(foreign_key="layby_rule_versions.id")
    status: str = Field(default=ACTIVE, max_length=10)
    price_mode: str = Field(default="inclusive", max_length=10)
    total_amount: Decimal = _money()
    deposit_amount: Decimal = _money()
    service_fee: Decimal = _money()
    administration_fee: Decimal = _money()
    late_fees: Decimal = _money()
    total_fees: Decimal = _money()
    total_paid: Decimal = _money()
    balance: Decimal = _money()
    frequency: str | None = Field(default=None, max_length=12)
    instalment_count: int = 0
    instalment_amount: Decimal = _money()
    next_due: date | None = None
    # per-lay-by copies of the rule values the daily automation needs (set-based SQL)
    late_fee: Decimal = _money()
    late_fee_after_days: int = 1
    default_after_missed: int = 1
    fee_disclosed: bool = True
    created_on: date
    created_at: datetime = _time()
    created_by: str = Field(max_length=64)
    on_hold_since: date | None = None
    hold_reason: str = Field(default="", max_length=300)
    items_released: bool = False
    items_released_at: datetime | None = _time(nullable=True)
    items_released_by: str | None = Field(default=None, max_length=64)
    completed_on: date | None = None
    sale_number: str | None = Field(default=None, max_length=40)
    cancelled_on: date | None = None
    cancelled_by_party: str | None = Field(default=None, max_length=10)
    cancel_reason: str = Field(default="", max_length=300)
    cancellation_fee: Decimal = _money()
    fees_kept: Decimal = _money()
    refunded: Decimal = _money()
    defaulted_on: date | None = None
    updated_at: datetime = _time()


class LaybyItem(TenantRow, table=True):
    """A product held on a lay-by: quantity, the agreed tax-inclusive price, its reservation."""

    __tablename__ = "layby_items"
    __table_args__ = (RLS,)
    layby_id: int = Field(foreign_key="layby_plans.id", index=True)
    line_no: int
    product_id: int = Field(foreign_key="pos_products.id")
    sku: str = Field(max_length=64)
    name: str = Field(max_length=200)
    quantity: Decimal = _money(3)
    unit_price: Decimal = _money(4)
    amount: Decimal = _money()
    reservation_id: int | None = Field(default=None, foreign_key="pos_stock_reservations.id")


class Instalment(TenantRow, table=True):
    """One scheduled payment. ``seq`` 0 is the deposit. Owed = amount + late_fee; payments
    are applied oldest first (``paid``); ``status`` open | paid | closed (plan ended)."""

    __tablename__ = "layby_instalments"
    __table_args__ = (
        UniqueConstraint("layby_id", "seq"),
        Index("ix_layby_instalments_due", "tenant_id", "status", "due_date", "layby_id"),
        RLS,
    )
    layby_id: int = Field(foreign_key="layby_plans.id")
    seq: int
    due_date: date
    amount: Decimal = _money()
    late_fee: Decimal = _money()
    paid: Decimal = _money()
    status: str = Field(default="open", max_length=8)


class Payment(TenantRow, table=True):
    """Money in (a payment) or out (``is_refund``), with its receipt number and tender.
    ``kind``: deposit | instalment | refund | cancellation."""

    __tablename__ = "layby_payments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "receipt_number"),
        UniqueConstraint("refunded_payment_id"),
        Index("ix_layby_payments_day", "tenant_id", "paid_on"),
        RLS,
    )
    layby_id: int = Field(foreign_key="layby_plans.id", index=True)
    receipt_number: str = Field(max_length=32)
    kind: str = Field(max_length=12)
    amount: Decimal = _money()
    method: str = Field(max_length=16)
    reference: str = Field(default="", max_length=100)
    paid_on: date
    processed_by: str = Field(max_length=64)
    processed_at: datetime = _time()
    notes: str = Field(default="", max_length=300)
    is_refund: bool = False
    refunded_payment_id: int | None = Field(default=None, foreign_key="layby_payments.id")
    entry_number: str | None = Field(default=None, max_length=32)


class Fee(TenantRow, table=True):
    """A fee charged: service / administration (at creation) or late (one per instalment)."""

    __tablename__ = "layby_fees"
    __table_args__ = (UniqueConstraint("instalment_id", "kind"), RLS)
    layby_id: int = Field(foreign_key="layby_plans.id", index=True)
    instalment_id: int | None = Field(default=None, foreign_key="layby_instalments.id")
    kind: str = Field(max_length=16)
    amount: Decimal = _money()
    charged_on: date
    entry_number: str | None = Field(default=None, max_length=32)


class Notification(TenantRow, table=True):
    """A rendered reminder or notice, waiting in the outbox or sent."""

    __tablename__ = "layby_notifications"
    __table_args__ = (
        UniqueConstraint("tenant_id", "layby_id", "kind", "day", "instalment_no"),
        Index("ix_layby_notifications_day", "tenant_id", "day"),
        Index("ix_layby_notifications_email", "tenant_id", "email_status"),
        RLS,
    )
    layby_id: int = Field(foreign_key="layby_plans.id")
    instalment_no: int
    kind: str = Field(max_length=16)
    day: date
    customer_name: str = Field(max_length=200)
    email_to: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=64)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text(), nullable=False))
    sms: str = Field(sa_column=Column(Text(), nullable=False))
    email_status: str = Field(default="pending", max_length=10)  # pending sent failed none
    sent_at: datetime | None = _time(nullable=True)
    error: str = Field(default="", max_length=300)
    created_at: datetime = _time()


class ArchivedLayby(TenantRow, table=True):
    """A completed lay-by moved out of the live tables: key columns plus the full record."""

    __tablename__ = "layby_archive"
    __table_args__ = (UniqueConstraint("tenant_id", "number"), RLS)
    number: str = Field(max_length=32)
    customer_id: int = Field(foreign_key="parties.id")
    status: str = Field(max_length=10)
    business_type: str = Field(max_length=32)
    total_amount: Decimal = _money()
    total_fees: Decimal = _money()
    total_paid: Decimal = _money()
    created_on: date
    completed_on: date | None = None
    sale_number: str | None = Field(default=None, max_length=40)
    record: dict[str, Any] = Field(sa_column=Column(JSONText(), nullable=False))
    archived_at: datetime = _time()
    archived_by: str = Field(max_length=64)
    parquet_file: str = Field(default="", max_length=300)


class ArchivedPayment(TenantRow, table=True):
    """The payments of an archived lay-by (receipt numbers stay unique and findable)."""

    __tablename__ = "layby_archive_payments"
    __table_args__ = (UniqueConstraint("tenant_id", "receipt_number"), RLS)
    archive_id: int = Field(foreign_key="layby_archive.id", index=True)
    receipt_number: str = Field(max_length=32)
    kind: str = Field(max_length=12)
    amount: Decimal = _money()
    method: str = Field(max_length=16)
    paid_on: date
    is_refund: bool = False
    processed_by: str = Field(max_length=64)
