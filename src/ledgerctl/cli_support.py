"""Transitional aliases of ``ledgerctl.console`` for command modules not yet moved to it.

New code imports ``ledgerctl.console``; this module goes away when no command uses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from ledgerctl.console import (
    OUTPUT_OPTION,
    app_context,
    confirm_or_abort,
    message,
    render,
    resolve_format,
)
from ledgerctl.console import Format as OutputFormat

FORMAT_OPTION: Any = typer.Option(
    OutputFormat.table,
    "--format",
    "-f",
    help="table, json, csv or xlsx (default table; a .json/.csv/.xlsx --output picks its own).",
)

__all__ = [
    "FORMAT_OPTION",
    "OUTPUT_OPTION",
    "OutputFormat",
    "app_context",
    "confirm_or_abort",
    "message",
    "render_rows",
]


def render_rows(
    rows: Sequence[Any],
    fmt: OutputFormat | None = OutputFormat.table,
    output: Path | None = None,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
) -> None:
    """``console.render``; a table asked for a .csv/.json/.xlsx file takes the file's format."""
    if fmt in (None, OutputFormat.table) and output is not None:
        fmt = resolve_format(None, output)
    render(rows, fmt, output, title=title, columns=columns)
