"""Excel workbooks for analysts: typed columns, frozen headers, filters, validation, totals, charts.

``write_workbook(target, sheets)`` writes one sheet per ``Sheet`` spec with openpyxl in
write-only (streaming) mode and saves atomically. Every sheet has its header in row 1 (bold,
frozen) and an autofilter over the data; each column has a width and a number format (money
``#,##0.00``, dates ``yyyy-mm-dd``). Columns where an analyst types can carry a drop-down list
or a numeric range with an error message. A summary sheet can have a totals row (``SUBTOTAL``
so it follows the filter) and a bar chart.

Reading analysts' edits back is in ``ledgerctl.outputs.excel_read``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.core.errors import UsageError
from ledgerctl.outputs.files import atomic_write_with

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
INT_FORMAT = "0"
TEXT_FORMAT = "@"
PERCENT_FORMAT = "0.00%"

_KIND_FORMATS = {
    "money": MONEY_FORMAT,
    "date": DATE_FORMAT,
    "datetime": DATETIME_FORMAT,
    "int": INT_FORMAT,
    "text": TEXT_FORMAT,
    "percent": PERCENT_FORMAT,
    "number": "General",
}
_KIND_WIDTHS = {"money": 14, "date": 12, "datetime": 17, "int": 10, "percent": 10}
_LIST_SHEET = "_lists"
_MAX_INLINE_LIST = 255  # Excel's limit on a literal list formula


@dataclass(frozen=True)
class ListValidation:
    """A drop-down: the analyst must pick one of ``values``."""

    values: Sequence[str]
    error: str = "Pick a value from the list."
    allow_blank: bool = True


@dataclass(frozen=True)
class RangeValidation:
    """A number between ``minimum`` and ``maximum`` (``whole`` or ``decimal``)."""

    minimum: int | Decimal
    maximum: int | Decimal
    kind: str = "decimal"
    error: str | None = None
    allow_blank: bool = True


@dataclass(frozen=True)
class ExcelColumn:
    """One column: ``key`` in the row dicts, ``header`` shown in row 1.

    ``kind`` is one of text, money, date, datetime, int, percent, number; it picks the number
    format and default width unless ``number_format`` / ``width`` are given. ``total=True``
    puts a SUBTOTAL in the totals row (when the sheet has one).
    """

    key: str
    header: str
    kind: str = "text"
    width: float | None = None
    number_format: str | None = None
    validation: ListValidation | RangeValidation | None = None
    total: bool = False

    def __post_init__(self) -> None:
        if self.kind not in _KIND_FORMATS:
            raise UsageError(
                f"Excel column {self.key!r}: kind {self.kind!r} is not one of "
                f"{', '.join(_KIND_FORMATS)}"
            )

    @property
    def format(self) -> str:
        return self.number_format or _KIND_FORMATS[self.kind]

    def column_width(self) -> float:
        if self.width is not None:
            return self.width
        return max(_KIND_WIDTHS.get(self.kind, 18), len(self.header) + 3)


@dataclass(frozen=True)
class BarChart:
    """A bar chart of ``value_keys`` per ``category_key`` over the sheet's data rows."""

    title: str
    category_key: str
    value_keys: Sequence[str]
    y_title: str | None = None
    x_title: str | None = None
    horizontal: bool = False
    anchor: str | None = None  # top-left cell; default: two columns right of the table


