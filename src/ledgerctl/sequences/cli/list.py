"""`ledgerctl sequence list`: the tenant's sequences and their next numbers."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.clock import parse_day
from ledgerctl.sequences.cli.options import DATE_OPTION


def list_cmd(
    ctx: typer.Context,
    on: str | None = DATE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """List the tenant's sequences and the number each would hand out next."""
    from ledgerctl.sequences.views import COLUMNS, list_sequences

    rows = list_sequences.run(app_context(ctx), parse_day(on, "--date"))
    render(rows, fmt, output, title="Sequences", columns=COLUMNS)
