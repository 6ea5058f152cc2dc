"""--format xlsx writes a real workbook: an Excel Table, a frozen header, typed cells."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl

from ledgerctl.console import render, render_record


@dataclass(frozen=True)
class Line:
    number: str
    day: date
    amount: Decimal
    quantity: int
    rate: Decimal
    paid: bool
    at: datetime


ROWS = [
    Line(
        "SOA-2025-00012",
        date(2025, 9, 30),
        Decimal("1580000.00"),
        3,
        Decimal("0.125"),
        True,
        datetime(2025, 10, 1, 8, 30, tzinfo=UTC),
    ),
    Line(
        "SOA-2025-00013",
        date(2025, 10, 31),
        Decimal("-12.50"),
        4,
        Decimal("1.5"),
        False,
        datetime(2025, 11, 1, 9, 0, tzinfo=UTC),
    ),
]


def _sheet(path: Path):
    wb = openpyxl.load_workbook(path)
    return wb, wb[wb.sheetnames[0]]


def test_xlsx_has_an_excel_table_and_a_frozen_header(tmp_path: Path) -> None:
    target = tmp_path / "lines.xlsx"
    render(ROWS, None, target, title="Statement lines")
    wb, ws = _sheet(target)
    assert wb.sheetnames == ["Statement lines"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["number", "day", "amount", "quantity", "rate", "paid", "at"]
    tables = list(ws.tables.values())
    assert len(tables) == 1 and tables[0].ref == "A1:G3"
    # Excel repairs (drops) a table whose column names differ from its header cells
    assert [c.name for c in tables[0].tableColumns] == [c.value for c in ws[1]]
    assert tables[0].autoFilter is not None and tables[0].autoFilter.ref == "A1:G3"


def test_xlsx_table_headings_are_not_missing(tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("error", "Column headings are missing")
        warnings.filterwarnings("error", "File may not be readable")
        render(ROWS, None, tmp_path / "lines.xlsx", title="Lines")


def test_xlsx_cells_are_typed_with_number_formats(tmp_path: Path) -> None:
    target = tmp_path / "lines.xlsx"
    render(ROWS, "xlsx", target, title="Lines")
    _wb, ws = _sheet(target)
    number, day, amount, quantity, rate, paid, at = ws[2]
    assert number.value == "SOA-2025-00012"
    assert day.value.date() == date(2025, 9, 30) and day.number_format == "yyyy-mm-dd"
    assert Decimal(str(amount.value)) == Decimal("1580000.00")
    assert amount.number_format == "#,##0.00"
    assert quantity.value == 3 and quantity.number_format == "0"
    assert Decimal(str(rate.value)) == Decimal("0.125")
    assert rate.number_format != "#,##0.00"  # a rate is not money: keep its decimals visible
    assert paid.value in ("true", True)
    assert at.value == datetime(2025, 10, 1, 8, 30) and at.number_format.startswith("yyyy-mm-dd")


def test_xlsx_default_path_is_used_without_output(tmp_path: Path) -> None:
    target = tmp_path / "default.xlsx"
    render(ROWS, "xlsx", default_path=target)
    assert target.is_file()


def test_empty_listing_is_a_workbook_with_its_header(tmp_path: Path) -> None:
    target = tmp_path / "empty.xlsx"
    render([], "xlsx", target, row_type=Line, title="Lines")
    _wb, ws = _sheet(target)
    assert [c.value for c in ws[1]] == ["number", "day", "amount", "quantity", "rate", "paid", "at"]
    assert ws.max_row == 1


def test_record_in_xlsx_has_a_sheet_per_section(tmp_path: Path) -> None:
    target = tmp_path / "tenant.xlsx"
    record = {"slug": "acme", "members": ["admin:admin", "ama:accountant"]}
    render_record(record, None, target, title="Tenant acme")
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Tenant acme", "Members"]
    assert [c.value for c in wb["Members"]["A"]] == ["value", "admin:admin", "ama:accountant"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2" and len(ws.tables) == 1
