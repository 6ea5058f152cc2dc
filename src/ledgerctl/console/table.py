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
from typing import TYPE_CHECKING, Any

from ledgerctl.console.formats import plain

if TYPE_CHECKING:
    from rich.console import JustifyMethod

_TOKEN_LIMIT = 28  # longer single tokens (hashes, paths) may fold
_FOLD_MIN = 10  # a folded text column keeps at least this many characters a line


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


def _console_width(natural: int, needed: int, title: str | None, terminal: bool) -> int | None:
    """None (the terminal's own width) unless the protected columns need more; without a
    terminal, as wide as the content."""
    if not terminal:
        return max(natural, len(title or "") + 4, 40)
    from rich.console import Console

    detected = Console(file=io.StringIO(), force_terminal=True).width
    return None if detected >= needed else needed


def table_text(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    title: str | None,
    *,
    terminal: bool | None = None,
) -> str:
    """The rows as a box-drawn table (``(no rows)`` when there are none).

    ``terminal`` (default: is stdout a terminal?) fits the table to the terminal's width,
    folding text columns; when the never-cut columns alone are wider, the table is as wide as
    they need (the terminal wraps the lines; nothing is cut). Not a terminal: no colour codes
    and the table as wide as its content.
    """
    if not rows:
        return "(no rows)\n"
    from rich.console import Console
    from rich.table import Table

    on_terminal = sys.stdout.isatty() if terminal is None else terminal
    table = Table(title=title, show_lines=False)
    natural = needed = 3 * len(columns) + 1  # padding and borders
    for name in columns:
        values = [r.get(name) for r in rows]
        texts = [cell(v) for v in values]
        width = max([len(name), *(len(t) for t in texts)])
        justify: JustifyMethod = "right" if _numeric(values) else "left"
        natural += width
        if _protected(values, texts):
            table.add_column(name, justify=justify, no_wrap=True, min_width=width)
            needed += width
        else:
            folded = min(width, _FOLD_MIN)
            table.add_column(name, justify=justify, overflow="fold", min_width=folded)
            needed += folded
    for r in rows:
        table.add_row(*[cell(r.get(name)) for name in columns])
    out = io.StringIO()
    fit = _console_width(natural, needed, title, on_terminal)
    Console(file=out, width=fit, force_terminal=on_terminal).print(table)
    return out.getvalue()
