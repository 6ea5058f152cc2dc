"""Fiscal days: open, close with counters and signatures, failures, lost requests, polling."""

from __future__ import annotations

import json
import time
from decimal import Decimal

from ledgerctl.fdms.domain import counters as fdms_counters
from ledgerctl.fdms.domain import protocol
from tests.fdms.conftest import SALE, configure


def _day(db) -> tuple:  # type: ignore[no-untyped-def]
    return db.rows("SELECT day_no, status, closing_error_code FROM fdms_days ORDER BY day_no DESC")[
        0
    ]


def test_open_twice_is_a_conflict(open_day, cli) -> None:
    again = cli("fdms", "open-day")
    assert again.code == 4 and "close it first" in again.err


def test_close_stores_counters_and_both_signatures(open_day, cli, db, simulator) -> None:
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    assert (
        cli(
            "fdms",
            "receipt",
            "submit",
            "--type",
            "credit-note",
            "--original",
            "1",
            "--notes",
            "returned",
            "--line",
            "Milk;1;2.00;exempt;04011000",
        ).code
        == 0
    )
    closed = cli("fdms", "close-day")
    assert closed.code == 0, closed.err
    assert "FiscalDayClosed (2 receipt(s))" in closed.err
    counters, signature, server = db.rows(
        "SELECT counters, device_signature, server_signature FROM fdms_days"
    )[0]
    values = [
        (
            c["fiscalCounterType"],
            c.get("fiscalCounterTaxID") or c.get("fiscalCounterMoneyType"),
            c["fiscalCounterValue"],
        )
        for c in fdms_counters.stored(json.loads(counters))
    ]
    # cash 2.00 - 2.00 and the exempt tax amounts are zero: zero counters are not kept
    assert values == [
        ("SaleByTax", 1, Decimal("2.00")),
        ("SaleByTax", 517, Decimal("3.00")),
        ("SaleTaxByTax", 517, Decimal("0.40")),
        ("CreditNoteByTax", 1, Decimal("-2.00")),
        ("BalanceByMoneyType", "Card", Decimal("3.00")),
    ]
    assert signature and json.loads(server)["certificateThumbprint"]
    sent = simulator.simulator.store.one("SELECT close_request FROM days")["close_request"]
    assert '"fiscalCounterValue":3.00' in sent  # numbers on the wire, not strings
    remote = simulator.simulator.store.one("SELECT status FROM days")
    assert remote["status"] == "FiscalDayClosed"
    assert cli("fdms", "open-day").code == 0
    assert _day(db)[:2] == (2, "FiscalDayOpened")
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    global_no, counter, previous = db.rows(
        "SELECT global_no, receipt_counter, previous_hash FROM fdms_receipts "
        "ORDER BY global_no DESC"
    )[0]
    assert (global_no, counter, previous) == (3, 1, None)  # counter restarts, chain restarts


def test_empty_day_closes(open_day, cli, db) -> None:
    assert cli("fdms", "close-day").code == 0
    assert _day(db) == (1, "FiscalDayClosed", None)
    again = cli("fdms", "close-day")
    assert again.code == 0 and "nothing to close" in again.err  # idempotent for cron


def test_close_failure_shows_the_closing_error_code(open_day, cli, db, simulator) -> None:
    # FDMS withdraws the 15.5% tax: the receipt is accepted with a Red error
    simulator.simulator.taxes = [t for t in simulator.simulator.taxes if t["taxID"] != 517]
    submitted = cli("fdms", "receipt", "submit", *SALE)
    assert submitted.code == 0 and "RCPT025 (Red)" in submitted.err
    failed = cli("fdms", "close-day")
    assert failed.code == 6 and "ReceiptsWithValidationErrors" in failed.err
    assert _day(db) == (1, "FiscalDayCloseFailed", "ReceiptsWithValidationErrors")
    status = json.loads(cli("fdms", "status", "--format", "json").out)
    assert {r["field"]: r["fdms"] for r in status}[
        "closing_error_code"
    ] == "ReceiptsWithValidationErrors"


