"""Fiscal day counters built from the day's receipts (pure; client and simulator share the
rule, which is the spec's, while each computes from its own stored receipts).

FiscalInvoice adds salesAmountWithTax to SaleByTax and taxAmount to SaleTaxByTax; CreditNote
and DebitNote go to their own pair; every payment goes to BalanceByMoneyType. By-tax counters
are keyed by (currency, taxID, taxPercent), balances by (currency, money type). Zero counters
are dropped, and the rest come back in the order FDMS signs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ledgerctl.fdms.domain.protocol import ordered_counters

_BY_TAX = {
    "FiscalInvoice": ("SaleByTax", "SaleTaxByTax"),
    "CreditNote": ("CreditNoteByTax", "CreditNoteTaxByTax"),
    "DebitNote": ("DebitNoteByTax", "DebitNoteTaxByTax"),
}

CounterKey = tuple[str, str, Any, Any]


def _percent(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _add(sums: dict[CounterKey, Decimal], key: CounterKey, value: Any) -> None:
    sums[key] = sums.get(key, Decimal("0.00")) + Decimal(value)


def _counter(key: CounterKey, value: Decimal) -> dict[str, Any]:
    kind, currency, third, percent = key
    item: dict[str, Any] = {"fiscalCounterType": kind, "fiscalCounterCurrency": currency}
    if kind == "BalanceByMoneyType":
        item["fiscalCounterMoneyType"] = third
    else:
        if percent is not None:
            item["fiscalCounterTaxPercent"] = percent
        item["fiscalCounterTaxID"] = third
    item["fiscalCounterValue"] = value.quantize(Decimal("0.01"))
    return item


def add_receipt(sums: dict[CounterKey, Decimal], receipt: Mapping[str, Any]) -> None:
    """Add one receipt's taxes and payments to running counter sums."""
    currency = str(receipt["receiptCurrency"]).upper()
    sales_kind, tax_kind = _BY_TAX[receipt["receiptType"]]
    for tax in receipt["receiptTaxes"]:
        percent = _percent(tax.get("taxPercent"))
        tax_id = int(tax["taxID"])
        _add(sums, (sales_kind, currency, tax_id, percent), tax["salesAmountWithTax"])
        _add(sums, (tax_kind, currency, tax_id, percent), tax["taxAmount"])
    for payment in receipt["receiptPayments"]:
        _add(
            sums,
            ("BalanceByMoneyType", currency, payment["moneyTypeCode"], None),
            payment["paymentAmount"],
        )


def merge(into: dict[CounterKey, Decimal], sums: dict[CounterKey, Decimal]) -> None:
    for key, value in sums.items():
        _add(into, key, value)


def from_sums(sums: dict[CounterKey, Decimal]) -> list[dict[str, Any]]:
    """The non-zero counters of the sums, in FDMS order."""
    counters = [_counter(k, v) for k, v in sums.items() if v != 0]
    return [dict(c) for c in ordered_counters(counters)]


def day_counters(receipts: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The day's non-zero counters, in FDMS order, from the receipts' JSON objects."""
    sums: dict[CounterKey, Decimal] = {}
    for receipt in receipts:
        add_receipt(sums, receipt)
    return from_sums(sums)


def same_counters(a: Iterable[Mapping[str, Any]], b: Iterable[Mapping[str, Any]]) -> bool:
    """Equal as sets of (type, currency, tax id / money type, percent, value)."""

    def norm(items: Iterable[Mapping[str, Any]]) -> set[tuple[Any, ...]]:
        return {
            (
                c["fiscalCounterType"],
                str(c["fiscalCounterCurrency"]).upper(),
                c.get("fiscalCounterTaxID"),
                c.get("fiscalCounterMoneyType"),
                _percent(c.get("fiscalCounterTaxPercent")),
                Decimal(c["fiscalCounterValue"]).quantize(Decimal("0.01")),
            )
            for c in items
        }

    return norm(a) == norm(b)


def stored(items: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Counters read back from the database (JSON text keeps decimals as strings) as numbers."""
    out = []
    for item in items or []:
        counter = dict(item)
        counter["fiscalCounterValue"] = Decimal(str(counter["fiscalCounterValue"]))
        if counter.get("fiscalCounterTaxPercent") is not None:
            counter["fiscalCounterTaxPercent"] = Decimal(str(counter["fiscalCounterTaxPercent"]))
        if counter.get("fiscalCounterTaxID") is not None:
            counter["fiscalCounterTaxID"] = int(counter["fiscalCounterTaxID"])
        out.append(counter)
    return out
