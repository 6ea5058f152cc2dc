"""`fdms audit`, `audit check` and `fdms pre-golive-check`: tampering is found, exit 5."""

from __future__ import annotations

import json

import pytest

from ledgerctl.fdms import audit_check
from tests.fdms.conftest import SALE


@pytest.fixture
def closed_day(open_day, cli):  # type: ignore[no-untyped-def]
    for _ in range(3):
        assert cli("fdms", "receipt", "submit", *SALE).code == 0
    assert cli("fdms", "close-day").code == 0
    assert cli("fdms", "open-day").code == 0
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    return open_day


def test_intact_store_passes(closed_day, cli) -> None:
    result = cli("fdms", "audit")
    assert result.code == 0, result.err
    assert "4 receipt(s), 2 fiscal day(s) checked" in result.err
    checks = json.loads(cli("audit", "check", "--format", "json").out)
    fdms = next(c for c in checks if c["check"] == "fdms receipt chain")
    assert fdms["status"] == "ok" and fdms["checked"] == 4


@pytest.mark.parametrize(
    ("sql", "where", "what"),
    [
        ("UPDATE fdms_receipts SET total = 999 WHERE global_no = 2", "receipt 2", "stored total"),
        (
            "UPDATE fdms_receipts SET payload = REPLACE(payload, '\"Bread\"', '\"Bread!\"') "
            "WHERE global_no = 2",
            "receipt 2",
            "edited after it was issued",
        ),
        (
            "UPDATE fdms_receipts SET payload = REPLACE(payload, '\"paymentAmount\"\\:3.00', "
            "'\"paymentAmount\"\\:4.00'), content_hash = 'x' WHERE global_no = 3",
            "receipt 3",
            "edited after it was issued",
        ),
        (
            "UPDATE fdms_receipts SET previous_hash = NULL WHERE global_no = 2",
            "receipt 2",
            "chain broken",
        ),
        ("DELETE FROM fdms_receipts WHERE global_no = 2", "receipt 3", "missing"),
        (
            "UPDATE fdms_receipts SET server_signature = device_signature WHERE global_no = 1",
            "receipt 1",
            "FDMS's signature",
        ),
        (
            "UPDATE fdms_days SET counters = REPLACE(counters, '\"9.00\"', '\"90.00\"') "
            "WHERE day_no = 1",
            "fiscal day 1",
            "counters differ",
        ),
        ("DELETE FROM fdms_receipts WHERE global_no = 4", "numbering", "receipts deleted"),
    ],
)
def test_tampering_is_found(closed_day, cli, sql, where, what) -> None:
    closed_day.sql(sql)
    result = cli("fdms", "audit", "--verbose")
    assert result.code == 5, result.err
    assert f"broken at device 321 {where}" in result.err
    assert what in result.err or what in result.out
    checks = json.loads(cli("audit", "check", "--format", "json").out)
    assert next(c for c in checks if c["check"] == "fdms receipt chain")["status"] != "ok"


def test_resigned_receipt_without_the_key_fails_the_signature(closed_day, cli, db) -> None:
    from ledgerctl.fdms import keys
    from ledgerctl.fdms.domain import protocol, wire

    payload = wire.loads(db.scalar("SELECT payload FROM fdms_receipts WHERE global_no = 4"))
    payload["receiptLines"][0]["receiptLineName"] = "Cake"
    forged = keys.sign_text(keys.generate_key(), protocol.receipt_string(321, payload))
    payload["receiptDeviceSignature"] = {"hash": forged.hash, "signature": forged.signature}
    text = wire.dumps(payload)
    digest = __import__("hashlib").sha256(text.encode()).hexdigest()
    _raw_update(
        db,
        "UPDATE fdms_receipts SET payload = {p}, content_hash = {p}, device_hash = "
        "{p}, device_signature = {p} WHERE global_no = 4",
        text,
        digest,
        forged.hash,
        forged.signature,
    )
    result = cli("fdms", "audit")
    assert result.code == 5 and "device signature does not verify" in result.err


def test_pre_golive_check(closed_day, cli) -> None:
    not_ready = cli("fdms", "pre-golive-check", "--format", "json")
    assert not_ready.code == 4  # the second day is still open
    failed = {c["check"] for c in json.loads(not_ready.out) if c["ok"] == "FAIL"}
    assert failed == {"fiscal day closed"}
    assert cli("fdms", "close-day").code == 0
    assert cli("fdms", "pre-golive-check").code == 0
    closed_day.sql("UPDATE fdms_receipts SET total = 1 WHERE global_no = 1")
    assert cli("fdms", "pre-golive-check").code == 5


def test_pre_golive_check_before_any_receipt(open_day, cli) -> None:
    result = cli("fdms", "pre-golive-check", "--format", "json")
    assert result.code == 4
    failed = {c["check"] for c in json.loads(result.out) if c["ok"] == "FAIL"}
    assert failed == {"test receipts submitted", "fiscal day closed"}


def test_parallel_audit_finds_the_same_problems(
    closed_day, cli, db, workspace, monkeypatch
) -> None:
    """The worker-process path of large audits gives the same answer."""
    from ledgerctl.fdms.audit import audit

    closed_day.sql("UPDATE fdms_receipts SET total = 999 WHERE global_no = 2")
    ctx = workspace.ctx()
    serial = audit(ctx)
    monkeypatch.setattr(audit_check, "PARALLEL_FROM", 1)
    monkeypatch.setattr(audit_check, "CHUNK", 1)
    parallel = audit(ctx)
    ctx.dispose()
    assert [str(f) for f in parallel.findings] == [str(f) for f in serial.findings]
    assert len(serial.findings) == 1


def test_consistent_edit_of_payload_and_columns_is_still_found(closed_day, cli, db) -> None:
    import hashlib

    from ledgerctl.fdms.domain import wire

    payload = wire.loads(db.scalar("SELECT payload FROM fdms_receipts WHERE global_no = 4"))
    payload["receiptLines"][0]["receiptLineName"] = "Cake"  # not part of the signed string
    text = wire.dumps(payload)
    digest = hashlib.sha256(text.encode()).hexdigest()
    _raw_update(
        db,
        "UPDATE fdms_receipts SET payload = {p}, content_hash = {p} WHERE global_no = 4",
        text,
        digest,
    )
    result = cli("fdms", "audit")
    assert result.code == 5
    assert "differs from what the audit log recorded at issue" in result.err


def _raw_update(db, sql: str, *values: object) -> None:  # type: ignore[no-untyped-def]
    """Tamper behind the tool's back with driver-level parameters (payloads hold colons)."""
    with db.engine.begin() as conn:
        marker = "%s" if conn.dialect.name == "postgresql" else "?"
        conn.exec_driver_sql(sql.format(p=marker), tuple(values))
