"""Receipt validation of the simulated FDMS: the RCPTxxx rules (the 400 check is ``shape``).

Written independently of the client's receipt builder (integer-cent arithmetic with
fractions here), so a mistake on one side shows up as a validation error on the other.
Colours: Red blocks the day's close, Yellow is a warning, Gray marks a gap (the previous
receipt has not arrived) and is re-checked when it does.
"""

from __future__ import annotations

import base64
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import protocol
from ledgerctl.fdms.simulator.codes import COLOURS, DESCRIPTIONS
from ledgerctl.fdms.simulator.store import SimStore, load

CURRENCIES = frozenset({"USD", "ZWG", "ZWL", "ZAR", "GBP", "EUR", "BWP", "CNY", "ZMW", "MZN"})
_HS = re.compile(r"^(\d{4}|\d{8})$")
CHAIN_CODES = ("RCPT011", "RCPT012", "RCPT030")

# --- the RCPT rules -------------------------------------------------------------------------


@dataclass
class Context:
    """What the rules need to know besides the receipt itself."""

    store: SimStore
    device: sqlite3.Row
    day_no: int
    day_opened: datetime
    taxes: list[dict[str, Any]]
    public_keys: list[keys.PublicKey]
    now: datetime


@dataclass
class Found:
    codes: dict[str, str] = field(default_factory=dict)

    def add(self, code: str, colour: str | None = None) -> None:
        colour = colour or COLOURS.get(code, "Red")
        if code not in self.codes or self.codes[code] == "Gray":
            self.codes[code] = colour

    def as_list(self) -> list[dict[str, str]]:
        return [
            {
                "validationErrorCode": c,
                "validationErrorColor": colour,
                "validationErrorDescription": DESCRIPTIONS[c],
            }
            for c, colour in sorted(self.codes.items())
        ]


def _round_cents(value: Fraction) -> Decimal:
    cents = abs(value) * 100
    whole = int(cents + Fraction(1, 2))
    return Decimal(whole if value >= 0 else -whole).scaleb(-2)


def expected_tax(
    sales: Decimal, percent: Decimal | None, inclusive: bool
) -> tuple[Decimal, Decimal]:
    """(taxAmount, salesAmountWithTax) the way FDMS checks them."""
    if not percent:
        return Decimal("0.00"), sales
    p = Fraction(percent)
    tax = _round_cents(Fraction(sales) * p / (100 + p) if inclusive else Fraction(sales) * p / 100)
    return tax, sales if inclusive else sales + tax


def _tax_config(ctx: Context, tax_id: int, when: date) -> dict[str, Any] | None:
    for tax in ctx.taxes:
        if int(tax["taxID"]) != tax_id:
            continue
        start = date.fromisoformat(str(tax["validFrom"])[:10])
        till = tax.get("validTill")
        if start <= when and (not till or when <= date.fromisoformat(str(till)[:10])):
            return tax
    return None


def _check_taxes(ctx: Context, r: Mapping[str, Any], when: date, found: Found) -> None:
    vat_payer = bool(ctx.device["vat_number"])
    for item in [*r["receiptLines"], *r["receiptTaxes"]]:
        config = _tax_config(ctx, int(item["taxID"]), when)
        percent = item.get("taxPercent")
        if (
            config is None
            or (config.get("taxPercent") is None) != (percent is None)
            or (percent is not None and Decimal(config["taxPercent"]) != Decimal(percent))
        ):
            found.add("RCPT025")
        elif percent is not None and not vat_payer:
            found.add("RCPT021")
    sums: dict[tuple[int, str], Decimal] = {}
    for line in r["receiptLines"]:
        key = (int(line["taxID"]), str(line.get("taxCode") or ""))
        sums[key] = sums.get(key, Decimal(0)) + Decimal(line["receiptLineTotal"])
    for tax in r["receiptTaxes"]:
        key = (int(tax["taxID"]), str(tax.get("taxCode") or ""))
        percent = None if tax.get("taxPercent") is None else Decimal(tax["taxPercent"])
        amount, sales = expected_tax(
            sums.get(key, Decimal(0)), percent, bool(r["receiptLinesTaxInclusive"])
        )
        if Decimal(tax["taxAmount"]) != amount:
            found.add("RCPT026")
        if Decimal(tax["salesAmountWithTax"]) != sales:
            found.add("RCPT027")


