"""The outputs group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.outputs.columns import Column, data_dictionary_markdown, money
    from ledgerctl.outputs.csv_writer import csv_value, write_csv
    from ledgerctl.outputs.excel import (
        BarChart,
        ExcelColumn,
        ListValidation,
        RangeValidation,
        Sheet,
        write_workbook,
    )
    from ledgerctl.outputs.excel_read import read_rows, to_decimal, to_text
    from ledgerctl.outputs.files import atomic_path, atomic_write_bytes, atomic_write_text
    from ledgerctl.outputs.parquet import arrow_type, write_parquet
    from ledgerctl.outputs.pdf import (
        PdfJob,
        PdfRenderError,
        harfbuzz_subset_available,
        longdate,
        render_many,
        render_pdf,
    )

_EXPORTS = {
    "BarChart": "ledgerctl.outputs.excel",
    "Column": "ledgerctl.outputs.columns",
    "ExcelColumn": "ledgerctl.outputs.excel",
    "ListValidation": "ledgerctl.outputs.excel",
    "PdfJob": "ledgerctl.outputs.pdf",
    "PdfRenderError": "ledgerctl.outputs.pdf",
    "RangeValidation": "ledgerctl.outputs.excel",
    "Sheet": "ledgerctl.outputs.excel",
    "arrow_type": "ledgerctl.outputs.parquet",
    "atomic_path": "ledgerctl.outputs.files",
    "atomic_write_bytes": "ledgerctl.outputs.files",
    "atomic_write_text": "ledgerctl.outputs.files",
    "csv_value": "ledgerctl.outputs.csv_writer",
    "data_dictionary_markdown": "ledgerctl.outputs.columns",
    "harfbuzz_subset_available": "ledgerctl.outputs.pdf",
    "longdate": "ledgerctl.outputs.pdf",
    "money": "ledgerctl.outputs.columns",
    "read_rows": "ledgerctl.outputs.excel_read",
    "render_many": "ledgerctl.outputs.pdf",
    "render_pdf": "ledgerctl.outputs.pdf",
    "to_decimal": "ledgerctl.outputs.excel_read",
    "to_text": "ledgerctl.outputs.excel_read",
    "write_csv": "ledgerctl.outputs.csv_writer",
    "write_parquet": "ledgerctl.outputs.parquet",
    "write_workbook": "ledgerctl.outputs.excel",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
