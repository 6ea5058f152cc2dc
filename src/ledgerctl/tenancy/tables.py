"""Tables of tenancy: tenants, branches, users, memberships and the shared parties (customers)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledgerctl.core.clock import utcnow
from ledgerctl.db.base import TenantRow, tenant_index
from ledgerctl.db.types import UTCDateTime


def _now_column() -> Column[datetime]:
    return Column(UTCDateTime(), nullable=False)


class Tenant(SQLModel, table=True):
    """A business. Status: active, suspended (users refused, data readable), closed."""

    __tablename__ = "tenants"
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)
    status: str = Field(default="active", max_length=16)
    base_currency: str = Field(default="GHS", max_length=3)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_now_column())


class Branch(TenantRow, table=True):
    """A shop or office of a tenant, identified by a short code."""

    __tablename__ = "branches"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "code"),
    )
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    status: str = Field(default="active", max_length=16)


class User(SQLModel, table=True):
    """A person or scheduled job that runs commands. Status: active or disabled."""

    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    display_name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=200)
    status: str = Field(default="active", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_now_column())


class Membership(TenantRow, table=True):
    """A user's role in a tenant, optionally limited to one branch."""

    __tablename__ = "memberships"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "user_id", "role"),
    )
    user_id: int = Field(foreign_key="users.id", index=True)
    role: str = Field(max_length=32)
    branch_id: int | None = Field(default=None, foreign_key="branches.id")
    status: str = Field(default="active", max_length=16)


class Party(TenantRow, table=True):
    """A customer (or supplier) of a tenant, shared by billing, pos and layby."""

    __tablename__ = "parties"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "code"),
    )
    code: str = Field(max_length=64)
    name: str = Field(max_length=200)
    kind: str = Field(default="customer", max_length=16)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=64)
    address: str = Field(default="", max_length=500)
    tax_id: str = Field(default="", max_length=64)
    currency: str = Field(default="GHS", max_length=3)
    status: str = Field(default="active", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_now_column())
