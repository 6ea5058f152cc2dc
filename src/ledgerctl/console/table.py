"""Terminal tables (rich) that never cut money, numbers or document numbers.

Columns whose values are numbers, dates or single tokens (codes, document numbers) keep their
full width; only text columns with spaces fold onto more lines when the terminal is narrow.
Without a terminal (a pipe, a file) the table is as wide as its content needs.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerctl.console.formats import plain

_TOKEN_LIMIT = 28  # longer single tokens (hashes, paths) may fold


def cell(value: Any) -> str:
    """A value as a table cell: money with thousands separators, nested data as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        if value.is_finite() and value.as_tuple().exponent == -2:
            return f"{value:,.2f}"
        return f"{value:,}"
    converted = plain(value)
    if isinstance(converted, dict | list):
        return json.dumps(converted, ensure_ascii=False)
    return str(converted)


def _numeric(values: Sequence[Any]) -> bool:
    return any(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in values)


def _protected(values: Sequence[Any], texts: Sequence[str]) -> bool:
    """Numbers, dates and short single tokens are never cut or folded."""
    if _numeric(values) or any(isinstance(v, date) for v in values):
        return True
    return all(" " not in t and len(t) <= _TOKEN_LIMIT for t in texts)


def table_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], title: str | None) -> str:
    """The rows as a box-drawn table (``(no rows)`` when there are none)."""
    if not rows:
        return "(no rows)\n"
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    widths = []
    for name in columns:
        values = [r.get(name) for r in rows]
        texts = [cell(v) for v in values]
        width = max([len(name), *(len(t) for t in texts)])
        widths.append(width)
        justify = "right" if _numeric(values) else "left"
        if _protected(values, texts):
            table.add_column(name, justify=justify, no_wrap=True, min_width=width)
        else:
            table.add_column(name, justify=justify, overflow="fold")
    for r in rows:
        table.add_row(*[cell(r.get(name)) for name in columns])
    terminal = sys.stdout.isatty()
    natural = sum(widths) + 3 * len(widths) + 1
    width = None if terminal else max(natural, len(title or "") + 4, 40)
    console = Console(file=io.StringIO(), width=width, force_terminal=terminal)
    console.print(table)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()
