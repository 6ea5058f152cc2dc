"""Pure ledger rules: balancing per currency, precision, mirror, content hash, columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerctl.core.errors import UsageError
from ledgerctl.ledger.domain import (
    EntryDraft,
    Line,
    as_line,
    check_draft,
    content_hash,
    debit_credit,
    mirror,
    natural_balance,
    normal_side,
    side_totals,
)

D = date(2025, 9, 1)


def draft(*lines: Line, desc: str = "x") -> EntryDraft:
    return EntryDraft(D, desc, tuple(lines))


def test_balanced_entry_gets_base_currency_and_quantised_amounts() -> None:
    out = check_draft(
        draft(Line("6100", Decimal("1500")), Line("1010", Decimal("-1500.00"))), "GHS"
    )
    assert [(ln.currency, str(ln.amount)) for ln in out.lines] == [
        ("GHS", "1500.00"),
        ("GHS", "-1500.00"),
    ]


def test_unbalanced_entry_names_currency_and_totals() -> None:
    with pytest.raises(UsageError, match=r"does not balance in GHS: debits 100.00, credits 90.00"):
        check_draft(draft(Line("1000", Decimal(100)), Line("4000", Decimal(-90))), "GHS")


def test_balance_is_checked_per_currency() -> None:
    lines = (Line("1000", Decimal(100), "USD"), Line("4000", Decimal(-100), "GHS"))
    with pytest.raises(UsageError, match="does not balance in GHS"):
        check_draft(draft(*lines), "GHS")


@pytest.mark.parametrize("amount,currency", [("10.005", "GHS"), ("1.5", "JPY"), ("0.0001", "KWD")])
def test_too_many_decimals_for_the_currency(amount: str, currency: str) -> None:
    lines = (Line("1000", Decimal(amount), currency), Line("4000", -Decimal(amount), currency))
    with pytest.raises(UsageError, match=f"decimal places for {currency}"):
        check_draft(draft(*lines), "GHS")


def test_float_amount_refused() -> None:
    with pytest.raises(UsageError, match="never float"):
        check_draft(draft(Line("1000", 1.5), Line("4000", -1.5)), "GHS")  # type: ignore[arg-type]


def test_one_line_and_zero_lines_refused() -> None:
    with pytest.raises(UsageError, match="at least two lines"):
        check_draft(draft(Line("1000", Decimal(0))), "GHS")
    with pytest.raises(UsageError, match="amount is zero"):
        check_draft(draft(Line("1000", Decimal(0)), Line("4000", Decimal(0))), "GHS")


def test_tuples_are_lines() -> None:
    assert as_line(("1000", Decimal(1))) == Line("1000", Decimal(1))
    assert as_line(("1000", Decimal(1), "USD", "m")) == Line("1000", Decimal(1), "USD", "m")
    with pytest.raises(UsageError):
        as_line(("1000",))  # type: ignore[arg-type]


def test_normal_sides() -> None:
    assert [normal_side(t) for t in ("asset", "liability", "equity", "income", "expense")] == [
        "debit",
        "credit",
        "credit",
        "credit",
        "debit",
    ]
    with pytest.raises(UsageError):
        normal_side("cash")
    assert natural_balance(Decimal("-5.00"), "credit") == Decimal("5.00")


def test_content_hash_covers_every_field() -> None:
    base = check_draft(draft(Line("1000", Decimal(1)), Line("4000", Decimal(-1))), "GHS")
    digest = content_hash("JE-2025-000001", base)
    assert len(digest) == 64
    assert content_hash("JE-2025-000002", base) != digest
    changed = EntryDraft(D, "y", base.lines)
    assert content_hash("JE-2025-000001", changed) != digest
    memo = EntryDraft(D, "x", (Line("1000", Decimal("1.00"), "GHS", "m"), base.lines[1]))
    assert content_hash("JE-2025-000001", memo) != digest


amounts = (
    st.integers(min_value=-(10**9), max_value=10**9)
    .filter(bool)
    .map(lambda c: Decimal(c).scaleb(-2))
)


@given(st.lists(amounts, min_size=1, max_size=8))
def test_any_completed_entry_balances_and_its_mirror_nets_to_zero(parts: list[Decimal]) -> None:
    lines = [Line(f"A{i}", a) for i, a in enumerate(parts)]
    total = sum(parts, Decimal(0))
    if total:
        lines.append(Line("PLUG", -total))
    if len(lines) < 2:
        return
    out = check_draft(draft(*lines), "GHS")
    debits, credits = side_totals(out.lines)["GHS"]
    assert debits == credits
    back = check_draft(draft(*mirror(out.lines)), "GHS")
    combined = side_totals(out.lines + back.lines)["GHS"]
    assert combined[0] == combined[1]
    assert sum((ln.amount for ln in out.lines + back.lines), Decimal(0)) == 0


@given(amounts)
def test_debit_credit_columns(net: Decimal) -> None:
    debit, credit = debit_credit(net)
    assert debit - credit == net and min(debit, credit) == 0
