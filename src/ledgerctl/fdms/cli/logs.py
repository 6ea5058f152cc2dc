"""`ledgerctl fdms logs`: every request to FDMS and its answer, secrets removed."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    render,
    resolve_format,
)
from ledgerctl.core.clock import parse_day


def logs(
    ctx: typer.Context,
    limit: int = typer.Option(50, "--limit", min=1),
    since: str | None = typer.Option(None, "--since", help="YYYY-MM-DD"),
    errors: bool = typer.Option(False, "--errors", help="Only failed exchanges."),
    endpoint: str | None = typer.Option(None, "--endpoint", help="e.g. SubmitReceipt."),
    full: bool = typer.Option(False, "--full", help="Whole bodies (else shortened)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Every request to FDMS and its answer, secrets (activation and private keys) removed."""
    from ledgerctl.fdms import logs as use_cases

    table = resolve_format(fmt, output) == Format.table
    rows = use_cases.exchanges.run(
        app_context(ctx),
        limit=limit,
        since=parse_day(since, "--since"),
        errors_only=errors,
        endpoint=endpoint,
        full=full or not table,
    )
    columns = (
        ["at", "method", "path", "status", "ms", "error_code", "error", "operation_id"]
        if table and not full
        else None
    )
    render(
        rows, fmt, output, title="FDMS exchanges", columns=columns, row_type=use_cases.ExchangeRow
    )
