"""Render data in the chosen format to stdout or to ``--output`` (written atomically).

``render`` prints a listing (rows: mappings or dataclass instances), ``render_record`` one
object (a ``show``: scalar fields, plus its lists as sections), ``render_sections`` a report
made of several named tables, ``render_text`` text that is itself the product (crontab
lines). JSON is an array of objects (a record is one object); CSV always has its header row;
xlsx is a workbook with one sheet per table.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ledgerctl.console.formats import (
    Format,
    as_mapping,
    columns_of,
    is_nested,
    plain,
    resolve_format,
    text_value,
)
from ledgerctl.console.messages import message
from ledgerctl.core.errors import UsageError

Rows = Iterable[Any]


def _csv_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([text_value(row.get(c)) for c in columns])
    return buf.getvalue()


def _json_text(value: Any) -> str:
    return json.dumps(plain(value), indent=2, ensure_ascii=False) + "\n"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from ledgerctl.outputs.api import atomic_write_text

    atomic_write_text(output, text)
    message(f"wrote {output}")


def _to_terminal(output: Path | None) -> bool:
    """Tables fit (and colour) the terminal only when they are printed on one."""
    return output is None and sys.stdout.isatty()


def _xlsx_target(output: Path | None, default_path: Path | None) -> Path:
    target = output or default_path
    if target is None:
        raise UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
    return target


def _write_xlsx(
    sheets: Sequence[tuple[str, Sequence[Mapping[str, Any]], Sequence[str]]], target: Path
) -> None:
    from ledgerctl.console.xlsx import write_xlsx

    write_xlsx(target, sheets)
    message(f"wrote {target}")


def render(
    rows: Rows,
    fmt: Format | str | None = None,
    output: Path | None = None,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    row_type: Any = None,
    default_path: Path | None = None,
) -> None:
    """A listing as a table, JSON array, CSV (with header) or a workbook."""
    items = [as_mapping(r) for r in rows]
    cols = columns_of(items, columns, row_type)
    chosen = resolve_format(fmt, output)
    if chosen == Format.xlsx:
        _write_xlsx([(title or "Data", items, cols)], _xlsx_target(output, default_path))
    elif chosen == Format.json:
        _emit(_json_text([{c: r.get(c) for c in cols} for r in items]), output)
    elif chosen == Format.csv:
        _emit(_csv_text(items, cols), output)
    else:
        from ledgerctl.console.table import table_text

        _emit(table_text(items, cols, title, terminal=_to_terminal(output)), output)


def _split(record: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    scalars = {k: v for k, v in record.items() if not is_nested(v)}
    nested = {k: v for k, v in record.items() if is_nested(v)}
    return scalars, nested


def _section_rows(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, list | tuple):
        return [as_mapping(v) if is_nested(v) else {"value": v} for v in value]
    return [{"field": k, "value": v} for k, v in as_mapping(value).items()]


def render_record(
    record: Any,
    fmt: Format | str | None = None,
    output: Path | None = None,
    *,
    title: str | None = None,
    default_path: Path | None = None,
) -> None:
    """One object: JSON object; CSV one row; table/xlsx its fields, then a table per list."""
    data = as_mapping(record)
    chosen = resolve_format(fmt, output)
    if chosen == Format.json:
        _emit(_json_text(data), output)
        return
    if chosen == Format.csv:
        _emit(_csv_text([data], list(data)), output)
        return
    scalars, nested = _split(data)
    sections: dict[str, list[Mapping[str, Any]]] = {
        title or "Record": [{"field": k, "value": v} for k, v in scalars.items()]
    }
    for name, value in nested.items():
        sections[name.replace("_", " ").capitalize()] = _section_rows(value)
    _render_tables(sections, chosen, output, default_path, skip_empty=True)


def render_sections(
    sections: Mapping[str, Rows],
    fmt: Format | str | None = None,
    output: Path | None = None,
    *,
    default_path: Path | None = None,
) -> None:
    """A report of several named tables: JSON object of arrays; CSV with a ``section`` column."""
    tables = {name: [as_mapping(r) for r in rows] for name, rows in sections.items()}
    chosen = resolve_format(fmt, output)
    if chosen == Format.json:
        _emit(_json_text(tables), output)
    elif chosen == Format.csv:
        cols: list[str] = []
        for rows in tables.values():
            cols += [c for c in columns_of(rows, None, None) if c not in cols]
        flat = [{"section": name, **r} for name, rows in tables.items() for r in rows]
        _emit(_csv_text(flat, ["section", *cols]), output)
    else:
        _render_tables(tables, chosen, output, default_path, skip_empty=False)


def render_text(text: str, output: Path | None = None) -> None:
    """Text that is the command's product as it is (crontab lines, a check report), to stdout
    or ``--output``; a missing final newline is added."""
    _emit(text if not text or text.endswith("\n") else text + "\n", output)


def _render_tables(
    sections: Mapping[str, Sequence[Mapping[str, Any]]],
    chosen: Format,
    output: Path | None,
    default_path: Path | None,
    *,
    skip_empty: bool,
) -> None:
    shown = [(n, rows) for n, rows in sections.items() if rows or not skip_empty]
    if chosen == Format.xlsx:
        sheets = [(n, rows, columns_of(rows, None, None)) for n, rows in shown]
        _write_xlsx(sheets, _xlsx_target(output, default_path))
        return
    from ledgerctl.console.table import table_text

    terminal = _to_terminal(output)
    text = "".join(
        table_text(rows, columns_of(rows, None, None), n, terminal=terminal) for n, rows in shown
    )
    _emit(text, output)
