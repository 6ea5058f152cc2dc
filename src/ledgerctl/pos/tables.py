"""Tables of the pos group: locations, tax profiles, catalog, stock, sales, returns, transfers,
customer payments, the posting queue and offboarding state.

Every table carries ``tenant_id`` and every query filters by it; on Postgres row-level
security backs that up (``ledgerctl.pos.rls``). Money is ``Money()`` (integer pesewas);
quantities are ``Money(3)`` (thousandths, e.g. 0.250 kg); unit prices and unit costs are
``Money(4)``. Rates are exact decimal strings.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field

from ledgerctl.core.clock import utcnow
from ledgerctl.db.base import TenantRow
from ledgerctl.db.types import JSONText, Money, UTCDateTime

RLS = {"info": {"tenant_rls": True}}  # row-level security on Postgres (ledgerctl.db.rls)


def _money(scale: int = 2, nullable: bool = False) -> Any:
    return Field(
        default=Decimal(0) if not nullable else None,
        sa_column=Column(Money(scale), nullable=nullable),
    )


def _now() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Location(TenantRow, table=True):
    """A branch's stock location (one per branch) and its stock rules."""

    __tablename__ = "pos_locations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "branch_id"),
        UniqueConstraint("tenant_id", "code"),
        RLS,
    )
    branch_id: int = Field(foreign_key="branches.id")
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    inventory_account: str = Field(max_length=32)
    allow_negative_stock: bool = False
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=64)
    email: str = Field(default="", max_length=200)


class TaxProfile(TenantRow, table=True):
    """The tenant's tax registration: country regimes, scheme, TIN and price conventions."""

    __tablename__ = "pos_tax_profiles"
    __table_args__ = (UniqueConstraint("tenant_id"), RLS)
    country: str = Field(default="ghana", max_length=32)
    scheme: str = Field(default="standard", max_length=32)
    tin: str = Field(default="", max_length=32)
    retail_prices: str = Field(default="inclusive", max_length=10)
    wholesale_prices: str = Field(default="exclusive", max_length=10)
    fiscal_year_end: str = Field(default="12-31", max_length=5)
    updated_at: datetime = _now()


class Product(TenantRow, table=True):
    """A catalog item: SKU, unit, retail and wholesale price, tax class, standard cost."""

    __tablename__ = "pos_products"
    __table_args__ = (UniqueConstraint("tenant_id", "sku"), RLS)
    sku: str = Field(max_length=64)
    name: str = Field(max_length=200)
    unit: str = Field(default="each", max_length=16)
    price: Decimal = _money(4)
    wholesale_price: Decimal | None = _money(4, nullable=True)
    tax_class: str = Field(default="standard", max_length=16)
    cost: Decimal = _money(4)
    status: str = Field(default="active", max_length=16)
    created_at: datetime = _now()


class StockLevel(TenantRow, table=True):
    """Quantity, value (what the ledger holds for it) and average unit cost per location."""

    __tablename__ = "pos_stock_levels"
    __table_args__ = (UniqueConstraint("tenant_id", "location_id", "product_id"), RLS)
    location_id: int = Field(foreign_key="pos_locations.id")
    product_id: int = Field(foreign_key="pos_products.id")
    quantity: Decimal = _money(3)
    value: Decimal = _money(2)
    unit_cost: Decimal = _money(4)
    reserved: Decimal = _money(3)


class StockDoc(TenantRow, table=True):
    """A goods receipt or a stock adjustment (the document its movements belong to)."""

    __tablename__ = "pos_stock_docs"
    __table_args__ = (UniqueConstraint("tenant_id", "number"), RLS)
    number: str = Field(max_length=40)
    kind: str = Field(max_length=16)  # receipt | adjustment
    branch_id: int = Field(foreign_key="branches.id")
    doc_date: date
    reason: str = Field(default="", max_length=300)
    credit_account: str = Field(default="", max_length=32)
    value: Decimal = _money(2)
    variance: Decimal = _money(2)
    created_by: str = Field(max_length=64)
    created_at: datetime = _now()


class StockMovement(TenantRow, table=True):
    """One change of stock: signed quantity and value (cost) with the document behind it."""

    __tablename__ = "pos_stock_movements"
    __table_args__ = (
        Index("ix_pos_stock_movements_level", "tenant_id", "location_id", "product_id"),
        RLS,
    )
    location_id: int = Field(foreign_key="pos_locations.id")
    product_id: int = Field(foreign_key="pos_products.id")
    moved_on: date
    kind: str = Field(max_length=16)  # receipt sale return transfer_out transfer_in adjustment
    quantity: Decimal = _money(3)
    value: Decimal = _money(2)
    doc_type: str = Field(max_length=16)
    doc_id: int
    reference: str = Field(max_length=40)


