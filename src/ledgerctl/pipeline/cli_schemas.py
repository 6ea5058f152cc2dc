"""Commands `pipeline schemas list|test` and `pipeline diagnose` (bank formats and parsing)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    message,
    render_rows,
)

schemas_app = typer.Typer(
    help="Bank formats (rules/schemas/*.yaml): list them, test a file.", no_args_is_help=True
)

FILE_ARG = typer.Argument(..., help="A bank export (CSV) to read.")


@schemas_app.command("list")
def schemas_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List bank formats in match order (workspace rules/schemas/ overrides shipped ones)."""
    from ledgerctl.pipeline import schema_service

    rows = schema_service.list_schemas(app_context(ctx))
    columns = (
        ["id", "name", "bank", "file_pattern", "currency", "source"]
        if fmt == OutputFormat.table
        else None
    )
    render_rows(rows, fmt, output, title="Bank formats", columns=columns)


def _json_out(data: dict[str, Any], output: Path | None) -> None:
    text = json.dumps(data, indent=2, default=str) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    from ledgerctl.outputs.api import atomic_write_text

    atomic_write_text(output, text)
    message(f"wrote {output}")


def _no_format(file: Path) -> None:
    from ledgerctl.core.errors import UsageError

    raise UsageError(
        f"no bank format matches {file}; add a schema in rules/schemas/ of the "
        "workspace (see docs/pipeline-formats.md), then run `ledgerctl pipeline "
        f"schemas test {file}` again"
    )


@schemas_app.command("test")
def schemas_test(
    ctx: typer.Context,
    file: Path = FILE_ARG,
    rows: int = typer.Option(
        10, "--rows", "-n", min=0, help="How many normalised rows to preview."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Which format matches FILE and why (or why each did not), then a preview of its rows
    with merchant and category, then problems. Exit 2 when no format matches."""
    from ledgerctl.pipeline import schema_service

    result = schema_service.check_file(app_context(ctx), file, rows)
    if fmt == OutputFormat.json:
        _json_out(result, None)
    else:
        render_rows(result["candidates"], fmt, title=f"Formats tried for {file}")
        if result["schema"] is not None:
            if fmt == OutputFormat.table:
                sys.stdout.write(
                    f"schema {result['schema']} ({result['schema_path']}), "
                    f"encoding {result['encoding']}, header on line "
                    f"{result['header_line']}, {result['rows']} rows\n"
                )
            render_rows(
                result["preview"],
                fmt,
                title=f"First {len(result['preview'])} of {result['rows']} rows",
            )
        if result["problems"]:
            render_rows(result["problems"], fmt, title=f"Problems ({len(result['problems'])})")
    if result["schema"] is None:
        _no_format(file)


def diagnose(
    ctx: typer.Context,
    file: Path = FILE_ARG,
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """How FILE reads: encoding, header line, format, row count, problems per line, and a
    running-balance continuity check. Exit 2 when no format matches."""
    from ledgerctl.pipeline import schema_service

    result = schema_service.diagnose_file(app_context(ctx), file)
    if fmt == OutputFormat.json:
        _json_out(result, output)
    else:
        summary = [{"item": k, "value": v} for k, v in result["summary"].items()]
        render_rows(summary, fmt, output, title=f"Diagnosis of {file}")
        if result["problems"] and output is None:
            render_rows(result["problems"], fmt, title=f"Problems ({len(result['problems'])})")
    if not result["matched"]:
        _no_format(file)
