"""Terminal tables never cut money, numbers or document numbers, even at 80 columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledgerctl.console import render

from .conftest import plain_text

LONG = "Monthly retainer for bookkeeping, payroll and tax filing services rendered in Accra"


def _shown(capsys) -> str:
    return plain_text(capsys.readouterr().out)


def _statement(i: int) -> dict[str, object]:
    return {
        "number": f"SOA-2025-{i:05d}",
        "client": "Mensah & Associates Chartered Accountants",
        "description": LONG,
        "amount": Decimal("1580000.00") + i,
        "qty": 12 * i,
        "due": date(2025, 9, 30),
    }


def test_narrow_terminal_folds_text_and_keeps_money_and_numbers(terminal, capsys) -> None:
    terminal(80)
    render([_statement(1), _statement(2)], title="Statements")
    out = _shown(capsys)
    for whole in ("SOA-2025-00001", "SOA-2025-00002", "1,580,001.00", "1,580,002.00"):
        assert whole in out
    assert "2025-09-30" in out and " 24 " in out
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_too_many_number_columns_widen_the_table_instead_of_cutting(terminal, capsys) -> None:
    terminal(80)
    row = {f"amount_{i}": Decimal("1580000.00") for i in range(8)} | {"number": "SOA-2025-00012"}
    render([row], title="Wide")
    out = _shown(capsys)
    assert out.count("1,580,000.00") == 8
    assert "SOA-2025-00012" in out and "…" not in out


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_trial_balance_survives_any_width(terminal, capsys, width: int) -> None:
    terminal(width)
    rows = [
        {
            "code": "1010",
            "name": "Cash at bank, Ghana Commercial Bank main account",
            "debit": Decimal("37500.00"),
            "credit": Decimal("0.00"),
        },
        {
            "code": "2320",
            "name": "Net salaries payable",
            "debit": Decimal("0.00"),
            "credit": Decimal("3945.25"),
        },
    ]
    render(rows, title="Trial balance")
    out = _shown(capsys)
    assert "37,500.00" in out and "3,945.25" in out and "…" not in out


def test_without_a_terminal_the_table_is_as_wide_as_its_content(capsys) -> None:
    render([_statement(1)], title="Statements")
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert LONG in out  # nothing folded into a pipe
    assert "1,580,001.00" in out


def test_money_cells_show_thousands_and_two_places(capsys) -> None:
    render([{"amount": Decimal("1234567.50")}, {"amount": Decimal("-0.05")}])
    out = capsys.readouterr().out
    assert "1,234,567.50" in out and "-0.05" in out


def test_no_rows_says_so(capsys) -> None:
    render([], title="Nothing")
    assert capsys.readouterr().out == "(no rows)\n"
