"""Excel writer and reader: open the real file with openpyxl and check what an analyst sees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ledgerctl.core.errors import UsageError
from ledgerctl.outputs.excel import (
    BarChart,
    ExcelColumn,
    ListValidation,
    RangeValidation,
    Sheet,
    write_workbook,
)
from ledgerctl.outputs.excel_read import read_rows, to_date, to_decimal, to_text

CATEGORIES = ["Fuel", "Rent", "Salaries", "Utilities"]

REVIEW_COLUMNS = [
    ExcelColumn("txn_id", "Transaction", width=14),
    ExcelColumn("booked_on", "Date", kind="date"),
    ExcelColumn("amount", "Amount", kind="money"),
    ExcelColumn("category", "Category", validation=ListValidation(CATEGORIES)),
    ExcelColumn(
        "share",
        "Business share %",
        kind="int",
        validation=RangeValidation(
            0, 100, kind="whole", error="Enter a whole percentage from 0 to 100."
        ),
    ),
]
REVIEW_ROWS = [
    {
        "txn_id": "T1",
        "booked_on": date(2025, 9, 1),
        "amount": Decimal("-1234.56"),
        "category": "Fuel",
        "share": 100,
    },
    {
        "txn_id": "T2",
        "booked_on": date(2025, 9, 2),
        "amount": Decimal("25000.00"),
        "category": None,
        "share": None,
    },
    {
        "txn_id": "T3",
        "booked_on": date(2025, 9, 3),
        "amount": Decimal("0.10"),
        "category": "Rent",
        "share": 50,
    },
]
SUMMARY = Sheet(
    "Summary",
    [
        ExcelColumn("category", "Category"),
        ExcelColumn("spent", "Spent", kind="money", total=True),
        ExcelColumn("count", "Transactions", kind="int", total=True),
    ],
    [
        {"category": "Fuel", "spent": Decimal("1234.56"), "count": 4},
        {"category": "Rent", "spent": Decimal("9000.00"), "count": 1},
    ],
    totals_label="Total",
    chart=BarChart("Spending by category", "category", ["spent"], y_title="GHS"),
)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    target = tmp_path / "output" / "review-2025-09.xlsx"
    review = Sheet("Review", REVIEW_COLUMNS, REVIEW_ROWS, extra_validation_rows=10)
    write_workbook(target, [review, SUMMARY])
    return target


def test_layout_formats_and_values(workbook: Path) -> None:
    wb = load_workbook(workbook)
    assert wb.sheetnames == ["Review", "Summary"]
    ws = wb["Review"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E4"
    assert [c.value for c in ws[1]] == [
        "Transaction",
        "Date",
        "Amount",
        "Category",
        "Business share %",
    ]
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["A"].width == 14
    assert ws.column_dimensions["C"].width == 14
    assert ws.column_dimensions["E"].width == len("Business share %") + 3
    assert ws["C2"].number_format == "#,##0.00"
    assert ws["B2"].number_format == "yyyy-mm-dd"
    assert ws["B2"].value.date() == date(2025, 9, 1)
    assert Decimal(str(ws["C2"].value)) == Decimal("-1234.56")
    assert ws["C3"].value == 25000
    assert ws["D3"].value is None
    assert ws.max_row == 4


def test_validations(workbook: Path) -> None:
    ws = load_workbook(workbook)["Review"]
    by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    drop = by_range["D2:D14"]
    assert drop.type == "list"
    assert drop.formula1 == '"Fuel,Rent,Salaries,Utilities"'
    assert drop.showErrorMessage
    share = by_range["E2:E14"]
    assert (share.type, share.operator, share.formula1, share.formula2) == (
        "whole",
        "between",
        "0",
        "100",
    )
    assert share.error == "Enter a whole percentage from 0 to 100."
    assert share.errorStyle == "stop"


def test_long_list_goes_to_hidden_sheet(tmp_path: Path) -> None:
    merchants = [f"Merchant number {i}, Accra" for i in range(40)]
    sheet = Sheet(
        "Merchants",
        [ExcelColumn("m", "Merchant", validation=ListValidation(merchants))],
        [{"m": None}],
    )
    target = write_workbook(tmp_path / "m.xlsx", [sheet])
    wb = load_workbook(target)
    assert wb["_lists"].sheet_state == "hidden"
    assert [r[0].value for r in wb["_lists"].iter_rows()] == merchants
    dv = wb["Merchants"].data_validations.dataValidation[0]
    assert dv.formula1 == "'_lists'!$A$1:$A$40"


def test_totals_row_and_chart(workbook: Path) -> None:
    ws = load_workbook(workbook)["Summary"]
    assert ws.auto_filter.ref == "A1:C3"
    assert [c.value for c in ws[4]] == ["Total", "=SUBTOTAL(109,B2:B3)", "=SUBTOTAL(109,C2:C3)"]
    assert ws["A4"].font.b
    assert ws["B4"].number_format == "#,##0.00"
    charts = ws._charts
    assert len(charts) == 1
    assert charts[0].tagname == "barChart"
    assert charts[0].type == "col"
    assert charts[0].series[0].val.numRef.f == "'Summary'!$B$2:$B$3"
    assert charts[0].series[0].cat.numRef.f == "'Summary'!$A$2:$A$3"
    assert charts[0].title.tx.rich.p[0].r[0].t == "Spending by category"


def test_read_back_with_row_numbers_after_analyst_edits(workbook: Path) -> None:
    wb = load_workbook(workbook)
    ws = wb["Review"]
    ws.move_range("D1:D4", cols=2)  # analyst moves Category to column F
    ws["F3"] = "Salaries"
    ws["C4"] = 0.1  # Excel hands numbers back as floats
    ws.insert_rows(3)  # a blank row in the middle
    wb.save(workbook)
    rows = list(
        read_rows(
            workbook,
            "Review",
            ["Transaction", "Amount", "Category"],
            ["Business share %", "Not there"],
        )
    )
    assert [n for n, _ in rows] == [2, 4, 5]
    assert rows[1][1] == {
        "Transaction": "T2",
        "Amount": 25000,
        "Category": "Salaries",
        "Business share %": None,
    }
    where = "review-2025-09.xlsx, sheet 'Review', row 5, column 'Amount'"
    assert to_decimal(rows[2][1]["Amount"], where) == Decimal("0.1")
    summary = list(read_rows(workbook, "Summary", stop_at="Total"))
    assert [r for _, r in summary][1] == {"Category": "Rent", "Spent": 9000, "Transactions": 1}
    assert len(summary) == 2


def test_deleted_header_names_sheet_and_column(workbook: Path) -> None:
    wb = load_workbook(workbook)
    wb["Review"]["D1"] = None
    wb.save(workbook)
    with pytest.raises(UsageError) as info:
        list(read_rows(workbook, "Review", ["Transaction", "Category"]))
    assert info.value.message.startswith(
        "review-2025-09.xlsx, sheet 'Review': column 'Category' is missing from the header row"
    )
    with pytest.raises(UsageError, match="no sheet 'Reviews' \\(sheets: Review, Summary\\)"):
        list(read_rows(workbook, "Reviews"))


def test_bad_workbook_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip")
    with pytest.raises(UsageError, match="not an Excel .xlsx workbook"):
        list(read_rows(bad, "Review"))
    with pytest.raises(UsageError, match="workbook not found"):
        list(read_rows(tmp_path / "missing.xlsx", "Review"))


def test_converters() -> None:
    where = "x.xlsx, sheet 'S', row 3, column 'Amount'"
    assert to_decimal(1234.56, where) == Decimal("1234.56")
    assert to_decimal(" 1,234.50 ", where) == Decimal("1234.50")
    assert to_decimal("", where) is None
    with pytest.raises(UsageError, match=r"row 3, column 'Amount': 'abc' is not a number"):
        to_decimal("abc", where)
    assert to_date("2025-09-30", where) == date(2025, 9, 30)
    with pytest.raises(UsageError, match="is not a date; write YYYY-MM-DD"):
        to_date("30/09/2025", where)
    assert to_text(12.0) == "12"
    assert to_text("  Fuel ") == "Fuel"


def test_bad_specs_write_nothing(tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    with pytest.raises(UsageError, match="sheet 'Review', row 2: no value for column 'booked_on'"):
        write_workbook(
            target, [Sheet("Review", REVIEW_COLUMNS, [REVIEW_ROWS[0], {"txn_id": "T9"}])]
        )
    with pytest.raises(UsageError, match="is a float; pass a Decimal"):
        write_workbook(target, [Sheet("S", [ExcelColumn("a", "A", kind="money")], [{"a": 1.5}])])
    with pytest.raises(UsageError, match="sheet title 'a/b'"):
        write_workbook(target, [Sheet("a/b", [], [])])
    with pytest.raises(UsageError, match="used twice"):
        write_workbook(target, [SUMMARY, SUMMARY])
    with pytest.raises(UsageError, match="kind 'currency'"):
        ExcelColumn("a", "A", kind="currency")
    assert list(tmp_path.iterdir()) == []