class _AlphabeticalClient:
    """A client that orders the day's counters alphabetically (rejected live)."""

    def __getattr__(self, name: str) -> object:
        return getattr(protocol, name)

    @staticmethod
    def day_string(device_id, day_no, day_date, counters) -> str:  # type: ignore[no-untyped-def]
        ordered = sorted(counters, key=lambda c: str(c["fiscalCounterType"]))
        return f"{device_id}{day_no}{day_date.isoformat()}" + "".join(
            protocol.counter_text(c) for c in ordered
        )


def test_counters_signed_in_the_wrong_order_are_refused(open_day, cli, monkeypatch) -> None:
    import ledgerctl.fdms.close as days

    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    monkeypatch.setattr(days, "protocol", _AlphabeticalClient())
    failed = cli("fdms", "close-day")
    assert failed.code == 6 and "BadCertificateSignature" in failed.err


def test_polling_limit_then_close_day_again(open_day, cli, db, simulator) -> None:
    simulator.simulator.close_delay = 0.6
    configure(open_day, simulator, close_poll_timeout=0.1)
    first = cli("fdms", "close-day")
    assert first.code == 6 and "operationID" in first.err
    assert _day(db)[1] == "FiscalDayCloseInitiated"
    time.sleep(0.7)
    configure(open_day, simulator)
    second = cli("fdms", "close-day")
    assert second.code == 0, second.err
    assert _day(db)[1] == "FiscalDayClosed"


def test_lost_open_day_answer_is_settled(registered, cli, db, simulator) -> None:
    simulator.simulator.faults.add("drop_after_store", "OpenDay")
    lost = cli("fdms", "open-day")
    assert lost.code == 6
    assert _day(db)[:2] == (1, "OpenPending")
    assert cli("fdms", "receipt", "submit", *SALE).code == 4  # not confirmed: no receipts
    resync = cli("fdms", "resync")
    assert resync.code == 0 and "open at FDMS: confirmed" in resync.err
    assert _day(db)[:2] == (1, "FiscalDayOpened")
    assert cli("fdms", "receipt", "submit", *SALE).code == 0


def test_open_day_refused_before_it_reached_fdms_leaves_nothing(
    registered, cli, db, simulator
) -> None:
    simulator.simulator.faults.add("error500", "OpenDay")
    assert cli("fdms", "open-day").code == 6
    assert db.scalar("SELECT COUNT(*) FROM fdms_days") == 0
    assert cli("fdms", "open-day").code == 0


def test_close_day_that_never_reached_fdms(open_day, cli, db, simulator) -> None:
    simulator.simulator.faults.add("drop_before", "CloseDay")
    assert cli("fdms", "close-day").code == 6
    assert _day(db)[1] == "FiscalDayCloseInitiated"
    resync = cli("fdms", "resync")
    assert resync.code == 0 and "never received the close" in resync.err
    assert _day(db)[1] == "FiscalDayOpened"
    assert cli("fdms", "close-day").code == 0


def test_close_day_sends_the_queue_first(open_day, cli, db, simulator) -> None:
    simulator.simulator.faults.add("error500", "SubmitReceipt")
    assert cli("fdms", "receipt", "submit", *SALE).code == 6
    closed = cli("fdms", "close-day")
    assert closed.code == 0, closed.err
    assert db.rows("SELECT status FROM fdms_receipts") == [("accepted",)]


def test_close_day_with_fdms_down_changes_nothing(open_day, cli, db, simulator) -> None:
    simulator.simulator.faults.add("error500", "SubmitReceipt", count=5)
    assert cli("fdms", "receipt", "submit", *SALE).code == 6
    refused = cli("fdms", "close-day")
    assert refused.code == 6 and "cannot close yet" in refused.err
    assert _day(db)[1] == "FiscalDayOpened"
    assert db.rows("SELECT status FROM fdms_receipts") == [("queued",)]
