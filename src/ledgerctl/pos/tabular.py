"""Read a CSV or Excel file of rows (product lists, till exports) as text cells with line numbers.

CSV: UTF-8 (a BOM is fine), header in line 1, line numbers as an editor shows them. Excel
(.xlsx): the first sheet (or the one named ``sheet``), header in row 1, sheet row numbers.
Every cell comes back as stripped text (Excel numbers exactly as typed, dates as YYYY-MM-DD),
so one parser checks both. ``where(line, field)`` builds the error prefix ``file:LINE: field``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ledgerctl.core.errors import NotFound, UsageError


@dataclass(frozen=True)
class Cell:
    """Where a value came from, for error messages."""

    file: str
    line: int

    def where(self, field: str) -> str:
        return f"{self.file}:{self.line}: {field}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _check_header(path: Path, header: Sequence[str], required: Sequence[str]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise UsageError(
            f"{path.name}:1: header: column(s) {', '.join(missing)} missing; "
            f"the header must name {', '.join(required)}"
        )


def _csv_rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = [h.strip().lower() for h in next(reader, [])]
            _check_header(path, header, required)
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                if len(values) > len(header):
                    raise UsageError(
                        f"{path.name}:{reader.line_num}: row has {len(values)} "
                        f"fields but the header has {len(header)}"
                    )
                yield reader.line_num, {h: v.strip() for h, v in zip(header, values, strict=False)}
    except UnicodeDecodeError:
        raise UsageError(f"{path.name}: not UTF-8 text; save it as CSV UTF-8") from None


def _xlsx_rows(
    path: Path, required: Sequence[str], sheet: str | None
) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise UsageError(f"{path.name}: not an Excel .xlsx workbook ({exc})") from None
    try:
        name = sheet if sheet in wb.sheetnames else wb.sheetnames[0]
        rows = wb[name].iter_rows(values_only=True)
        header = [_text(h).lower() for h in next(rows, ())]
        _check_header(path, header, required)
        for number, values in enumerate(rows, start=2):
            cells = {h: _text(v) for h, v in zip(header, values, strict=False) if h}
            if any(cells.values()):
                yield number, cells
    finally:
        wb.close()


def read_table(
    path: Path, required: Sequence[str], sheet: str | None = None
) -> Iterator[tuple[Cell, dict[str, str]]]:
    """Yield ``(Cell, {lower-case header: text})`` for each non-blank data row."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path, required, sheet)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path, required)
    else:
        raise UsageError(f"{path.name}: use a .csv or .xlsx file")
    for line, cells in rows:
        yield Cell(path.name, line), cells


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}


def decimal_cell(
    cell: Cell, field: str, text: str, *, places: int, required: bool = True, positive: bool = False
) -> Decimal | None:
    """A decimal with at most ``places`` decimals (thousands separators allowed)."""
    if not text:
        if required:
            raise UsageError(f"{cell.where(field)}: a value is required")
        return None
    try:
        value = Decimal(text.replace(",", "") if "," in text else text)
    except InvalidOperation:
        raise UsageError(f"{cell.where(field)}: {text!r} is not a number") from None
    if not value.is_finite():
        raise UsageError(f"{cell.where(field)}: {text!r} is not a number")
    exact = value.quantize(_QUANTA[places])
    if value != exact:
        raise UsageError(f"{cell.where(field)}: {text} has more than {places} decimal places")
    if positive and value <= 0:
        raise UsageError(f"{cell.where(field)}: {text} must be positive")
    if value < 0:
        raise UsageError(f"{cell.where(field)}: {text} must not be negative")
    return exact
