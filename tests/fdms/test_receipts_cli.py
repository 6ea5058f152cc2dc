"""`fdms receipt submit` end to end over HTTPS: numbering, chain, answers, notes, bad input."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ledgerctl.fdms.domain import protocol, wire
from tests.fdms.conftest import SALE


def _fields(out: str) -> dict[str, object]:
    shown = json.loads(out)  # `receipt submit` shows one object
    assert isinstance(shown, dict)
    return {**shown, "total": f"{shown['total']} {shown['currency']}"}


def test_invoice_is_numbered_chained_signed_and_accepted(open_day, cli, db, simulator) -> None:
    first = cli("fdms", "receipt", "submit", *SALE, "--format", "json")
    assert first.code == 0, first.err
    second = cli(
        "fdms",
        "receipt",
        "submit",
        "--total",
        "11.55",
        "--tax",
        "15.5",
        "--hs-code",
        "99010000",
        "--invoice-no",
        "INV-2",
        "--format",
        "json",
    )
    assert second.code == 0, second.err
    a, b = _fields(first.out), _fields(second.out)
    assert (a["receipt_global_no"], a["receipt_counter"], a["status"]) == (1, 1, "accepted")
    assert (b["receipt_global_no"], b["receipt_counter"], b["invoice_no"]) == (2, 2, "INV-2")
    assert b["total"] == "11.55 USD"
    assert str(a["qr_url"]).startswith("https://fdmstest.zimra.co.zw/0000000321")
    assert len(str(a["verification_code"])) == 19
    rows = db.rows(
        "SELECT global_no, previous_hash, device_hash, receipt_id, server_signature "
        "FROM fdms_receipts ORDER BY global_no"
    )
    assert rows[0][1] is None and rows[1][1] == rows[0][2]  # the chain
    assert rows[0][3] is not None and rows[0][4]
    stored = simulator.simulator.store.all("SELECT hash, errors FROM receipts ORDER BY global_no")
    assert [s["hash"] for s in stored] == [r[2] for r in rows]
    assert all(json.loads(s["errors"]) == [] for s in stored)  # FDMS found nothing wrong


def test_payload_is_exactly_what_the_spec_signs(open_day, cli, db) -> None:
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    payload, device_hash = db.rows("SELECT payload, device_hash FROM fdms_receipts")[0]
    receipt = wire.loads(payload)
    assert receipt["receiptTaxes"] == [
        {"taxID": 1, "taxAmount": Decimal("0.00"), "salesAmountWithTax": Decimal("2.00")},
        {
            "taxPercent": Decimal("15.50"),
            "taxID": 517,
            "taxAmount": Decimal("0.40"),
            "salesAmountWithTax": Decimal("3.00"),
        },
    ]
    assert "15.500" not in payload and '"taxPercent":15.50' in payload
    assert protocol.sha256_b64(protocol.receipt_string(321, receipt)) == device_hash


def test_credit_and_debit_notes(open_day, cli, db) -> None:
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    full = cli(
        "fdms",
        "receipt",
        "submit",
        "--type",
        "credit-note",
        "--original",
        "1",
        "--notes",
        "returned",
        "--format",
        "json",
    )
    assert full.code == 0, full.err
    assert _fields(full.out)["total"] == "-5.00 USD"
    more = cli(
        "fdms",
        "receipt",
        "submit",
        "--type",
        "credit-note",
        "--original",
        "1",
        "--notes",
        "again",
        "--line",
        "Milk;1;2.00;exempt;04011000",
    )
    assert more.code == 2 and "more than what is left to credit" in more.err
    debit = cli(
        "fdms",
        "receipt",
        "submit",
        "--type",
        "debit-note",
        "--original",
        "1",
        "--notes",
        "price correction",
        "--line",
        "Bread;1;0.50;15.5;19059000",
    )
    assert debit.code == 0, debit.err
    kinds = db.rows(
        "SELECT receipt_type, total, original_global_no, validation_color FROM "
        "fdms_receipts ORDER BY global_no"
    )
    assert kinds == [
        ("FiscalInvoice", 500, None, None),
        ("CreditNote", -500, 1, None),
        ("DebitNote", 50, 1, None),
    ]
    assert cli("fdms", "close-day").code == 0


def test_receipt_from_a_json_draft_and_source_idempotency(open_day, cli, db, tmp_path) -> None:
    draft = {
        "receipt_type": "invoice",
        "currency": "USD",
        "source": "pos:S-000123",
        "lines": [
            {
                "name": "Sugar 2kg",
                "quantity": "3",
                "unit_price": "2.40",
                "tax_percent": "15.5",
                "hs_code": "17019900",
            }
        ],
        "payments": [{"money_type": "MobileWallet", "amount": "7.20"}],
        "buyer": {"register_name": "Acme (Pvt) Ltd", "tin": "2000999999"},
    }
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(draft))
    first = cli("fdms", "receipt", "submit", "--from-json", str(path))
    assert first.code == 0, first.err
    again = cli("fdms", "receipt", "submit", "--from-json", str(path))
    assert again.code == 0 and "already fiscalised as receipt 1" in again.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_receipts") == 1
    payload = wire.loads(db.scalar("SELECT payload FROM fdms_receipts"))
    assert payload["buyerData"] == {"buyerRegisterName": "Acme (Pvt) Ltd", "buyerTIN": "2000999999"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("--line", "Bread;2;1.50;15.5;19059000", "--total", "4.00"),
            2,
            "does not match the lines",
        ),
        (
            ("--line", "Bread;2;1.50;15.5;19059000", "--payment", "Cash=2.00"),
            2,
            "payments add up to 2.00",
        ),
        (
            (
                "--line",
                "Bread;2;1.50;16;19059000",
            ),
            2,
            "unknown tax",
        ),
        (
            (
                "--line",
                "Bread;2;1.50;15.5",
            ),
            2,
            "HS code",
        ),
        (
            (
                "--line",
                "Bread;two;1.50;15.5;19059000",
            ),
            2,
            "--line 1 quantity",
        ),
        (
            (
                "--line",
                "Bread;2;1.50",
            ),
            2,
            "NAME;QTY;UNIT_PRICE;TAX",
        ),
        (
            (
                "--total",
                "5.00",
            ),
            2,
            "--tax",
        ),
        (("--line", "Bread;2;1.50;15.5;19059000", "--currency", "DOLLARS"), 2, "currency"),
        (("--line", "Bread;2;1.50;15.5;19059000", "--buyer-name", "Acme"), 2, "--buyer-tin"),
        (("--type", "credit-note", "--notes", "x"), 2, "--original"),
        (("--type", "credit-note", "--original", "99", "--notes", "x"), 3, "receipt 99"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(open_day, cli, db, args, code, message) -> None:
    before = db.scalar("SELECT COUNT(*) FROM audit_log")
    result = cli("fdms", "receipt", "submit", *args)
    assert result.code == code, result.err
    assert message in result.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_receipts") == 0
    assert db.scalar("SELECT COUNT(*) FROM audit_log") == before
    assert db.scalar("SELECT last_global_no FROM fdms_devices") == 0


def test_duplicate_invoice_number_is_a_conflict(open_day, cli, db) -> None:
    assert cli("fdms", "receipt", "submit", *SALE, "--invoice-no", "A-1").code == 0
    again = cli("fdms", "receipt", "submit", *SALE, "--invoice-no", "A-1")
    assert again.code == 4 and "A-1" in again.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_receipts") == 1


def test_no_open_day_means_no_receipt(registered, cli, db) -> None:
    result = cli("fdms", "receipt", "submit", *SALE)
    assert result.code == 4 and "open-day" in result.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_receipts") == 0


def test_day_past_its_maximum_hours_refuses_receipts(open_day, cli, db) -> None:
    open_day.sql("UPDATE fdms_days SET opened_local = '2020-01-01T08:00:00'")
    result = cli("fdms", "receipt", "submit", *SALE)
    assert result.code == 4 and "taxPayerDayMaxHrs" in result.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_receipts") == 0


def test_day_end_notice_before_the_limit(open_day, cli) -> None:
    from datetime import timedelta

    from ledgerctl.fdms.domain import protocol
    from ledgerctl.fdms.settings import FdmsSettings

    now = FdmsSettings().local_now()  # FDMS local time (Africa/Harare)
    opened = protocol.fdms_datetime(now - timedelta(hours=23))  # a 24 h day, notice at 22 h
    open_day.sql(f"UPDATE fdms_days SET opened_local = '{opened}'")
    result = cli("fdms", "receipt", "submit", *SALE)
    assert result.code == 0 and "must be closed by" in result.err


def test_list_and_show(open_day, cli) -> None:
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    listed = json.loads(cli("fdms", "receipt", "list", "--format", "json").out)
    assert [(r["global_no"], r["status"]) for r in listed] == [(1, "accepted")]
    shown = json.loads(cli("fdms", "receipt", "show", "1", "--format", "json").out)
    assert (shown["receipt_global_no"], shown["status"]) == (1, "accepted")  # one object
    assert [line["no"] for line in shown["lines"]] == [1, 2] and shown["payments"]
    assert cli("fdms", "receipt", "show", "7").code == 3


def test_non_vat_taxpayer_may_not_charge_vat(fdms_ws, simulator, cli) -> None:
    from tests.fdms.conftest import configure

    configure(fdms_ws, simulator, device_id=555, serial_no="SN-0555")
    assert cli("fdms", "device", "register", "--activation-key", "ZXCV5678").code == 0
    assert cli("fdms", "open-day").code == 0
    vat = cli("fdms", "receipt", "submit", "--line", "Bread;1;1.00;15.5")
    assert vat.code == 2 and "not VAT-registered" in vat.err
    exempt = cli("fdms", "receipt", "submit", "--line", "Bread;1;1.00;exempt")
    assert exempt.code == 0, exempt.err  # no HS code needed for a non-VAT payer
