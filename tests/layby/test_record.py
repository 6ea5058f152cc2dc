"""An archived lay-by's stored JSON reads back as the same typed record as the live one."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal as D

from ledgerctl.db.types import canonical_json
from ledgerctl.layby.record import (
    FeeLine,
    InstalmentLine,
    ItemLine,
    LaybyRecord,
    NoticeLine,
    PaymentLine,
    from_stored,
    stored,
)


def _record() -> LaybyRecord:
    return LaybyRecord(
        number="LAY-2026-00001",
        status="COMPLETED",
        customer="C001",
        customer_name="Ama Mensah",
        branch="ACC",
        created_on=date(2026, 2, 10),
        created_by="admin",
        rules="clothing v1 GH (sha256 0123456789ab)",
        total_amount=D("680.00"),
        deposit=D("136.00"),
        service_fee=D("0.00"),
        administration_fee=D("0.00"),
        late_fees=D("5.00"),
        total_fees=D("5.00"),
        total_paid=D("685.00"),
        balance=D("0.00"),
        frequency="monthly",
        instalments=1,
        next_due=None,
        fee_disclosed=True,
        on_hold_since=None,
        hold_reason="",
        items_released=True,
        items_released_at=datetime(2026, 3, 5, 9, 30, tzinfo=UTC),
        items_released_by="admin",
        completed_on=date(2026, 3, 5),
        sale="ACC-INV-2026-000001",
        cancelled_on=None,
        cancelled_by=None,
        cancel_reason="",
        cancellation_fee=D("0.00"),
        fees_kept=D("0.00"),
        refunded=D("0.00"),
        defaulted_on=None,
        items=(ItemLine(1, "DRESS", "Dress", D("2.000"), D("340.0000"), D("680.00"), 7),),
        schedule=(
            InstalmentLine(0, date(2026, 2, 10), D("136.00"), D("0.00"), D("136.00"), "closed"),
            InstalmentLine(1, date(2026, 3, 10), D("544.00"), D("5.00"), D("549.00"), "closed"),
        ),
        payments=(
            PaymentLine(
                "LBR-2026-000001",
                date(2026, 2, 10),
                "deposit",
                D("136.00"),
                "cash",
                None,
                "admin",
                "",
                "JE-1",
            ),
        ),
        fees=(FeeLine("late", 1, D("5.00"), date(2026, 3, 11), None),),
        notifications=(NoticeLine(date(2026, 3, 7), "reminder_3", 1, "sent", "+233", "Due"),),
    )


def test_stored_keeps_the_archive_shape() -> None:
    data = stored(_record())
    assert list(data) == ["layby", "items", "instalments", "payments", "fees", "notifications"]
    assert data["layby"]["instalments"] == 1 and "archived_at" not in data["layby"]
    assert data["instalments"][1]["late_fee"] == D("5.00")


def test_an_archived_record_reads_back_typed() -> None:
    live = _record()
    data = json.loads(canonical_json(stored(live)))  # what the archive table returns
    when = datetime(2026, 4, 1, tzinfo=UTC)
    back = from_stored(data, {"archived_at": when, "archived_by": "admin", "archive_file": "f"})
    assert back.schedule == live.schedule and back.payments == live.payments
    assert back.items == live.items and back.fees == live.fees
    assert back.notifications == live.notifications
    assert back.total_paid == D("685.00") and back.completed_on == date(2026, 3, 5)
    assert back.items_released_at == live.items_released_at
    assert (back.archived_by, back.archived_at) == ("admin", when)
