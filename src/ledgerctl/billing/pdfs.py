"""Which statement PDFs to (re-)render: by number, by period, or every one whose file is missing
(after a crash between the issuing commit and the rendering, or a lost output folder)."""

from __future__ import annotations

from sqlmodel import col, select

from ledgerctl.billing.documents import StatementDoc, pdf_path
from ledgerctl.billing.issuing import doc_of
from ledgerctl.billing.lookup import load_statement
from ledgerctl.billing.tables import Statement
from ledgerctl.core.clock import parse_period
from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.work import Work

DOCUMENTED = ("issued", "settled", "void")


def issued_statements(work: Work, period: str | None = None) -> list[Statement]:
    """Every statement with a number (issued, settled or void), optionally of one period."""
    query = select(Statement).where(
        Statement.tenant_id == work.tenant_id, col(Statement.status).in_(DOCUMENTED)
    )
    if period:
        query = query.where(Statement.period == parse_period(period, field="--period"))
    return list(work.session.exec(query.order_by(col(Statement.number))).all())


def missing_pdfs(work: Work, statements: list[Statement]) -> list[Statement]:
    return [
        s for s in statements if not pdf_path(work.ctx, work.tenant.slug, s.number or "").is_file()
    ]


def select_docs(
    work: Work, refs: list[str], period: str | None, missing: bool
) -> list[StatementDoc]:
    """The statements named, or of ``period``, or all; only missing files with ``missing``."""
    if refs and period:
        raise UsageError("give statement numbers or --period, not both")
    if refs:
        statements = [load_statement(work, ref) for ref in dict.fromkeys(refs)]
        for s in statements:
            if s.status not in DOCUMENTED:
                raise Conflict(f"draft {s.id} has no PDF until it is issued")
    elif period or missing:
        statements = issued_statements(work, period)
    else:
        raise UsageError("give statement numbers, --period YYYY-MM or --missing")
    if missing:
        statements = missing_pdfs(work, statements)
    return [doc_of(s) for s in statements]
