"""Ghana taxes per line: the worked examples of the notes, the rounding rules, regimes chosen
by date from the rule files, and the property net + taxes = gross for any price and quantity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerctl.core.errors import UsageError
from ledgerctl.pos.domain.taxes import (
    compute_taxes,
    effective_rate,
    multipliers,
    tax_exclusive,
    tax_inclusive,
)
from ledgerctl.pos.rules import regime_book

D = Decimal
BOOK = regime_book("ghana", None)
OLD = BOOK.for_date(date(2025, 12, 31)).rates("standard", "standard")
NEW = BOOK.for_date(date(2026, 1, 1)).rates("standard", "standard")


def amounts(line) -> dict[str, Decimal]:  # type: ignore[no-untyped-def]
    return dict(line.taxes)


def test_regime_is_chosen_by_date() -> None:
    assert BOOK.for_date(date(2025, 12, 31)).regime == "ghana-2023"
    assert BOOK.for_date(date(2026, 1, 1)).regime == "ghana-2026"
    assert [t.code for t in OLD] == ["NHIL", "GETFUND", "COVID", "VAT"]
    assert [t.code for t in NEW] == ["NHIL", "GETFUND", "VAT"]
    with pytest.raises(UsageError, match="no ghana tax regime is in force on 2022-06-30"):
        BOOK.for_date(date(2022, 6, 30))


def test_effective_rates() -> None:
    assert effective_rate(OLD) == D("0.219")
    assert effective_rate(NEW) == D("0.200")
    assert multipliers(OLD)["VAT"] == D("0.159")


def test_worked_examples_tax_exclusive() -> None:
    old = tax_exclusive(D("100.00"), OLD)
    assert amounts(old) == {
        "NHIL": D("2.50"),
        "GETFUND": D("2.50"),
        "COVID": D("1.00"),
        "VAT": D("15.90"),
    }
    assert old.gross == D("121.90")
    new = tax_exclusive(D("100.00"), NEW)
    assert amounts(new) == {"NHIL": D("2.50"), "GETFUND": D("2.50"), "VAT": D("15.00")}
    assert new.gross == D("120.00")


def test_worked_examples_tax_inclusive() -> None:
    old = tax_inclusive(D("100.00"), OLD)
    assert amounts(old) == {
        "NHIL": D("2.05"),
        "GETFUND": D("2.05"),
        "COVID": D("0.82"),
        "VAT": D("13.04"),
    }
    assert (old.net, old.gross) == (D("82.04"), D("100.00"))
    new = tax_inclusive(D("100.00"), NEW)
    assert amounts(new) == {"NHIL": D("2.08"), "GETFUND": D("2.08"), "VAT": D("12.50")}
    assert (new.net, new.gross) == (D("83.34"), D("100.00"))


def test_exclusive_vat_base_uses_the_rounded_levies() -> None:
    # net 10.10: levies 0.2525 -> 0.25 (x2), COVID 0.101 -> 0.10; VAT 15% of 10.70 = 1.605 -> 1.61
    line = tax_exclusive(D("10.10"), OLD)
    assert amounts(line) == {
        "NHIL": D("0.25"),
        "GETFUND": D("0.25"),
        "COVID": D("0.10"),
        "VAT": D("1.61"),
    }


def test_each_tax_is_rounded_half_up_per_line() -> None:
    # 2026, net 1.00: NHIL 0.025 -> 0.03 (half-up; banker's rounding would give 0.02)
    line = tax_exclusive(D("1.00"), NEW)
    assert amounts(line) == {"NHIL": D("0.03"), "GETFUND": D("0.03"), "VAT": D("0.15")}
    assert line.gross == D("1.21")
    # net 0.10: NHIL 0.0025 -> 0.00; VAT 0.015 -> 0.02
    line = tax_exclusive(D("0.10"), NEW)
    assert amounts(line) == {"NHIL": D("0.00"), "GETFUND": D("0.00"), "VAT": D("0.02")}


def test_line_amount_is_rounded_before_tax() -> None:
    # 0.333 kg at 14.99 = 4.99167 -> 4.99 gross (inclusive)
    line = compute_taxes(D("0.333"), D("14.99"), "inclusive", NEW)
    assert line.gross == D("4.99") and line.net + line.tax_total == D("4.99")


def test_zero_rated_and_exempt_classes_carry_no_tax() -> None:
    regime = BOOK.for_date(date(2026, 3, 1))
    assert regime.rates("standard", "zero") == ()
    assert regime.rates("standard", "exempt") == ()
    line = compute_taxes(D("2"), D("45.00"), "inclusive", ())
    assert (line.net, line.tax_total, line.gross) == (D("90.00"), D("0.00"), D("90.00"))


def test_flat_rate_scheme_only_until_2025() -> None:
    flat = BOOK.for_date(date(2025, 6, 1)).rates("flat_rate", "standard")
    assert {t.code: t.rate for t in flat} == {"VAT": D("0.03"), "COVID": D("0.01")}
    with pytest.raises(UsageError, match="tax scheme 'flat_rate' does not exist in regime"):
        BOOK.for_date(date(2026, 6, 1)).rates("flat_rate", "standard")


prices = st.decimals(min_value=D("0.00"), max_value=D("99999.9999"), places=4)
quantities = st.decimals(min_value=D("0.001"), max_value=D("9999.999"), places=3)


@settings(max_examples=400, deadline=None)
@given(price=prices, qty=quantities, old=st.booleans(), inclusive=st.booleans())
def test_taxes_plus_net_equal_gross_to_the_pesewa(price, qty, old, inclusive) -> None:  # type: ignore[no-untyped-def]
    rates = OLD if old else NEW
    line = compute_taxes(qty, price, "inclusive" if inclusive else "exclusive", rates)
    amount = (qty * price).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert line.net + line.tax_total == line.gross
    assert all(a == a.quantize(D("0.01")) and a >= 0 for _, a in line.taxes)
    assert line.net >= 0
    if inclusive:
        assert line.gross == amount
        exact_net = amount / (1 + effective_rate(rates))
        # every tax is within half a pesewa of exact, so the net is within 2 pesewas
        assert abs(line.net - exact_net) <= D("0.005") * len(rates)
    else:
        assert line.net == amount
        assert abs(line.tax_total - amount * effective_rate(rates)) <= D("0.0125") * len(rates)