def _check_lines(ctx: Context, r: Mapping[str, Any], found: Found) -> None:
    credit = r["receiptType"] == "CreditNote"
    vat_payer = bool(ctx.device["vat_number"])
    for line in r["receiptLines"]:
        amount = Decimal(line.get("receiptLinePrice", line["receiptLineTotal"]))
        negative = credit != (line["receiptLineType"] == "Discount")
        if (amount > 0 and negative) or (amount < 0 and not negative):
            found.add("RCPT022")
        if Decimal(line["receiptLineQuantity"]) <= 0:
            found.add("RCPT023")
        if "receiptLinePrice" in line:
            exact = Fraction(line["receiptLinePrice"]) * Fraction(line["receiptLineQuantity"])
            if _round_cents(exact) != Decimal(line["receiptLineTotal"]):
                found.add("RCPT024")
        hs = line.get("receiptLineHSCode")
        if vat_payer and not hs:
            found.add("RCPT047")
        elif hs and not _HS.match(str(hs)):
            found.add("RCPT048")


def _check_totals(r: Mapping[str, Any], found: Found) -> None:
    total = Decimal(r["receiptTotal"])
    lines = sum((Decimal(x["receiptLineTotal"]) for x in r["receiptLines"]), Decimal(0))
    taxes = sum((Decimal(x["taxAmount"]) for x in r["receiptTaxes"]), Decimal(0))
    if r["receiptLinesTaxInclusive"] and total != lines:
        found.add("RCPT019")
    if not r["receiptLinesTaxInclusive"] and total != lines + taxes:
        found.add("RCPT037")
    if total != sum((Decimal(x["salesAmountWithTax"]) for x in r["receiptTaxes"]), Decimal(0)):
        found.add("RCPT038")
    if total != sum((Decimal(x["paymentAmount"]) for x in r["receiptPayments"]), Decimal(0)):
        found.add("RCPT039")
    credit = r["receiptType"] == "CreditNote"
    if (credit and total > 0) or (not credit and total < 0):
        found.add("RCPT040")
    for pay in r["receiptPayments"]:
        amount = Decimal(pay["paymentAmount"])
        if (credit and amount > 0) or (not credit and amount < 0):
            found.add("RCPT028")


def find_original(store: SimStore, ref: Mapping[str, Any]) -> sqlite3.Row | None:
    """The receipt a creditDebitNote object points at."""
    if ref.get("receiptID") is not None:
        return store.one("SELECT * FROM receipts WHERE receipt_id = ?", int(ref["receiptID"]))
    if ref.get("deviceID") is None or ref.get("receiptGlobalNo") is None:
        return None
    row = store.receipt_by_global(int(ref["deviceID"]), int(ref["receiptGlobalNo"]))
    if row is not None and ref.get("fiscalDayNo") not in (None, row["day_no"]):
        return None
    return row


def _check_note(ctx: Context, r: Mapping[str, Any], when: datetime, found: Found) -> None:
    ref = r.get("creditDebitNote")
    if r["receiptType"] == "FiscalInvoice":
        if ref:
            found.add("RCPT029")
        return
    if not ref:
        found.add("RCPT015")
        return
    if not str(r.get("receiptNotes") or "").strip():
        found.add("RCPT034")
    row = find_original(ctx.store, ref)
    if row is None:
        found.add("RCPT032")
        return
    original = load(row["body"])
    if when - protocol.parse_fdms_datetime(original["receiptDate"]) > timedelta(days=365):
        found.add("RCPT033")
    if original["receiptCurrency"] != r["receiptCurrency"]:
        found.add("RCPT042")
    if {int(t["taxID"]) for t in r["receiptTaxes"]} - {
        int(t["taxID"]) for t in original["receiptTaxes"]
    }:
        found.add("RCPT036")
    if r["receiptType"] == "CreditNote":
        notes = ctx.store.all(
            "SELECT body FROM receipts WHERE note_device = ? AND "
            "note_global = ? AND NOT (device_id = ? AND global_no = ?)",
            row["device_id"],
            row["global_no"],
            ctx.device["device_id"],
            int(r["receiptGlobalNo"]),
        )
        room = Decimal(original["receiptTotal"]) + sum(
            (Decimal(load(n["body"])["receiptTotal"]) for n in notes), Decimal(0)
        )
        if -Decimal(r["receiptTotal"]) > room:
            found.add("RCPT035")


