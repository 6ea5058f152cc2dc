"""Output formats, the ``--format`` / ``--output`` options, and values made plain for each."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

import typer

from ledgerctl.core.errors import UsageError


class Format(StrEnum):
    """What a listing or report is rendered as."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


FORMAT_OPTION: Any = typer.Option(
    None,
    "--format",
    "-f",
    help="table, json, csv or xlsx (default: from --output's extension, else table).",
)
OUTPUT_OPTION: Any = typer.Option(
    None,
    "--output",
    "-o",
    help="Write to this file (atomically) instead of stdout; .json/.csv/.xlsx pick the format.",
)

_EXTENSIONS = {".json": Format.json, ".csv": Format.csv, ".xlsx": Format.xlsx}


def resolve_format(fmt: Format | str | None, output: Path | None) -> Format:
    """The chosen format: ``--format``, else the output file's extension, else a table."""
    if fmt is not None:
        try:
            return Format(str(fmt))
        except ValueError:
            raise UsageError(f"--format: {fmt!r} is not one of table, json, csv, xlsx") from None
    if output is not None:
        return _EXTENSIONS.get(output.suffix.lower(), Format.table)
    return Format.table


def as_mapping(item: Any) -> Mapping[str, Any]:
    """A row as a mapping: dataclass instances by their fields, mappings as they are."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    if isinstance(item, Mapping):
        return item
    raise TypeError(f"cannot render {type(item).__name__} as a row")


def columns_of(rows: Sequence[Any], columns: Sequence[str] | None, row_type: Any) -> list[str]:
    """The columns to show: given ones, else the row type's fields, else the first row's keys."""
    if columns is not None:
        return list(columns)
    if row_type is not None and dataclasses.is_dataclass(row_type):
        return [f.name for f in dataclasses.fields(row_type)]
    return list(as_mapping(rows[0]).keys()) if rows else []


def plain(value: Any) -> Any:
    """A value as JSON has it: money and numbers as strings, dates ISO, booleans as booleans."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in as_mapping(value).items()}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return str(value)


def text_value(value: Any) -> str:
    """A value as one CSV field: exact decimals, ISO dates, true/false, JSON for nested data."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    converted = plain(value)
    if isinstance(converted, dict | list):
        return json.dumps(converted, ensure_ascii=False)
    return str(converted)


def is_nested(value: Any) -> bool:
    """Lists, mappings and dataclasses: shown as their own section, not as one cell."""
    return isinstance(value, list | tuple | Mapping) or (
        dataclasses.is_dataclass(value) and not isinstance(value, type)
    )
