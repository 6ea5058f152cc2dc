"""Any listing as a real Excel workbook: typed cells, frozen header, an Excel Table with filters."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.console.formats import text_value


def _kind(values: Sequence[Any]) -> str:
    present = [v for v in values if v is not None and v != ""]
    if not present:
        return "text"
    if all(isinstance(v, bool) for v in present):
        return "text"
    if all(isinstance(v, datetime) for v in present):
        return "datetime"
    if all(isinstance(v, date) and not isinstance(v, datetime) for v in present):
        return "date"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, Decimal | int) and not isinstance(v, bool) for v in present):
        return "money" if _looks_like_money(present) else "number"
    return "text"


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def _looks_like_money(values: Sequence[Any]) -> bool:
    """Cents everywhere (some value with two places, none with more): ``#,##0.00``. Rates and
    quantities with other decimals keep a general format that shows every digit."""
    places = [_places(v) for v in values if isinstance(v, Decimal)]
    return bool(places) and max(places) == 2


def _value(value: Any, kind: str) -> Any:
    if kind == "datetime" and isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; values are UTC
    if kind in ("date", "datetime", "int", "money", "number"):
        return value
    return text_value(value) if value is not None else None


def _table_name(title: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", title) or "Data"
    return ("T_" + name)[:250]


def sheet_spec(title: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Any:
    """An ``outputs.excel.Sheet`` for rows: one typed column per key."""
    from ledgerctl.outputs.api import ExcelColumn, Sheet

    kinds = {name: _kind([r.get(name) for r in rows]) for name in columns}
    specs = [ExcelColumn(name, name, kind=kinds[name]) for name in columns]
    data = [{name: _value(r.get(name), kinds[name]) for name in columns} for r in rows]
    sheet_title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Data"
    return Sheet(sheet_title, specs, data, excel_table=_table_name(sheet_title))


def write_xlsx(
    target: Path, sheets: Sequence[tuple[str, Sequence[Mapping[str, Any]], Sequence[str]]]
) -> Path:
    """Write one sheet per ``(title, rows, columns)`` atomically."""
    from ledgerctl.outputs.api import write_workbook

    return write_workbook(target, [sheet_spec(t, rows, cols) for t, rows, cols in sheets])