class Reservation(TenantRow, table=True):
    """Stock held for a customer (lay-by): counted in ``reserved`` until released or sold."""

    __tablename__ = "pos_stock_reservations"
    __table_args__ = (RLS,)
    location_id: int = Field(foreign_key="pos_locations.id")
    product_id: int = Field(foreign_key="pos_products.id")
    quantity: Decimal = _money(3)
    reference: str = Field(max_length=64)
    status: str = Field(default="active", max_length=16)  # active | released | sold
    created_at: datetime = _now()


class Sale(TenantRow, table=True):
    """A sale: totals are the sums of its lines; taxes per type in ``pos_sale_taxes``."""

    __tablename__ = "pos_sales"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "branch_id", "till_receipt"),
        Index("ix_pos_sales_day", "tenant_id", "branch_id", "sale_date"),
        RLS,
    )
    branch_id: int = Field(foreign_key="branches.id")
    location_id: int = Field(foreign_key="pos_locations.id")
    number: str = Field(max_length=40)
    sale_date: date
    kind: str = Field(default="retail", max_length=10)  # retail | wholesale
    customer_id: int | None = Field(default=None, foreign_key="parties.id", index=True)
    price_mode: str = Field(max_length=10)
    regime: str = Field(max_length=32)
    scheme: str = Field(max_length=32)
    net: Decimal = _money()
    tax_total: Decimal = _money()
    gross: Decimal = _money()
    tendered: Decimal = _money()
    change_given: Decimal = _money()
    cost: Decimal = _money()
    till_receipt: str | None = Field(default=None, max_length=64)
    fingerprint: str = Field(default="", max_length=64)
    source: str = Field(default="record", max_length=16)
    created_by: str = Field(max_length=64)
    created_at: datetime = _now()


class SaleLine(TenantRow, table=True):
    """A line of a sale; ``taxes`` maps tax code to the line's rounded amount."""

    __tablename__ = "pos_sale_lines"
    __table_args__ = (RLS,)
    sale_id: int = Field(foreign_key="pos_sales.id", index=True)
    line_no: int
    product_id: int = Field(foreign_key="pos_products.id")
    quantity: Decimal = _money(3)
    unit_price: Decimal = _money(4)
    tax_class: str = Field(max_length=16)
    net: Decimal = _money()
    tax_total: Decimal = _money()
    gross: Decimal = _money()
    cost: Decimal = _money()
    taxes: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSONText(), nullable=False)
    )


class SaleTax(TenantRow, table=True):
    """A sale's total of one tax (sum of its lines' rounded amounts)."""

    __tablename__ = "pos_sale_taxes"
    __table_args__ = (RLS,)
    sale_id: int = Field(foreign_key="pos_sales.id", index=True)
    code: str = Field(max_length=16)
    rate: str = Field(max_length=16)
    amount: Decimal = _money()


class SalePayment(TenantRow, table=True):
    """A tender of a sale: ``amount`` applied to the sale, ``tendered`` handed over."""

    __tablename__ = "pos_sale_payments"
    __table_args__ = (RLS,)
    sale_id: int = Field(foreign_key="pos_sales.id", index=True)
    tender: str = Field(max_length=16)
    amount: Decimal = _money()
    tendered: Decimal = _money()


class Return(TenantRow, table=True):
    """Goods brought back against one sale; taxes of the sale's regime reversed."""

    __tablename__ = "pos_returns"
    __table_args__ = (UniqueConstraint("tenant_id", "number"), RLS)
    number: str = Field(max_length=40)
    sale_id: int = Field(foreign_key="pos_sales.id", index=True)
    branch_id: int = Field(foreign_key="branches.id")
    location_id: int = Field(foreign_key="pos_locations.id")
    return_date: date
    reason: str = Field(default="", max_length=300)
    net: Decimal = _money()
    tax_total: Decimal = _money()
    gross: Decimal = _money()
    cost: Decimal = _money()
    variance: Decimal = _money()
    created_by: str = Field(max_length=64)
    created_at: datetime = _now()


class ReturnLine(TenantRow, table=True):
    """Part of a sale line returned: its share of the line's net, taxes and cost."""

    __tablename__ = "pos_return_lines"
    __table_args__ = (RLS,)
    return_id: int = Field(foreign_key="pos_returns.id", index=True)
    sale_line_id: int = Field(foreign_key="pos_sale_lines.id", index=True)
    product_id: int = Field(foreign_key="pos_products.id")
    quantity: Decimal = _money(3)
    net: Decimal = _money()
    tax_total: Decimal = _money()
    gross: Decimal = _money()
    cost: Decimal = _money()
    taxes: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSONText(), nullable=False)
    )


