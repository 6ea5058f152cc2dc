"""`fdms logs`: every request to FDMS and its answer or failure, secrets removed (read side)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import col, select

from ledgerctl.fdms.domain.redact import redact_text
from ledgerctl.fdms.tables import FdmsExchange
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class ExchangeRow:
    """One request to FDMS and its answer (or failure), secrets removed."""

    at: str
    device_id: int | None
    method: str
    path: str
    status: int | None
    ms: int | None
    error: str | None
    error_code: str | None
    operation_id: str | None
    actor: str | None
    request: str | None
    response: str | None


def _clip(text: str | None, full: bool) -> str | None:
    if text is None:
        return None
    text = redact_text(text)  # also masks anything logged before a redaction rule existed
    return text if full or len(text) <= 160 else text[:157] + "..."


@use_case("fdms.read", write=False)
def exchanges(
    work: Work,
    *,
    limit: int = 50,
    since: date | None = None,
    errors_only: bool = False,
    endpoint: str | None = None,
    full: bool = False,
) -> list[ExchangeRow]:
    """`fdms logs`: the newest exchanges (oldest first in the result)."""
    query = select(FdmsExchange).where(FdmsExchange.tenant_id == work.tenant_id)
    if since:
        query = query.where(FdmsExchange.at >= datetime.combine(since, time.min, UTC))
    if errors_only:
        query = query.where(
            (col(FdmsExchange.status).is_(None)) | (col(FdmsExchange.status) != 200)
        )
    if endpoint:
        query = query.where(col(FdmsExchange.path).like(f"%{endpoint}%"))
    rows = work.session.exec(query.order_by(col(FdmsExchange.id).desc()).limit(limit)).all()
    return [
        ExchangeRow(
            e.at.isoformat(timespec="seconds"),
            e.device_id,
            e.method,
            e.path,
            e.status,
            e.duration_ms,
            e.error,
            e.error_code,
            e.operation_id,
            e.actor,
            _clip(e.request, full),
            _clip(e.response, full),
        )
        for e in reversed(rows)
    ]
