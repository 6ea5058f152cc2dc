"""Column types shared by every table: money as integer minor units, JSON text, UTC times."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Text
from sqlalchemy.types import TypeDecorator

from ledgerctl.core.errors import UsageError


class Money(TypeDecorator[Decimal]):
    """A Decimal amount stored as a BIGINT of minor units (``scale`` places, cents by default).

    Binding a value with more decimals than ``scale`` raises instead of rounding: rounding is
    a business rule and happens in the domain, never silently in the database layer.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int = 2) -> None:
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value: Decimal | int | None, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be Decimal, never float")
        scaled = Decimal(value).scaleb(self.scale)
        if scaled != scaled.to_integral_value():
            raise UsageError(f"amount {value} has more than {self.scale} decimal places")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value).scaleb(-self.scale).quantize(Decimal(1).scaleb(-self.scale))


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite (text) and Postgres (timestamptz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use ledgerctl.core.clock.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class JSONText(TypeDecorator[Any]):
    """JSON stored as text with sorted keys, so its bytes are stable for hashing."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else canonical_json(value)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


def _default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, datetime):
        return obj.astimezone(UTC).isoformat()
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def canonical_json(value: Any) -> str:
    """Deterministic JSON (sorted keys, no spaces, Decimals as strings) for hashes and audit."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), default=_default, ensure_ascii=False
    )
