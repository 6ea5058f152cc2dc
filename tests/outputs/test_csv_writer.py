"""CSV writer: exact decimals, ISO dates, BOM on request, atomic replacement."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.outputs.csv_writer import csv_value, write_csv


def test_values_are_exact_and_iso() -> None:
    assert csv_value(Decimal("1E+3")) == "1000"
    assert csv_value(Decimal("0.10")) == "0.10"
    assert csv_value(Decimal("-12345678901234.56")) == "-12345678901234.56"
    assert csv_value(date(2025, 9, 1)) == "2025-09-01"
    assert csv_value(datetime(2025, 9, 1, 8, 30, tzinfo=UTC)) == "2025-09-01T08:30:00+00:00"
    assert csv_value(None) == ""
    assert csv_value(True) == "true"


def test_write_and_read_back(tmp_path: Path) -> None:
    target = tmp_path / "out" / "payments.csv"
    rows = [
        {"ref": "PAY-1", "amount": Decimal("1234.50"), "on": date(2025, 9, 30), "note": "a, b"},
        {"ref": "PAY-2", "amount": Decimal("-0.01"), "on": date(2025, 10, 1), "note": 'say "hi"'},
    ]
    write_csv(target, rows)
    raw = target.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with target.open(newline="", encoding="utf-8") as fh:
        back = list(csv.DictReader(fh))
    assert back == [
        {"ref": "PAY-1", "amount": "1234.50", "on": "2025-09-30", "note": "a, b"},
        {"ref": "PAY-2", "amount": "-0.01", "on": "2025-10-01", "note": 'say "hi"'},
    ]
    assert [p.name for p in target.parent.iterdir()] == ["payments.csv"]


def test_bom_and_explicit_columns(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    write_csv(target, [{"b": "Kwame Nkrumah Ave", "a": "Accra ₵"}], ["a", "b"], bom=True)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == "a,b\r\nAccra ₵,Kwame Nkrumah Ave\r\n"


def test_missing_column_names_the_row_and_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    target.write_text("previous\n")
    with pytest.raises(UsageError, match="row 2 has no column 'amount'"):
        write_csv(target, [{"amount": Decimal(1)}, {"other": 1}], ["amount"])
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]