def _check_chain(ctx: Context, r: Mapping[str, Any], when: datetime, found: Found) -> str | None:
    """Counter, global number and date against the previous receipts; the previous hash.

    A missing predecessor is a gap (Gray) unless the day's previous counter is there with
    another global number, which no late receipt can mend (Red).
    """
    device_id = ctx.device["device_id"]
    counter, global_no = int(r["receiptCounter"]), int(r["receiptGlobalNo"])
    before = (
        None if counter == 1 else ctx.store.receipt_by_counter(device_id, ctx.day_no, counter - 1)
    )
    previous = ctx.store.receipt_by_global(device_id, global_no - 1)
    if previous is not None:
        if when < protocol.parse_fdms_datetime(previous["receipt_date"]):
            found.add("RCPT030")
    elif global_no > 1:
        colour = "Red" if before is not None else "Gray"
        found.add("RCPT012", colour)
        if colour == "Gray":
            found.add("RCPT030", "Gray")
    if counter == 1:
        return None
    if before is None:
        found.add("RCPT011", "Gray")
        return None
    if before["global_no"] != global_no - 1:
        found.add("RCPT011")
    return str(before["hash"])


def _check_signature(
    ctx: Context, r: Mapping[str, Any], previous_hash: str | None, gap: bool, found: Found
) -> None:
    sig = r["receiptDeviceSignature"]
    try:
        digest = base64.b64decode(sig["hash"], validate=True)
    except ValueError:
        found.add("RCPT020")
        return
    if not gap:
        text = protocol.receipt_string(ctx.device["device_id"], r, previous_hash)
        if protocol.sha256_b64(text) != sig["hash"]:
            found.add("RCPT020")
            return
    if not any(keys.verify_digest(k, digest, sig["signature"]) for k in ctx.public_keys):
        found.add("RCPT020")


def _check_header(ctx: Context, r: Mapping[str, Any], when: datetime, found: Found) -> None:
    if r["receiptCurrency"] not in CURRENCIES:
        found.add("RCPT010")
    used = ctx.store.one(
        "SELECT 1 FROM receipts WHERE tin = ? AND invoice_no = ? AND NOT "
        "(device_id = ? AND global_no = ?)",
        ctx.device["tin"],
        r["invoiceNo"],
        ctx.device["device_id"],
        int(r["receiptGlobalNo"]),
    )
    if used:
        found.add("RCPT013")
    if when < ctx.day_opened:
        found.add("RCPT014")
    if when > ctx.now + timedelta(minutes=5):
        found.add("RCPT031")
    if when > ctx.day_opened + timedelta(hours=int(ctx.device["day_max_hrs"])):
        found.add("RCPT041")
    for key, code in (
        ("receiptLines", "RCPT016"),
        ("receiptTaxes", "RCPT017"),
        ("receiptPayments", "RCPT018"),
    ):
        if not r[key]:
            found.add(code)
    buyer = r.get("buyerData")
    if buyer is not None and not (buyer.get("buyerRegisterName") and buyer.get("buyerTIN")):
        found.add("RCPT043")


def validate(ctx: Context, r: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every validation error of a well-formed receipt, sorted by code."""
    found = Found()
    when = protocol.parse_fdms_datetime(r["receiptDate"])
    _check_header(ctx, r, when, found)
    previous_hash = _check_chain(ctx, r, when, found)
    gap = found.codes.get("RCPT011") == "Gray"
    _check_signature(ctx, r, previous_hash, gap, found)
    _check_lines(ctx, r, found)
    _check_taxes(ctx, r, when.date(), found)
    _check_totals(r, found)
    _check_note(ctx, r, when, found)
    return found.as_list()
