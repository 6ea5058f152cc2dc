"""JSON and CSV from the one renderer: objects, headers, exact money, ISO dates, booleans."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ledgerctl.console import render, render_record, render_sections


@dataclass(frozen=True)
class Statement:
    number: str
    issued: date
    total: Decimal
    paid: bool
    sent_at: datetime | None


ROW = Statement(
    "SOA-2025-00012",
    date(2025, 9, 30),
    Decimal("1580000.00"),
    False,
    datetime(2025, 10, 1, 8, 30, tzinfo=UTC),
)


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_json_listing_is_an_array_of_objects_with_plain_values(capsys) -> None:
    render([ROW], "json")
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "number": "SOA-2025-00012",
            "issued": "2025-09-30",
            "total": "1580000.00",
            "paid": False,
            "sent_at": "2025-10-01T08:30:00+00:00",
        }
    ]


def test_json_keeps_booleans_as_booleans_and_none_as_null(capsys) -> None:
    render([{"ok": True, "bad": False, "none": None, "n": 3}], "json")
    assert json.loads(capsys.readouterr().out) == [{"ok": True, "bad": False, "none": None, "n": 3}]


def test_money_is_exact_in_json_and_csv(capsys) -> None:
    rows = [{"amount": Decimal("0.10") + Decimal("0.20")}, {"amount": Decimal("-1234567.89")}]
    render(rows, "json")
    assert [r["amount"] for r in json.loads(capsys.readouterr().out)] == ["0.30", "-1234567.89"]
    render(rows, "csv")
    assert _csv(capsys.readouterr().out) == [["amount"], ["0.30"], ["-1234567.89"]]


def test_csv_has_true_false_iso_dates_and_empty_for_none(capsys) -> None:
    render(
        [ROW, Statement("SOA-2025-00013", date(2025, 10, 31), Decimal("5.00"), True, None)], "csv"
    )
    assert _csv(capsys.readouterr().out) == [
        ["number", "issued", "total", "paid", "sent_at"],
        ["SOA-2025-00012", "2025-09-30", "1580000.00", "false", "2025-10-01T08:30:00+00:00"],
        ["SOA-2025-00013", "2025-10-31", "5.00", "true", ""],
    ]


def test_csv_nested_values_are_json_not_python_reprs(capsys) -> None:
    render([{"action": "x", "after": {"paid": True, "amount": Decimal("1.50")}}], "csv")
    rows = _csv(capsys.readouterr().out)
    assert json.loads(rows[1][1]) == {"paid": True, "amount": "1.50"}


def test_empty_csv_still_has_its_header_from_the_row_type(capsys) -> None:
    render([], "csv", row_type=Statement)
    assert capsys.readouterr().out == "number,issued,total,paid,sent_at\n"


def test_empty_csv_still_has_its_header_from_columns(capsys) -> None:
    render([], "csv", columns=["code", "name", "balance"])
    assert capsys.readouterr().out == "code,name,balance\n"


def test_empty_json_is_an_empty_array(capsys) -> None:
    render([], "json", row_type=Statement)
    assert json.loads(capsys.readouterr().out) == []


def test_columns_pick_and_order_the_fields(capsys) -> None:
    render([ROW], "csv", columns=["total", "number"])
    assert _csv(capsys.readouterr().out) == [["total", "number"], ["1580000.00", "SOA-2025-00012"]]


@dataclass(frozen=True)
class Tenant:
    slug: str
    active: bool
    members: tuple[str, ...]


def test_render_record_json_is_one_object(capsys) -> None:
    render_record(Tenant("acme", True, ("admin:admin", "ama:accountant")), "json")
    assert json.loads(capsys.readouterr().out) == {
        "slug": "acme",
        "active": True,
        "members": ["admin:admin", "ama:accountant"],
    }


def test_render_record_csv_is_one_row_with_a_header(capsys) -> None:
    render_record({"number": "SOA-1", "total": Decimal("10.00"), "void": False}, "csv")
    assert _csv(capsys.readouterr().out) == [
        ["number", "total", "void"],
        ["SOA-1", "10.00", "false"],
    ]


def test_render_record_table_shows_fields_then_each_list(capsys) -> None:
    render_record(Tenant("acme", True, ("admin:admin",)), "table", title="Tenant acme")
    out = capsys.readouterr().out
    assert "Tenant acme" in out and "acme" in out
    assert out.index("Tenant acme") < out.index("Members") < out.index("admin:admin")


def test_render_sections_json_is_an_object_of_arrays_and_csv_has_a_section_column(
    capsys,
) -> None:
    sections = {"Tenders": [{"tender": "cash", "amount": Decimal("150.00")}], "Voids": []}
    render_sections(sections, "json")
    assert json.loads(capsys.readouterr().out) == {
        "Tenders": [{"tender": "cash", "amount": "150.00"}],
        "Voids": [],
    }
    render_sections(sections, "csv")
    assert _csv(capsys.readouterr().out) == [
        ["section", "tender", "amount"],
        ["Tenders", "cash", "150.00"],
    ]


def test_output_file_is_written_and_said_on_stderr(tmp_path: Path, capsys) -> None:
    target = tmp_path / "sub" / "rows.csv"
    target.parent.mkdir()
    render([ROW], None, target)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"wrote {target}" in captured.err
    assert target.read_text().startswith("number,issued,total,paid,sent_at\n")


def test_table_output_to_a_file_has_no_terminal_codes(tmp_path: Path, terminal) -> None:
    terminal(80)
    target = tmp_path / "rows.txt"
    render([ROW], None, target, title="Statements")
    text = target.read_text()
    assert "\x1b[" not in text
    assert "SOA-2025-00012" in text and "1,580,000.00" in text


def test_xlsx_without_an_output_path_is_a_usage_error() -> None:
    from ledgerctl.core.errors import UsageError

    with pytest.raises(UsageError, match="--output FILE.xlsx"):
        render([ROW], "xlsx")
