"""Offline mode: receipts stored and signed locally, sent in day files with SubmitFile."""

from __future__ import annotations

import json

import pytest

from ledgerctl.fdms import offline
from ledgerctl.fdms.domain import wire
from tests.fdms.conftest import DEVICE_ID, SALE


@pytest.fixture
def offline_device(registered, cli, simulator):  # type: ignore[no-untyped-def]
    simulator.simulator.set_mode(DEVICE_ID, "Offline")
    assert cli("fdms", "config", "--refresh").code == 0
    return registered


def test_offline_day_goes_to_fdms_in_files(offline_device, cli, db, simulator) -> None:
    opened = cli("fdms", "open-day")
    assert opened.code == 0 and "offline mode" in opened.err
    for _ in range(3):
        result = cli("fdms", "receipt", "submit", *SALE)
        assert result.code == 0 and "sync" in result.err
    assert {s for (s,) in db.rows("SELECT status FROM fdms_receipts")} == {"queued"}
    synced = cli("fdms", "sync", "--format", "json")
    assert synced.code == 0, synced.err
    files = json.loads(synced.out)
    assert [(f["day"], f["sequence"], f["receipts"], f["status"]) for f in files] == [
        (1, 1, 3, "accepted")
    ]
    written = wire.loads((offline_device.home / files[0]["path"]).read_bytes())
    assert written["header"] == {
        "deviceID": DEVICE_ID,
        "fiscalDayNo": 1,
        "fiscalDayOpened": written["header"]["fiscalDayOpened"],
        "fileSequence": 1,
    }
    assert [r["receiptGlobalNo"] for r in written["content"]["receipts"]] == [1, 2, 3]
    assert {s for (s,) in db.rows("SELECT status FROM fdms_receipts")} == {"accepted"}
    closed = cli("fdms", "close-day")
    assert closed.code == 0 and "closing footer" in closed.err
    assert cli("fdms", "sync").code == 0
    listed = json.loads(cli("fdms", "offline", "files", "--format", "json").out)
    assert [(f["sequence"], f["footer"], f["status"]) for f in listed] == [
        (1, "", "accepted"),
        (2, "yes", "accepted"),
    ]
    day = simulator.simulator.store.one("SELECT status FROM days")
    assert day["status"] == "FiscalDayClosed"  # FDMS checked the footer's counters
    assert cli("fdms", "sync").code == 0  # nothing more to send: no new file
    assert len(json.loads(cli("fdms", "offline", "files", "--format", "json").out)) == 2
    assert cli("fdms", "audit").code == 0
    status = cli("fdms", "status")
    assert status.code == 6 and "offline mode" in status.err


def test_files_are_split_at_the_size_limit(offline_device, cli, monkeypatch) -> None:
    assert cli("fdms", "open-day").code == 0
    for _ in range(5):
        assert cli("fdms", "receipt", "submit", *SALE).code == 0
    monkeypatch.setattr(offline, "MAX_FILE_BYTES", offline.OVERHEAD + 2500)
    files = json.loads(cli("fdms", "sync", "--format", "json").out)
    assert len(files) >= 3
    assert sum(f["receipts"] for f in files) == 5
    assert [f["sequence"] for f in files] == list(range(1, len(files) + 1))
    assert {f["status"] for f in files} == {"accepted"}


def test_file_kept_when_fdms_is_down_and_sent_later(offline_device, cli, db, simulator) -> None:
    assert cli("fdms", "open-day").code == 0
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    simulator.simulator.faults.add("error500", "SubmitFile")
    failed = cli("fdms", "sync")
    assert failed.code == 6 and "written and kept" in failed.err
    assert db.rows("SELECT status FROM fdms_files") == [("written",)]
    assert cli("fdms", "sync").code == 0
    assert db.rows("SELECT status FROM fdms_files") == [("accepted",)]
    assert simulator.simulator.store.one("SELECT COUNT(*) FROM receipts")[0] == 1


def test_a_file_changed_on_disk_is_not_sent(offline_device, cli, db, simulator) -> None:
    assert cli("fdms", "open-day").code == 0
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    simulator.simulator.faults.add("error500", "SubmitFile")
    assert cli("fdms", "sync").code == 6
    path = offline_device.home / db.scalar("SELECT path FROM fdms_files")
    path.write_bytes(path.read_bytes().replace(b"Bread", b"Cake!"))
    refused = cli("fdms", "sync")
    assert refused.code == 5 and "changed after it was written" in refused.err


def test_rejected_file_puts_its_receipts_back_in_the_queue(
    offline_device, cli, db, simulator
) -> None:
    assert cli("fdms", "open-day").code == 0
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    # FDMS already holds a closed day 1 for this device: the file is refused (FILE04)
    simulator.simulator.store.run(
        "INSERT INTO days (device_id, day_no, status, opened) VALUES "
        "(?, 1, 'FiscalDayClosed', '2026-01-01T08:00:00')",
        DEVICE_ID,
    )
    files = json.loads(cli("fdms", "sync", "--format", "json").out)
    assert [(f["status"], f["error_code"]) for f in files] == [("rejected", "FILE04")]
    assert db.rows("SELECT status, last_error_code FROM fdms_receipts") == [("queued", "FILE04")]
    status = cli("fdms", "offline", "status")
    assert status.code == 6
