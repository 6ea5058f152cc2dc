"""The exact strings FDMS hashes and signs, and the formats inside them (pure, no I/O).

Everything here follows ``fdms-spec.md``: the receipt string (device hash and signature), the
FDMS receipt signature string, the fiscal day string with its counter order, the QR URL and the
verification code. Amounts in the strings are signed integer cents; percentages have exactly
two decimals and are empty for exempt taxes; datetimes are local ``YYYY-MM-DDTHH:mm:ss``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

RECEIPT_TYPES = ("FiscalInvoice", "CreditNote", "DebitNote")
MONEY_TYPES = ("Cash", "Card", "MobileWallet", "Coupon", "Credit", "BankTransfer", "Other")
COUNTER_TYPES = (
    "SaleByTax",
    "SaleTaxByTax",
    "CreditNoteByTax",
    "CreditNoteTaxByTax",
    "DebitNoteByTax",
    "DebitNoteTaxByTax",
    "BalanceByMoneyType",
)
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def fdms_datetime(value: datetime) -> str:
    """A local datetime as FDMS writes it: ``2025-05-06T12:40:34`` (no zone, no fraction)."""
    return value.strftime(DATETIME_FORMAT)


def parse_fdms_datetime(text: str) -> datetime:
    """``YYYY-MM-DDTHH:mm:ss`` → naive local datetime (ValueError when malformed)."""
    if (
        not isinstance(text, str)
        or len(text) != 19
        or text[10] != "T"
        or text[4] != "-"
        or text[7] != "-"
        or text[13] != ":"
        or text[16] != ":"
    ):
        raise ValueError(f"{text!r} is not a datetime written YYYY-MM-DDTHH:mm:ss")
    return datetime.fromisoformat(text)


def cents(value: Decimal | int) -> int:
    """Signed integer cents of an amount with at most 2 decimals (12.34 → 1234)."""
    scaled = Decimal(value) * _HUNDRED
    if scaled != scaled.to_integral_value():
        raise ValueError(f"amount {value} has more than 2 decimal places")
    return int(scaled)


def percent_text(value: Decimal | int | None) -> str:
    """A tax percent with exactly 2 decimals (``15.00``); empty for an exempt tax (None)."""
    if value is None:
        return ""
    return f"{Decimal(value).quantize(_CENT):f}"


def sha256_b64(text: str) -> str:
    """base64(SHA-256(UTF-8 text)) — the hash FDMS expects."""
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _tax_key(tax: Mapping[str, Any]) -> tuple[int, str]:
    return int(tax["taxID"]), str(tax.get("taxCode") or "")


def ordered_taxes(taxes: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """receiptTaxes in the order of the signed string: taxID ascending, then taxCode."""
    return sorted(taxes, key=_tax_key)


def receipt_string(
    device_id: int, receipt: Mapping[str, Any], previous_hash: str | None = None
) -> str:
    """The receipt string that is hashed and signed (spec: "The string that is hashed").

    ``previous_hash`` is the previous receipt's device hash in the same fiscal day (None for
    the first receipt of the day); it is not a field of the receipt JSON.
    """
    parts = [
        str(int(device_id)),
        str(receipt["receiptType"]).upper(),
        str(receipt["receiptCurrency"]).upper(),
        str(int(receipt["receiptGlobalNo"])),
        str(receipt["receiptDate"]),
        str(cents(receipt["receiptTotal"])),
    ]
    for tax in ordered_taxes(receipt["receiptTaxes"]):
        parts.append(
            str(tax.get("taxCode") or "")
            + percent_text(tax.get("taxPercent"))
            + str(cents(tax["taxAmount"]))
            + str(cents(tax["salesAmountWithTax"]))
        )
    if previous_hash:
        parts.append(previous_hash)
    return "".join(parts)


def receipt_server_string(device_signature: str, receipt_id: int, server_date: str) -> str:
    """What FDMS signs for a receipt: device signature (base64) + receiptID + serverDate."""
    return f"{device_signature}{int(receipt_id)}{server_date}"


def counter_sort_key(counter: Mapping[str, Any]) -> tuple[int, str, int]:
    """Enum order of type, then currency, then taxID (by-tax) or money type enum order."""
    kind = COUNTER_TYPES.index(counter["fiscalCounterType"])
    if counter["fiscalCounterType"] == "BalanceByMoneyType":
        third = MONEY_TYPES.index(counter["fiscalCounterMoneyType"])
    else:
        third = int(counter["fiscalCounterTaxID"])
    return kind, str(counter["fiscalCounterCurrency"]).upper(), third


def ordered_counters(counters: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Counters in the order FDMS signs and expects them (never alphabetical)."""
    return sorted(counters, key=counter_sort_key)


def counter_text(counter: Mapping[str, Any]) -> str:
    """One counter in the day string: TYPE + CURRENCY + (percent | MONEYTYPE) + cents."""
    if counter["fiscalCounterType"] == "BalanceByMoneyType":
        middle = str(counter["fiscalCounterMoneyType"]).upper()
    else:
        middle = percent_text(counter.get("fiscalCounterTaxPercent"))
    return (
        str(counter["fiscalCounterType"]).upper()
        + str(counter["fiscalCounterCurrency"]).upper()
        + middle
        + str(cents(counter["fiscalCounterValue"]))
    )


def day_string(
    device_id: int, day_no: int, day_date: date, counters: Sequence[Mapping[str, Any]]
) -> str:
    """The fiscal day string the device signs at CloseDay (counters in enum order)."""
    body = "".join(counter_text(c) for c in ordered_counters(counters))
    return f"{int(device_id)}{int(day_no)}{day_date.isoformat()}{body}"


def day_server_string(
    device_id: int,
    day_no: int,
    day_date: date,
    closed: str,
    mode: str,
    counters: Sequence[Mapping[str, Any]],
    device_signature: str,
) -> str:
    """What FDMS signs for a closed day: ... + fiscalDayClosed + AUTO|MANUAL + counters + sig."""
    body = "".join(counter_text(c) for c in ordered_counters(counters))
    return (
        f"{int(device_id)}{int(day_no)}{day_date.isoformat()}{closed}{mode.upper()}"
        f"{body}{device_signature}"
    )


def verification_code(device_signature: str) -> str:
    """First 16 hex characters (upper case) of MD5 over the decoded device signature."""
    raw = base64.b64decode(device_signature)
    return hashlib.md5(raw, usedforsecurity=False).hexdigest()[:16].upper()


def grouped_code(code: str) -> str:
    """The printed form of the verification code: ``4C8B-E276-6333-0417``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def qr_url(
    qr_base: str, device_id: int, receipt_date: str, global_no: int, device_signature: str
) -> str:
    """The QR code URL printed on a receipt (spec: "QR code and verification code")."""
    when = parse_fdms_datetime(receipt_date)
    return (
        f"{qr_base.rstrip('/')}/{int(device_id):010d}{when:%d%m%Y}{int(global_no):010d}"
        f"{verification_code(device_signature)}"
    )


def csr_common_name(serial_no: str, device_id: int) -> str:
    """The subject CN FDMS requires in a device CSR."""
    return f"ZIMRA-{serial_no}-{int(device_id):010d}"
