"""`fdms logs`: every request to FDMS and its answer or failure, secrets removed."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlmodel import col, select

from ledgerctl.context import AppContext
from ledgerctl.core.clock import UTC
from ledgerctl.fdms.redact import redact_text
from ledgerctl.fdms.tables import FdmsExchange
from ledgerctl.work import unit_of_work


def _clip(text: str | None, full: bool) -> str | None:
    if text is None:
        return None
    text = redact_text(text)  # also masks anything logged before a redaction rule existed
    return text if full or len(text) <= 160 else text[:157] + "..."


def exchanges(
    ctx: AppContext,
    *,
    limit: int = 50,
    since: date | None = None,
    errors_only: bool = False,
    endpoint: str | None = None,
    full: bool = False,
) -> list[dict[str, Any]]:
    """The newest exchanges (oldest first in the result)."""
    with unit_of_work(ctx, "fdms.read", write=False) as work:
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
            {
                "at": e.at.isoformat(timespec="seconds"),
                "device_id": e.device_id,
                "method": e.method,
                "path": e.path,
                "status": e.status,
                "ms": e.duration_ms,
                "error": e.error,
                "error_code": e.error_code,
                "operation_id": e.operation_id,
                "actor": e.actor,
                "request": _clip(e.request, full),
                "response": _clip(e.response, full),
            }
            for e in reversed(rows)
        ]
