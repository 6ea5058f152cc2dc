"""Sequence definitions and their counters (one counter per reset scope: '', year or month)."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from ledgerctl.db.base import TenantRow, tenant_index


class Sequence(TenantRow, table=True):
    """A numbering scheme, e.g. ``SOA-{year}-{n:05d}`` reset yearly."""

    __tablename__ = "sequences"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("tenant_id", "name"),
    )
    name: str = Field(max_length=64)
    pattern: str = Field(max_length=128)
    reset: str = Field(default="never", max_length=16)  # never | yearly | monthly


class SequenceCounter(TenantRow, table=True):
    """The next number of a sequence within one reset scope."""

    __tablename__ = "sequence_counters"
    __table_args__ = (
        tenant_index(),
        UniqueConstraint("sequence_id", "scope"),
    )
    sequence_id: int = Field(foreign_key="sequences.id")
    scope: str = Field(default="", max_length=16)
    next_value: int = 1
