"""Helpers every group's cli.py shares: the context, output formats, messages to stderr.

Only typer is imported at module level; rich is loaded when something is printed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ledgerctl.context import AppContext


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, json or csv.")
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout.")


def app_context(ctx: typer.Context) -> AppContext:
    """The AppContext the root callback stored (commands find it on the click context)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext()
    return root.obj


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value.as_tuple().exponent == -2 else f"{value:,}"  # type: ignore[operator]
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return str(_plain(value))


def render_rows(
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat = OutputFormat.table,
    output: Path | None = None,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
) -> None:
    """Print rows as a rich table, JSON or CSV, to stdout or ``output`` (written atomically)."""
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == OutputFormat.json:
        text = (
            json.dumps([{c: _plain(r.get(c)) for c in cols} for r in rows], indent=2, default=str)
            + "\n"
        )
    elif fmt == OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else _plain(r.get(c)) for c in cols])
        text = buf.getvalue()
    else:
        text = _table_text(rows, cols, title, output is None)
    if output is not None:
        from ledgerctl.outputs.files import atomic_write_text

        atomic_write_text(output, text)
        message(f"wrote {output}")
    else:
        sys.stdout.write(text)


def _table_text(
    rows: Sequence[dict[str, Any]], cols: list[str], title: str | None, to_terminal: bool
) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in cols:
        numeric = any(
            isinstance(r.get(c), (int, Decimal)) and not isinstance(r.get(c), bool) for r in rows
        )
        table.add_column(c, justify="right" if numeric else "left")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in cols])
    console = Console(
        file=io.StringIO(),
        width=200 if not sys.stdout.isatty() else None,
        force_terminal=to_terminal and sys.stdout.isatty(),
    )
    if not rows:
        return "(no rows)\n"
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def message(text: str, *, ctx: AppContext | None = None) -> None:
    """A message for the operator, on stderr (suppressed by --quiet)."""
    if ctx is not None and ctx.quiet:
        return
    sys.stderr.write(text + "\n")


def confirm_or_abort(prompt: str, yes: bool) -> None:
    """Ask before a hard-to-undo change unless --yes; without a terminal, refuse (exit 2)."""
    if yes:
        return
    if not sys.stdin.isatty():
        from ledgerctl.core.errors import UsageError

        raise UsageError(f"{prompt} — pass --yes to confirm when not running at a terminal")
    if not typer.confirm(prompt):
        raise typer.Exit(code=0)