@dataclass
class Sheet:
    """One worksheet: its columns and rows (dicts keyed by ``ExcelColumn.key``)."""

    title: str
    columns: Sequence[ExcelColumn]
    rows: Sequence[Mapping[str, Any]]
    totals_label: str | None = None  # e.g. "Total": adds a totals row under the data
    chart: BarChart | None = None
    freeze_header: bool = True
    autofilter: bool = True
    excel_table: str | None = None  # name of an Excel Table over the data (it has filters)
    extra_validation_rows: int = 0  # validations also cover this many empty rows below
    notes: Sequence[str] = field(default_factory=tuple)  # lines written under the table


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _check_sheet(sheet: Sheet) -> None:
    if not sheet.title or len(sheet.title) > 31 or any(c in sheet.title for c in "[]:*?/\\"):
        raise UsageError(f"sheet title {sheet.title!r}: 1-31 characters, none of []:*?/\\")
    if sheet.title.lower() == _LIST_SHEET:
        raise UsageError(f"sheet title {sheet.title!r} is reserved for drop-down lists")
    keys = [c.key for c in sheet.columns]
    if len(set(keys)) != len(keys):
        raise UsageError(f"sheet {sheet.title!r}: a column key appears twice")
    if sheet.chart:
        for key in (sheet.chart.category_key, *sheet.chart.value_keys):
            if key not in keys:
                raise UsageError(f"sheet {sheet.title!r}: chart column {key!r} is not a column")


def _cell(ws: Any, value: Any, number_format: str | None = None, bold: bool = False) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if isinstance(value, float):
        raise UsageError(f"Excel value {value!r} is a float; pass a Decimal")
    cell = WriteOnlyCell(ws, value=value)
    if number_format and value is not None:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _data_row(ws: Any, sheet: Sheet, number: int, row: Mapping[str, Any]) -> list[Any]:
    try:
        return [_cell(ws, row[c.key], c.format) for c in sheet.columns]
    except KeyError as exc:
        raise UsageError(
            f"sheet {sheet.title!r}, row {number}: no value for column {exc.args[0]!r}"
        ) from None


def _totals_row(ws: Any, sheet: Sheet, first: int, last: int) -> list[Any]:
    cells = []
    for index, column in enumerate(sheet.columns, start=1):
        if index == 1:
            value: Any = sheet.totals_label
        elif column.total:
            letter = _letter(index)
            value = f"=SUBTOTAL(109,{letter}{first}:{letter}{last})"
        else:
            value = None
        cells.append(_cell(ws, value, column.format if index > 1 else None, bold=True))
    return cells


