"""`submit_many`: batches stored, sent in order by a sender thread, nothing lost on failure."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.fdms.batch import submit_many
from ledgerctl.fdms.domain.drafts import DraftLine, DraftPayment, ReceiptDraft

DRAFT = ReceiptDraft(
    "FiscalInvoice",
    "USD",
    (
        DraftLine(
            "Bread", Decimal(2), Decimal("1.50"), tax_percent=Decimal("15.5"), hs_code="19059000"
        ),
    ),
    (DraftPayment("Card", Decimal("3.00")),),
)


@pytest.fixture
def ctx(open_day, workspace):  # type: ignore[no-untyped-def]
    context = workspace.ctx()
    yield context
    context.dispose()


def _remote(simulator) -> list[int]:  # type: ignore[no-untyped-def]
    return [
        r["global_no"]
        for r in simulator.simulator.store.all("SELECT global_no FROM receipts ORDER BY receipt_id")
    ]


def test_many_receipts_in_batches(ctx, cli, db, simulator) -> None:
    report = submit_many(ctx, [DRAFT] * 23, batch=5)
    assert (len(report.stored), report.accepted, report.error) == (23, 23, None)
    assert _remote(simulator) == list(range(1, 24))  # arrival order = receiptGlobalNo order
    assert db.scalar("SELECT COUNT(*) FROM fdms_receipts WHERE status = 'accepted'") == 23
    assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'fdms.receipt.%'") == 46
    assert cli("fdms", "close-day").code == 0
    assert cli("fdms", "audit").code == 0
    assert cli("audit", "verify").code == 0


def test_failure_stops_sending_and_keeps_the_rest_queued(ctx, cli, db, simulator) -> None:
    simulator.simulator.faults.add("error500", "SubmitReceipt")
    report = submit_many(ctx, [DRAFT] * 12, batch=4)
    assert report.error is not None and report.accepted == 0
    assert len(report.stored) == 12 and _remote(simulator) == []
    assert db.scalar("SELECT COUNT(*) FROM fdms_receipts WHERE status = 'queued'") == 12
    assert cli("fdms", "sync").code == 0
    assert _remote(simulator) == list(range(1, 13))


def test_queued_backlog_goes_first(ctx, cli, simulator) -> None:
    simulator.simulator.faults.add("error500", "SubmitReceipt")
    from tests.fdms.conftest import SALE

    assert cli("fdms", "receipt", "submit", *SALE).code == 6
    report = submit_many(ctx, [DRAFT] * 3, batch=2)
    assert report.error is None
    assert _remote(simulator) == [1, 2, 3, 4]


def test_sources_are_not_fiscalised_twice(ctx, db) -> None:
    drafts = [
        replace(DRAFT, source="pos:S-1"),
        replace(DRAFT, source="pos:S-1"),
        replace(DRAFT, source="pos:S-2"),
    ]
    first = submit_many(ctx, drafts, batch=10)
    assert (len(first.stored), first.already) == (2, 1)
    again = submit_many(ctx, drafts, batch=10)
    assert (len(again.stored), again.already) == (0, 3)
    assert db.scalar("SELECT COUNT(*) FROM fdms_receipts") == 2


def test_a_bad_draft_stops_at_its_batch(ctx, db, simulator) -> None:
    bad = replace(DRAFT, currency="DOLLARS")
    with pytest.raises(UsageError, match="currency"):
        submit_many(ctx, [DRAFT, DRAFT, DRAFT, bad], batch=2)
    # the first batch was stored and sent; the batch with the bad draft left nothing
    assert db.rows("SELECT global_no, status FROM fdms_receipts ORDER BY global_no") == [
        (1, "accepted"),
        (2, "accepted"),
    ]
    assert _remote(simulator) == [1, 2]