class ReturnTax(TenantRow, table=True):
    """A return's total of one tax reversed."""

    __tablename__ = "pos_return_taxes"
    __table_args__ = (RLS,)
    return_id: int = Field(foreign_key="pos_returns.id", index=True)
    code: str = Field(max_length=16)
    amount: Decimal = _money()


class ReturnRefund(TenantRow, table=True):
    """How a return was refunded (cash, card, momo, or credited to the customer's account)."""

    __tablename__ = "pos_return_refunds"
    __table_args__ = (RLS,)
    return_id: int = Field(foreign_key="pos_returns.id", index=True)
    tender: str = Field(max_length=16)
    amount: Decimal = _money()


class Transfer(TenantRow, table=True):
    """Stock sent from one branch to another, at cost; in transit until received."""

    __tablename__ = "pos_transfers"
    __table_args__ = (UniqueConstraint("tenant_id", "number"), RLS)
    number: str = Field(max_length=40)
    from_location_id: int = Field(foreign_key="pos_locations.id")
    to_location_id: int = Field(foreign_key="pos_locations.id")
    status: str = Field(default="in_transit", max_length=16)  # in_transit | received
    sent_on: date
    received_on: date | None = None
    cost: Decimal = _money()
    variance: Decimal = _money()  # costing variance on receipt into negative stock
    note: str = Field(default="", max_length=300)
    sent_by: str = Field(max_length=64)
    received_by: str | None = Field(default=None, max_length=64)


class TransferLine(TenantRow, table=True):
    __tablename__ = "pos_transfer_lines"
    __table_args__ = (RLS,)
    transfer_id: int = Field(foreign_key="pos_transfers.id", index=True)
    product_id: int = Field(foreign_key="pos_products.id")
    quantity: Decimal = _money(3)
    cost: Decimal = _money()


class CustomerPayment(TenantRow, table=True):
    """Money received from a customer against their account (reduces receivables)."""

    __tablename__ = "pos_customer_payments"
    __table_args__ = (UniqueConstraint("tenant_id", "number"), RLS)
    number: str = Field(max_length=40)
    branch_id: int = Field(foreign_key="branches.id")
    customer_id: int = Field(foreign_key="parties.id", index=True)
    paid_on: date
    tender: str = Field(max_length=16)
    amount: Decimal = _money()
    reference: str = Field(default="", max_length=100)
    created_by: str = Field(max_length=64)


class PostingJob(TenantRow, table=True):
    """The ledger posting of a pos document: pending, posted (entry number) or failed (error).

    ``doc_type``/``event``: sale/post, return/post, payment/post, stock/post, transfer/send,
    transfer/receive. Documents with the same ``batch`` (imported sales of one branch and
    day) share one journal entry.
    """

    __tablename__ = "pos_postings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "doc_type", "doc_id", "event"),
        Index("ix_pos_postings_status", "tenant_id", "status"),
        RLS,
    )
    doc_type: str = Field(max_length=16)
    doc_id: int
    event: str = Field(default="post", max_length=16)
    reference: str = Field(max_length=40)
    entry_date: date
    status: str = Field(default="pending", max_length=10)
    error: str = Field(default="", max_length=500)
    entry_number: str | None = Field(default=None, max_length=32)
    attempts: int = 0
    batch: str = Field(default="", max_length=64)  # same batch: posted as one entry


class Offboarding(TenantRow, table=True):
    """A tenant being offboarded, kept in the tenant of the admin who does it (so the record
    and the archive checksums outlive the purged tenant). Stages: exported, suspended, purged.
    """

    __tablename__ = "pos_offboardings"
    __table_args__ = (UniqueConstraint("tenant_id", "target_slug"), RLS)
    target_tenant_id: int | None = Field(default=None, foreign_key="tenants.id")
    target_slug: str = Field(max_length=64)
    stage: str = Field(default="exported", max_length=16)
    exported_at: datetime = _now()
    export_dir: str = Field(max_length=500)
    archive_sha256: str = Field(max_length=64)
    suspended_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    purge_after: date | None = None
    purge_approved: bool = False
    purged_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    final_archive: str = Field(default="", max_length=500)
    final_sha256: str = Field(default="", max_length=64)
    reason: str = Field(default="", max_length=300)
