"""Read analysts' edits back from a workbook ledgerctl wrote, with row numbers for errors.

``read_rows`` finds the columns by their header text in row 1 (so an analyst may reorder
columns), yields ``(sheet row number, {header: value})`` for every non-blank row, and stops at
the totals row if one is named. A deleted or renamed header is a ``UsageError`` naming the
sheet and the column. ``to_decimal`` / ``to_date`` / ``to_text`` convert what Excel hands back
(floats for numbers, datetimes for dates) to exact values, naming the cell on failure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ledgerctl.core.errors import UsageError


def cell_ref(path: Path, sheet: str, row: int, header: str) -> str:
    """How an error names a cell: ``review.xlsx, sheet 'Review', row 7, column 'Amount'``."""
    return f"{Path(path).name}, sheet {sheet!r}, row {row}, column {header!r}"


def header_map(header_row: Sequence[Any]) -> dict[str, int]:
    """Header text (stripped) → 0-based column index; the first of duplicate headers wins."""
    found: dict[str, int] = {}
    for index, value in enumerate(header_row):
        if value is not None and str(value).strip():
            found.setdefault(str(value).strip(), index)
    return found


def _open_sheet(path: Path, sheet: str) -> tuple[Any, Any]:
    from openpyxl import load_workbook

    if not Path(path).is_file():
        raise UsageError(f"{path}: workbook not found")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise UsageError(f"{path}: not an Excel .xlsx workbook ({exc})") from None
    if sheet not in wb.sheetnames:
        names = ", ".join(n for n in wb.sheetnames if not n.startswith("_"))
        wb.close()
        raise UsageError(
            f"{Path(path).name}: no sheet {sheet!r} (sheets: {names}); "
            "do not rename the sheets ledgerctl wrote"
        )
    return wb, wb[sheet]


def _columns(
    path: Path,
    sheet: str,
    headers: dict[str, int],
    required: Sequence[str],
    optional: Sequence[str],
) -> dict[str, int]:
    for name in required:
        if name not in headers:
            raise UsageError(
                f"{Path(path).name}, sheet {sheet!r}: column {name!r} is missing from the header "
                "row (row 1); put the header back or export the workbook again"
            )
    wanted = [*required, *optional] or list(headers)
    return {name: headers[name] for name in wanted if name in headers}


def read_rows(
    path: Path,
    sheet: str,
    required: Sequence[str] = (),
    optional: Sequence[str] = (),
    *,
    stop_at: str | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row number, {header: value})`` for the data rows of ``sheet``.

    Only ``required`` + ``optional`` headers are returned (all headers when both are empty).
    Blank rows are skipped; reading stops at a row whose first cell equals ``stop_at``
    (e.g. the ``Total`` row).
    """
    wb, ws = _open_sheet(path, sheet)
    try:
        rows = ws.iter_rows(values_only=True)
        header = next(rows, ())
        columns = _columns(path, sheet, header_map(header), required, optional)
        for number, values in enumerate(rows, start=2):
            if stop_at is not None and values and values[0] == stop_at:
                return
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            yield (
                number,
                {name: values[i] if i < len(values) else None for name, i in columns.items()},
            )
    finally:
        wb.close()


def to_decimal(value: Any, where: str) -> Decimal | None:
    """A number cell as an exact Decimal (floats via their shortest repr); None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise UsageError(f"{where}: {value!r} is not a number")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    text = repr(value) if isinstance(value, float) else str(value).strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise UsageError(f"{where}: {value!r} is not a number") from None
    if not number.is_finite():
        raise UsageError(f"{where}: {value!r} is not a number")
    return number


def to_date(value: Any, where: str) -> date | None:
    """A date cell (or ISO text) as a date; None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"{where}: {value!r} is not a date; write YYYY-MM-DD") from None


def to_text(value: Any) -> str:
    """A cell as stripped text ('' when blank); whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
