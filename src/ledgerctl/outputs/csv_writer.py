"""CSV files for people and spreadsheets: UTF-8 (optionally with a BOM for Excel), exact values.

Decimals are written exactly as fixed-point text (``1234.50``, never ``1.2345E+3``), dates and
datetimes in ISO 8601, booleans as ``true``/``false``, ``None`` as an empty field. The file is
written atomically, so a reader never sees half of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.core.errors import UsageError
from ledgerctl.outputs.files import atomic_write_bytes

BOM = "\ufeff"


def csv_value(value: Any) -> str:
    """One value as CSV text: exact Decimal, ISO dates, ``true``/``false``, empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def csv_text(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None, *, delimiter: str = ","
) -> str:
    """Render rows (dicts) as CSV text with a header line; columns default to the first row's keys.

    A row without one of the columns is an error naming the row (1-based, header excluded).
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    header_written = columns is not None
    if columns is not None:
        writer.writerow(columns)
    for number, row in enumerate(rows, start=1):
        if not header_written:
            columns = list(row.keys())
            writer.writerow(columns)
            header_written = True
        try:
            writer.writerow([csv_value(row[name]) for name in columns or ()])
        except KeyError as exc:
            raise UsageError(f"CSV row {number} has no column {exc.args[0]!r}") from None
    return out.getvalue()


def write_csv(
    target: Path,
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    bom: bool = False,
    delimiter: str = ",",
) -> Path:
    """Write rows to ``target`` atomically as UTF-8 CSV (``bom=True`` so Excel reads UTF-8)."""
    text = csv_text(rows, columns, delimiter=delimiter)
    data = ((BOM if bom else "") + text).encode("utf-8")
    return atomic_write_bytes(Path(target), data)
