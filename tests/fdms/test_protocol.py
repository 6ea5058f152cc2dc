"""The spec's test vectors and the formats of the signed strings."""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from decimal import Decimal

import pytest

from ledgerctl.fdms.domain import protocol, wire

VECTOR_1 = (
    "322CREDITNOTEUSD852020-09-19T09:23:07-40350-7000.000-100014.50-300-2300"
    "hNVJXP/ACOiE8McD3pKsDlqBXpuaUqQOfPnMyfZWI9k="
)
HASH_1 = "F9/QB0vhxQlEF2nk+oebwP8V+qBcNlOFvoTeE/1QxPc="
VECTOR_2 = "24455FISCALINVOICEUSD72025-05-06T12:40:345810581"
HASH_2 = "oDCrjJ5wjYdt+DjjqEJ6Z9zEtjttpb5OYLlYh9Avsic="


def test_vector_strings_hash_as_the_spec_says() -> None:
    assert protocol.sha256_b64(VECTOR_1) == HASH_1
    assert protocol.sha256_b64(VECTOR_2) == HASH_2


def test_vector_1_is_built_from_a_credit_note() -> None:
    receipt = {
        "receiptType": "CreditNote",
        "receiptCurrency": "usd",
        "receiptGlobalNo": 85,
        "receiptDate": "2020-09-19T09:23:07",
        "receiptTotal": Decimal("-40.35"),
        # given out of order on purpose: the string orders by taxID
        "receiptTaxes": [
            {
                "taxID": 3,
                "taxPercent": Decimal("14.5"),
                "taxAmount": Decimal("-3.00"),
                "salesAmountWithTax": Decimal("-23.00"),
            },
            {"taxID": 1, "taxAmount": Decimal("0"), "salesAmountWithTax": Decimal("-7.00")},
            {
                "taxID": 2,
                "taxPercent": Decimal("0"),
                "taxAmount": Decimal("0.00"),
                "salesAmountWithTax": Decimal("-10.00"),
            },
        ],
    }
    text = protocol.receipt_string(322, receipt, "hNVJXP/ACOiE8McD3pKsDlqBXpuaUqQOfPnMyfZWI9k=")
    assert text == VECTOR_1
    assert protocol.sha256_b64(text) == HASH_1


def test_vector_2_first_receipt_of_the_day_exempt_tax_without_code() -> None:
    receipt = {
        "receiptType": "FiscalInvoice",
        "receiptCurrency": "USD",
        "receiptGlobalNo": 7,
        "receiptDate": "2025-05-06T12:40:34",
        "receiptTotal": Decimal("5.81"),
        "receiptTaxes": [
            {"taxID": 1, "taxAmount": Decimal("0.00"), "salesAmountWithTax": Decimal("5.81")}
        ],
    }
    assert protocol.receipt_string(24455, receipt) == VECTOR_2
    assert protocol.sha256_b64(protocol.receipt_string(24455, receipt)) == HASH_2


def test_tax_code_sorts_empty_first_within_a_tax_id() -> None:
    taxes = [{"taxID": 2, "taxCode": "B"}, {"taxID": 2}, {"taxID": 1, "taxCode": "Z"}]
    assert [(t["taxID"], t.get("taxCode")) for t in protocol.ordered_taxes(taxes)] == [
        (1, "Z"),
        (2, None),
        (2, "B"),
    ]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("12.34"), 1234),
        (Decimal("-9450.00"), -945000),
        (Decimal("0"), 0),
        (Decimal("0.5"), 50),
        (7, 700),
    ],
)
def test_cents(amount: Decimal, expected: int) -> None:
    assert protocol.cents(amount) == expected


def test_cents_refuse_fractions_of_a_cent() -> None:
    with pytest.raises(ValueError, match="more than 2 decimal places"):
        protocol.cents(Decimal("1.005"))


@pytest.mark.parametrize(
    ("percent", "text"),
    [(Decimal("15"), "15.00"), (Decimal("0"), "0.00"), (Decimal("15.5"), "15.50"), (None, "")],
)
def test_percent_text(percent: Decimal | None, text: str) -> None:
    assert protocol.percent_text(percent) == text


def _counter(
    kind: str,
    currency: str,
    value: str,
    *,
    tax_id: int | None = None,
    percent: str | None = None,
    money: str | None = None,
) -> dict[str, object]:
    c: dict[str, object] = {
        "fiscalCounterType": kind,
        "fiscalCounterCurrency": currency,
        "fiscalCounterValue": Decimal(value),
    }
    if money:
        c["fiscalCounterMoneyType"] = money
    else:
        c["fiscalCounterTaxID"] = tax_id
        if percent is not None:
            c["fiscalCounterTaxPercent"] = Decimal(percent)
    return c


def test_day_string_orders_counters_by_enum_not_alphabet() -> None:
    counters = [
        _counter("BalanceByMoneyType", "USD", "20.00", money="Card"),
        _counter("BalanceByMoneyType", "USD", "10.00", money="Cash"),
        _counter("SaleTaxByTax", "USD", "1.30", tax_id=3, percent="15"),
        _counter("SaleByTax", "USD", "10.00", tax_id=3, percent="15"),
        _counter("SaleByTax", "USD", "5.00", tax_id=1),
        _counter("CreditNoteByTax", "USD", "-2.00", tax_id=1),
        _counter("SaleByTax", "EUR", "4.00", tax_id=1),
    ]
    text = protocol.day_string(321, 84, date(2019, 9, 23), counters)
    assert text == (
        "321842019-09-23"
        "SALEBYTAXEUR400"
        "SALEBYTAXUSD500"
        "SALEBYTAXUSD15.001000"
        "SALETAXBYTAXUSD15.00130"
        "CREDITNOTEBYTAXUSD-200"
        "BALANCEBYMONEYTYPEUSDCASH1000"
        "BALANCEBYMONEYTYPEUSDCARD2000"
    )


def test_empty_day_signs_device_day_and_date_only() -> None:
    assert protocol.day_string(321, 1, date(2026, 3, 2), []) == "32112026-03-02"


def test_qr_url_and_verification_code() -> None:
    signature = base64.b64encode(b"\x30\x45signature-bytes").decode()
    expected_code = hashlib.md5(b"\x30\x45signature-bytes").hexdigest()[:16].upper()
    url = protocol.qr_url(
        "https://fdmstest.zimra.co.zw/", 321, "2026-03-02T09:05:00", 15, signature
    )
    assert url == f"https://fdmstest.zimra.co.zw/0000000321020320260000000015{expected_code}"
    grouped = protocol.grouped_code(expected_code)
    assert len(grouped) == 19 and grouped.count("-") == 3


def test_csr_common_name() -> None:
    assert protocol.csr_common_name("SN-001", 321) == "ZIMRA-SN-001-0000000321"


def test_wire_keeps_decimals_exact() -> None:
    text = wire.dumps({"a": Decimal("15.50"), "b": [1, "x", None, True]})
    assert text == '{"a":15.50,"b":[1,"x",null,true]}'
    back = wire.loads(text)
    assert back["a"] == Decimal("15.50") and isinstance(back["a"], Decimal)
    with pytest.raises(wire.WireError):
        wire.dumps({"a": 1.5})
    with pytest.raises(wire.WireError, match="not JSON"):
        wire.loads("<html>")
