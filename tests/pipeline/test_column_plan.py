"""The column plan is built once per file; the per-row reader applies it (no schema branches)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerctl.pipeline.column_plan import ColumnPlan, build_plan
from ledgerctl.pipeline.domain import CanonicalRow, RowProblem
from ledgerctl.pipeline.row_reader import read_rows, row_reader
from ledgerctl.pipeline.schemas import BankSchema, Candidate

SCHEMA = BankSchema.model_validate(
    {
        "id": "dc",
        "name": "Debit/credit bank",
        "bank": "DC Bank",
        "header_signature": ["Date", "Details", "Debit", "Credit"],
        "column_map": {
            "Date": "date",
            "Details": "description",
            "Debit": "debit",
            "Credit": "credit",
        },
        "sign_rule": "debit_credit",
        "date_formats": ["%d/%m/%Y"],
        "currency": "GHS",
        "derived": {"account": {"source": "$file", "regex": r"acct(\d+)"}},
    }
)
HEADER = ("Date", "Details", "Debit", "Credit", "Branch")


def _plan(header: tuple[str, ...] = HEADER) -> ColumnPlan | RowProblem:
    return build_plan(SCHEMA, Candidate("dc", True, "", 0, header), "in/acct42.csv", "Ama")


def test_a_missing_required_column_is_one_problem_on_the_header_line() -> None:
    problem = _plan(("Date", "Details", "Credit"))
    assert isinstance(problem, RowProblem)
    assert (problem.line_no, problem.field) == (1, "debit")
    assert "column 'Debit' (mapped to debit) is not in the header" in problem.message


def test_the_plan_fixes_columns_amount_convention_and_derived_fields() -> None:
    plan = _plan()
    assert isinstance(plan, ColumnPlan)
    assert (plan.date_col, plan.needed, plan.header_line) == (0, 4, 1)
    assert plan.amount(["", "", "12.50", ""]) == (Decimal("-12.50"), 2)
    assert plan.amount(["", "", "", "3.1"]) == (Decimal("3.1"), 1)
    assert plan.account(["", "", "", ""]) == "42"  # from the file name
    assert plan.extras(["", "", "", "", "Osu"]) == {"Branch": "Osu"}


def test_the_row_reader_makes_rows_or_problems() -> None:
    plan = _plan()
    assert isinstance(plan, ColumnPlan)
    problems: list[RowProblem] = []
    read = row_reader(plan, problems)
    row = read(["02/01/2024", " Shop ", "5.00", "", ""], 2)
    assert row is not None and row.date == date(2024, 1, 2) and row.amount == Decimal("-5.00")
    assert (row.description, row.owner, row.bank, row.currency) == ("Shop", "Ama", "DC Bank", "GHS")
    assert read(["02/01/2024", "x"], 3) is None
    assert read(["2024-01-02", "x", "1", "", ""], 4) is None
    assert read(["02/01/2024", "x", "", "", ""], 5) is None
    assert [(p.line_no, p.field) for p in problems] == [(3, "line"), (4, "date"), (5, "amount")]
    assert problems[2].message == "both debit and credit are empty"


def test_read_rows_skips_blank_lines_and_counts_physical_lines() -> None:
    plan = _plan()
    assert isinstance(plan, ColumnPlan)
    rows: list[CanonicalRow] = []
    problems: list[RowProblem] = []
    text = "Date,Details,Debit,Credit,Branch\n\n02/01/2024,A,1.00,,\n03/01/2024,B,,2.00,\n"
    counts = read_rows(text, plan, rows, problems)
    assert counts.data_lines == 2 and not problems
    assert [(r.line_no, r.amount) for r in rows] == [(3, Decimal("-1.00")), (4, Decimal("2.00"))]
