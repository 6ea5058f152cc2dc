"""Building receipts from drafts: taxes and rounding, signs, checks, counters."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerctl.core.errors import UsageError
from ledgerctl.fdms.domain import counters, protocol
from ledgerctl.fdms.domain.drafts import (
    Buyer,
    DraftLine,
    DraftPayment,
    NoteReference,
    ReceiptDraft,
    draft_from_dict,
    receipt_type,
)
from ledgerctl.fdms.domain.receipts import Numbering, OriginalReceipt, build_receipt
from ledgerctl.fdms.domain.taxes import ApplicableTax, line_total, round_cents, tax_amounts

D = Decimal
TAXES = [
    ApplicableTax(1, "Exempt", None, date(2023, 1, 1)),
    ApplicableTax(2, "Zero rated", D("0"), date(2023, 1, 1)),
    ApplicableTax(3, "Standard rated", D("15"), date(2023, 1, 1), date(2025, 12, 31)),
    ApplicableTax(517, "Standard rated", D("15.5"), date(2026, 1, 1)),
]
WHEN = datetime(2026, 3, 2, 9, 30, 0)
NUMBERING = Numbering(321, 4, 1, 57, WHEN, None)


def _draft(*lines: DraftLine, **kw: object) -> ReceiptDraft:
    return ReceiptDraft(
        receipt_type=str(kw.pop("receipt_type", "FiscalInvoice")),
        currency=str(kw.pop("currency", "USD")),
        lines=lines,
        **kw,
    )  # type: ignore[arg-type]


def _build(draft: ReceiptDraft, **kw: object):  # type: ignore[no-untyped-def]
    kw.setdefault("vat_registered", True)
    kw.setdefault("default_hs_code", "04011000")
    return build_receipt(draft, TAXES, kw.pop("numbering", NUMBERING), **kw)  # type: ignore[arg-type]


# --- rounding rules: one test each ------------------------------------------------------------


def test_line_total_rounds_half_up() -> None:
    assert line_total(D("0.335"), D("3")) == D("1.01")  # 1.005 -> 1.01 (not banker's 1.00)
    assert line_total(D("0.125"), D("1")) == D("0.13")
    assert round_cents(D("-1.005")) == D("-1.01")  # credit notes: away from zero


def test_inclusive_tax_is_total_times_p_over_100_plus_p() -> None:
    assert tax_amounts(D("10.00"), D("15"), True) == (D("1.30"), D("10.00"))  # 1.3043...
    assert tax_amounts(D("11.55"), D("15.5"), True) == (D("1.55"), D("11.55"))  # exact
    assert tax_amounts(D("-10.00"), D("15"), True) == (D("-1.30"), D("-10.00"))


def test_inclusive_tax_half_cent_rounds_up() -> None:
    # with whole-cent sales, 15% and 15.5% never land on an exact half cent; the rounding mode
    # is shown on 0.345 x 15/115 = 0.045 exactly
    assert tax_amounts(D("0.345"), D("15"), True)[0] == D("0.05")
    assert tax_amounts(D("-0.345"), D("15"), True)[0] == D("-0.05")


def test_exclusive_tax_is_total_times_p_and_half_up() -> None:
    assert tax_amounts(D("0.30"), D("15"), False) == (D("0.05"), D("0.35"))  # 0.045 -> 0.05
    assert tax_amounts(D("10.00"), D("15.5"), False) == (D("1.55"), D("11.55"))


def test_exempt_and_zero_rated_have_no_tax() -> None:
    assert tax_amounts(D("7.00"), None, True) == (D("0.00"), D("7.00"))
    assert tax_amounts(D("7.00"), D("0"), False) == (D("0.00"), D("7.00"))


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.sampled_from([D("15"), D("15.5"), D("0"), None]),
    st.booleans(),
)
def test_tax_group_properties(sales_cents: int, percent: Decimal | None, inclusive: bool) -> None:
    sales = D(sales_cents) / 100
    tax, with_tax = tax_amounts(sales, percent, inclusive)
    assert tax == tax.quantize(D("0.01")) and with_tax == with_tax.quantize(D("0.01"))
    assert (tax >= 0) == (sales >= 0) or tax == 0
    if inclusive:
        assert with_tax == sales
    else:
        assert with_tax == sales + tax
    assert tax_amounts(-sales, percent, inclusive) == (-tax, -with_tax)  # symmetric


# --- receipts ---------------------------------------------------------------------------------


def test_invoice_with_two_tax_groups() -> None:
    built = _build(
        _draft(
            DraftLine("Bread", D("2"), D("1.50"), tax_percent=D("15.5")),
            DraftLine("Milk", D("1"), D("2.00"), tax_exempt=True),
            payments=(DraftPayment("card", D("5.00")),),
        )
    )
    r = built.receipt
    assert list(r)[:5] == [
        "receiptType",
        "receiptCurrency",
        "receiptCounter",
        "receiptGlobalNo",
        "invoiceNo",
    ]
    assert r["invoiceNo"] == "321-00000057"
    assert [t["taxID"] for t in r["receiptTaxes"]] == [1, 517]
    assert r["receiptTaxes"][1] == {
        "taxPercent": D("15.50"),
        "taxID": 517,
        "taxAmount": D("0.40"),
        "salesAmountWithTax": D("3.00"),
    }
    assert r["receiptTotal"] == D("5.00")
    assert r["receiptPayments"] == [{"moneyTypeCode": "Card", "paymentAmount": D("5.00")}]
    assert built.string == ("321FISCALINVOICEUSD572026-03-02T09:30:00500020015.5040300")


def test_exclusive_total_adds_taxes() -> None:
    built = _build(
        _draft(
            DraftLine("Consulting", D("1"), D("100.00"), tax_percent=D("15.5")), tax_inclusive=False
        )
    )
    assert built.receipt["receiptTotal"] == D("115.50")
    assert built.receipt["receiptPayments"][0]["paymentAmount"] == D("115.50")


def test_credit_note_is_negative_and_refers_to_the_original() -> None:
    original = OriginalReceipt(
        321, 50, 3, "USD", D("20.00"), datetime(2026, 3, 1, 10), frozenset({517})
    )
    built = _build(
        _draft(
            DraftLine("Bread", D("1"), D("1.50"), tax_percent=D("15.5")),
            receipt_type="CreditNote",
            notes="returned",
            original=NoteReference(50),
        ),
        original=original,
    )
    r = built.receipt
    assert r["receiptTotal"] == D("-1.50")
    assert r["receiptLines"][0]["receiptLinePrice"] == D("-1.50")
    assert r["receiptLines"][0]["receiptLineQuantity"] == D("1")
    assert r["receiptTaxes"][0]["taxAmount"] == D("-0.20")
    assert r["receiptPayments"][0]["paymentAmount"] == D("-1.50")
    assert r["creditDebitNote"] == {"deviceID": 321, "receiptGlobalNo": 50, "fiscalDayNo": 3}
    assert built.string.startswith("321CREDITNOTEUSD57")


def test_discount_line_reduces_an_invoice() -> None:
    built = _build(
        _draft(
            DraftLine("TV", D("1"), D("100.00"), tax_percent=D("15.5")),
            DraftLine("Promo", D("1"), D("10.00"), tax_percent=D("15.5"), line_type="Discount"),
        )
    )
    assert built.receipt["receiptLines"][1]["receiptLineTotal"] == D("-10.00")
    assert built.receipt["receiptTotal"] == D("90.00")


def test_previous_hash_is_signed_but_not_sent() -> None:
    numbering = Numbering(321, 4, 2, 58, WHEN, "PREVHASH=")
    built = _build(
        _draft(DraftLine("Bread", D("1"), D("1.00"), tax_exempt=True)), numbering=numbering
    )
    assert built.string.endswith("PREVHASH=")
    assert "previousReceiptHash" not in built.receipt


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (_draft(DraftLine("X", D("1"), D("1.00"), tax_percent=D("16"))), "unknown tax"),
        (_draft(DraftLine("X", D("1"), D("1.00"), tax_id=3)), "unknown tax"),  # expired 2025
        (_draft(DraftLine("X", D("0"), D("1.00"), tax_exempt=True)), "quantity must be more"),
        (_draft(DraftLine("X", D("1"), None, D("1.005"), tax_exempt=True)), "1.005 has more"),
        (_draft(DraftLine("X", D("1"), D("1.00"), D("2.00"), tax_exempt=True)), "is not price"),
        (
            _draft(DraftLine("X", D("1"), D("1.00"), tax_exempt=True), expected_total=D("2.00")),
            "does not match the lines",
        ),
        (
            _draft(
                DraftLine("X", D("1"), D("1.00"), tax_exempt=True),
                payments=(DraftPayment("Cash", D("0.50")),),
            ),
            "payments add up to 0.50",
        ),
        (
            _draft(
                DraftLine("X", D("1"), D("1.00"), tax_exempt=True),
                payments=(DraftPayment("Bitcoin", D("1.00")),),
            ),
            "money type 'Bitcoin'",
        ),
        (_draft(DraftLine("X", D("1"), D("1.00"), tax_exempt=True), currency="US"), "currency"),
        (_draft(), "at least one line"),
        (
            _draft(
                DraftLine("X", D("1"), D("1.00"), tax_exempt=True),
                receipt_type="CreditNote",
                notes="x",
            ),
            "must name the receipt",
        ),
        (
            _draft(
                DraftLine("X", D("1"), D("1.00"), tax_exempt=True), buyer=Buyer("Acme", "12345")
            ),
            "10-digit TIN",
        ),
        (_draft(DraftLine("X", D("1"), D("1.00"), tax_exempt=True, hs_code="12")), "HS code"),
    ],
)
def test_bad_drafts_are_refused_with_the_field_named(draft: ReceiptDraft, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        _build(draft)


def test_credit_note_checks_against_the_original() -> None:
    original = OriginalReceipt(
        321,
        50,
        3,
        "USD",
        D("2.00"),
        datetime(2026, 3, 1, 10),
        frozenset({517}),
        credited=D("-1.00"),
    )
    note = _draft(
        DraftLine("X", D("1"), D("1.50"), tax_percent=D("15.5")),
        receipt_type="CreditNote",
        notes="refund",
        original=NoteReference(50),
    )
    with pytest.raises(UsageError, match="more than what is left to credit"):
        _build(note, original=original)
    with pytest.raises(UsageError, match="is in ZWG"):
        _build(note, original=OriginalReceipt(321, 50, 3, "ZWG", D("20"), WHEN, frozenset({517})))
    with pytest.raises(UsageError, match="tax id"):
        _build(note, original=OriginalReceipt(321, 50, 3, "USD", D("20"), WHEN, frozenset({1})))
    with pytest.raises(UsageError, match="older than 12 months"):
        _build(
            note,
            original=OriginalReceipt(
                321, 50, 3, "USD", D("20"), datetime(2025, 1, 1), frozenset({517})
            ),
        )
    no_notes = _draft(
        DraftLine("X", D("1"), D("1.50"), tax_percent=D("15.5")),
        receipt_type="CreditNote",
        original=NoteReference(50),
    )
    with pytest.raises(UsageError, match="needs notes"):
        _build(no_notes, original=original)


def test_non_vat_taxpayer_cannot_charge_vat() -> None:
    with pytest.raises(UsageError, match="not VAT-registered"):
        _build(
            _draft(DraftLine("X", D("1"), D("1.00"), tax_percent=D("15.5"))), vat_registered=False
        )


def test_day_counters_from_receipts() -> None:
    invoice = _build(
        _draft(
            DraftLine("Bread", D("2"), D("1.50"), tax_percent=D("15.5")),
            DraftLine("Milk", D("1"), D("2.00"), tax_exempt=True),
            payments=(DraftPayment("Card", D("3.00")), DraftPayment("Cash", D("2.00"))),
        )
    ).receipt
    original = OriginalReceipt(321, 57, 4, "USD", D("5.00"), WHEN, frozenset({1, 517}))
    credit = _build(
        _draft(
            DraftLine("Milk", D("1"), D("2.00"), tax_exempt=True),
            receipt_type="CreditNote",
            notes="spoilt",
            original=NoteReference(57),
        ),
        original=original,
    ).receipt
    found = counters.day_counters([invoice, credit])
    assert [
        (
            c["fiscalCounterType"],
            c.get("fiscalCounterTaxID"),
            c.get("fiscalCounterMoneyType"),
            c["fiscalCounterValue"],
        )
        for c in found
    ] == [
        ("SaleByTax", 1, None, D("2.00")),
        ("SaleByTax", 517, None, D("3.00")),
        ("SaleTaxByTax", 517, None, D("0.40")),
        ("CreditNoteByTax", 1, None, D("-2.00")),
        ("BalanceByMoneyType", None, "Card", D("3.00")),
    ]
    # zero counters are dropped: cash 2.00 - 2.00 = 0 and exempt tax amounts are 0
    assert protocol.day_string(321, 4, date(2026, 3, 2), found).endswith(
        "BALANCEBYMONEYTYPEUSDCARD300"
    )


def test_draft_from_json_data() -> None:
    draft = draft_from_dict(
        {
            "receipt_type": "invoice",
            "currency": "USD",
            "lines": [
                {"name": "Bread", "quantity": "2", "unit_price": "1.50", "tax_percent": "15.5"}
            ],
            "payments": [{"money_type": "Cash", "amount": "3.00"}],
            "source": "pos:S-1",
        }
    )
    assert draft.lines[0].unit_price == D("1.50") and draft.source == "pos:S-1"
    with pytest.raises(UsageError, match="unknown field"):
        draft_from_dict({"currency": "USD", "lines": [], "colour": "red"})
    with pytest.raises(UsageError, match="not 1.5"):
        draft_from_dict({"currency": "USD", "lines": [{"name": "x", "unit_price": 1.5}]})
    assert receipt_type("credit-note") == "CreditNote"
    with pytest.raises(UsageError, match="receipt type"):
        receipt_type("refund")
