"""Never lose or duplicate a receipt: faults between the client and FDMS, queue and resend."""

from __future__ import annotations

import json

import pytest

from tests.fdms.conftest import SALE, configure


def _local(db) -> list[tuple]:  # type: ignore[no-untyped-def]
    return db.rows("SELECT global_no, status, receipt_id FROM fdms_receipts ORDER BY global_no")


def _remote(simulator) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (r["global_no"], r["receipt_id"])
        for r in simulator.simulator.store.all(
            "SELECT global_no, receipt_id FROM receipts ORDER BY global_no"
        )
    ]


def test_unreachable_keeps_receipts_queued_and_sync_sends_them_in_order(
    open_day, cli, db, simulator
) -> None:
    configure(open_day, simulator, base_url="https://127.0.0.1:9")
    for _ in range(3):
        result = cli("fdms", "receipt", "submit", *SALE)
        assert result.code == 6
        assert "stored and queued (not lost)" in result.err
    assert _local(db) == [(1, "queued", None), (2, "queued", None), (3, "queued", None)]
    failed = cli("fdms", "sync")
    assert failed.code == 6 and "3 still queued (nothing lost)" in failed.err
    assert (
        db.scalar("SELECT COUNT(*) FROM job_runs WHERE name = 'fdms.sync' AND status = 'failed'")
        == 1
    )
    configure(open_day, simulator)
    synced = cli("fdms", "sync")
    assert synced.code == 0, synced.err
    assert "3 receipt(s) sent and recorded" in synced.err
    assert [r[:2] for r in _local(db)] == [(1, "accepted"), (2, "accepted"), (3, "accepted")]
    assert _remote(simulator) == [(1, 1), (2, 2), (3, 3)]  # in receiptGlobalNo order
    assert cli("fdms", "sync").code == 0  # idempotent: nothing left, nothing sent twice
    assert len(_remote(simulator)) == 3
    assert cli("fdms", "close-day").code == 0
    assert cli("fdms", "audit").code == 0


@pytest.mark.parametrize(
    "fault", ["error500", "error502", "status429", "not_json", "timeout", "drop_before"]
)
def test_a_failed_send_stays_queued_and_goes_later(open_day, cli, db, simulator, fault) -> None:
    simulator.simulator.faults.add(fault, "SubmitReceipt")
    result = cli("fdms", "receipt", "submit", *SALE)
    assert result.code == 6, result.err
    assert _local(db) == [(1, "queued", None)]
    assert _remote(simulator) == []  # FDMS did not process it
    assert cli("fdms", "sync").code == 0
    assert [r[:2] for r in _local(db)] == [(1, "accepted")]
    assert len(_remote(simulator)) == 1
    logged = db.rows(
        "SELECT status, error FROM fdms_exchanges WHERE path LIKE '%SubmitReceipt' ORDER BY id"
    )
    assert len(logged) == 2 and logged[-1][0] == 200


def test_answer_lost_after_fdms_stored_it_is_not_duplicated(open_day, cli, db, simulator) -> None:
    simulator.simulator.faults.add("drop_after_store", "SubmitReceipt")
    result = cli("fdms", "receipt", "submit", *SALE)
    assert result.code == 6 and "may have received it" in result.err
    assert _local(db) == [(1, "queued", None)]
    assert _remote(simulator) == [(1, 1)]  # FDMS has it already
    assert cli("fdms", "receipt", "submit", *SALE).code == 0  # sends 1 again, then 2
    assert _local(db) == [(1, "accepted", 1), (2, "accepted", 2)]
    assert _remote(simulator) == [(1, 1), (2, 2)]  # one receipt 1, same receiptID
    assert cli("fdms", "close-day").code == 0


def test_timeout_on_a_stored_receipt_then_resync(open_day, cli, db, simulator) -> None:
    simulator.simulator.faults.add("drop_after_store", "SubmitReceipt")
    assert cli("fdms", "receipt", "submit", *SALE).code == 6
    resync = cli("fdms", "resync", "--format", "json")
    assert resync.code == 0, resync.err
    assert _local(db) == [(1, "accepted", 1)]
    assert "1 queued receipt(s) had reached FDMS" in resync.err
    assert _remote(simulator) == [(1, 1)]


def test_fdms_ahead_of_the_store_is_an_integrity_problem(open_day, cli, db, simulator) -> None:
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    open_day.sql("DELETE FROM fdms_receipts")
    open_day.sql("UPDATE fdms_devices SET last_global_no = 0")
    result = cli("fdms", "resync")
    assert result.code == 5 and "FDMS has receipts up to global number 1" in result.err


def test_sync_holds_a_lock(open_day, cli, workspace) -> None:
    from ledgerctl.jobs.runner import job_run

    ctx = workspace.ctx()
    with job_run(ctx, "fdms.sync"):
        held = cli("fdms", "sync")
    ctx.dispose()
    assert held.code == 8


def test_status_compares_local_and_fdms(open_day, cli, simulator) -> None:
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    rows = json.loads(cli("fdms", "status", "--format", "json").out)
    by = {r["field"]: r for r in rows}
    assert by["fiscal_day_status"]["local"] == by["fiscal_day_status"]["fdms"] == "FiscalDayOpened"
    assert by["last_receipt_global_no"]["fdms"] == 1
    simulator.stop()
    down = cli("fdms", "status")
    assert down.code == 6 and "FDMS status not available" in down.err