class _Lists:
    """Drop-down values too long for an inline list, kept on a hidden sheet ``_lists``."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.columns: list[tuple[str, ...]] = []
        self.ranges: dict[tuple[str, ...], str] = {}

    def formula(self, validation: ListValidation) -> str:
        values = tuple(str(v) for v in validation.values)
        if not values:
            raise UsageError("a drop-down list needs at least one value")
        inline = ",".join(values)
        if len(inline) <= _MAX_INLINE_LIST and not any("," in v or '"' in v for v in values):
            return f'"{inline}"'
        if values not in self.ranges:
            self.columns.append(values)
            col = _letter(len(self.columns))
            self.ranges[values] = f"'{_LIST_SHEET}'!${col}$1:${col}${len(values)}"
        return self.ranges[values]

    def write(self) -> None:
        if not self.columns:
            return
        ws = self.wb.create_sheet(_LIST_SHEET)
        ws.sheet_state = "hidden"
        for i in range(max(len(c) for c in self.columns)):
            ws.append([c[i] if i < len(c) else None for c in self.columns])


def _validation(column: ExcelColumn, lists: _Lists) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = column.validation
    if isinstance(rule, ListValidation):
        dv = DataValidation(type="list", formula1=lists.formula(rule), allow_blank=rule.allow_blank)
        message = rule.error
    else:
        assert rule is not None
        if rule.kind not in ("whole", "decimal"):
            raise UsageError(f"column {column.key!r}: range kind must be whole or decimal")
        dv = DataValidation(
            type=rule.kind,
            operator="between",
            formula1=str(rule.minimum),
            formula2=str(rule.maximum),
            allow_blank=rule.allow_blank,
        )
        message = rule.error or f"Enter a number from {rule.minimum} to {rule.maximum}."
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.errorTitle = column.header[:32]
    dv.error = message
    dv.showInputMessage = True
    dv.promptTitle = column.header[:32]
    dv.prompt = message[:255]
    return dv


def _add_validations(ws: Any, sheet: Sheet, lists: _Lists) -> None:
    last = max(len(sheet.rows), 1) + 1 + sheet.extra_validation_rows
    for index, column in enumerate(sheet.columns, start=1):
        if column.validation is None:
            continue
        dv = _validation(column, lists)
        dv.add(f"{_letter(index)}2:{_letter(index)}{last}")
        ws.data_validations.append(dv)  # write-only sheets lack add_data_validation


def _add_chart(ws: Any, sheet: Sheet, last: int) -> None:
    from openpyxl.chart import BarChart as XlBarChart
    from openpyxl.chart import Reference

    spec = sheet.chart
    assert spec is not None
    keys = [c.key for c in sheet.columns]
    chart = XlBarChart()
    chart.type = "bar" if spec.horizontal else "col"
    chart.title = spec.title
    chart.y_axis.title = spec.y_title
    chart.x_axis.title = spec.x_title
    chart.width, chart.height = 18, 9
    for key in spec.value_keys:
        col = keys.index(key) + 1
        chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=last), titles_from_data=True)
    cat_col = keys.index(spec.category_key) + 1
    chart.set_categories(Reference(ws, min_col=cat_col, min_row=2, max_row=last))
    ws.add_chart(chart, spec.anchor or f"{_letter(len(keys) + 2)}2")


def _write_sheet(wb: Any, sheet: Sheet, lists: _Lists) -> None:
    _check_sheet(sheet)
    ws = wb.create_sheet(sheet.title)
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[_letter(index)].width = column.column_width()
    if sheet.freeze_header:
        ws.freeze_panes = "A2"
    ws.append([_cell(ws, c.header, bold=True) for c in sheet.columns])
    for number, row in enumerate(sheet.rows, start=1):
        ws.append(_data_row(ws, sheet, number, row))
    last = len(sheet.rows) + 1
    width = _letter(max(len(sheet.columns), 1))
    if sheet.excel_table and sheet.rows:
        _add_table(ws, sheet.excel_table, f"A1:{width}{last}", [c.header for c in sheet.columns])
    elif sheet.autofilter and sheet.columns:
        ws.auto_filter.ref = f"A1:{width}{last}"
    if sheet.totals_label is not None:
        ws.append(_totals_row(ws, sheet, 2, max(last, 2)))
    for note in sheet.notes:
        ws.append([])
        ws.append([note])
    _add_validations(ws, sheet, lists)
    if sheet.chart and sheet.rows:
        _add_chart(ws, sheet, last)


def _add_table(ws: Any, name: str, ref: str, headers: Sequence[str]) -> None:
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    # write-only sheets cannot be read back: name the columns as the header row does, or
    # Excel finds "Column1".. against real headings and repairs (drops) the table
    table = Table(displayName=name, ref=ref, autoFilter=AutoFilter(ref=ref))
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, start=1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    with warnings.catch_warnings():  # openpyxl warns in write-only mode even when they are
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        ws.add_table(table)


def _discard(wb: Any) -> None:
    """Close the streamed sheets of a workbook that will not be saved and drop their temp files."""
    for ws in wb.worksheets:
        with suppress(Exception):
            if not ws.closed:
                ws.close()
        with suppress(Exception):
            ws._writer.cleanup()


def _fill(wb: Any, sheets: Iterable[Sheet]) -> None:
    lists = _Lists(wb)
    titles: set[str] = set()
    for sheet in sheets:
        if sheet.title.lower() in titles:
            raise UsageError(f"sheet title {sheet.title!r} is used twice")
        titles.add(sheet.title.lower())
        _write_sheet(wb, sheet, lists)
    if not titles:
        raise UsageError("a workbook needs at least one sheet")
    lists.write()


def write_workbook(target: Path, sheets: Iterable[Sheet]) -> Path:
    """Write the sheets to an .xlsx file at ``target`` atomically; returns the target path."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    try:
        _fill(wb, sheets)
    except BaseException:
        _discard(wb)
        raise
    return atomic_write_with(Path(target), wb.save)
