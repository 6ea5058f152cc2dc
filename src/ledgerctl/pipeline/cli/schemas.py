"""`ledgerctl pipeline schemas list|test`: the bank formats, and which one reads a file."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    render,
    render_record,
    resolve_format,
)

app = typer.Typer(
    help="Bank formats (rules/schemas/*.yaml): list them, test a file.", no_args_is_help=True
)

FILE_ARG = typer.Argument(..., help="A bank export (CSV) to read.")
LIST_COLUMNS = ["id", "name", "bank", "file_pattern", "currency", "source"]


@app.command("list")
def schemas_list(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List bank formats in match order (workspace rules/schemas/ overrides shipped ones)."""
    from ledgerctl.pipeline.formats import SchemaRow, list_schemas

    rows = list_schemas.run(app_context(ctx))
    table = resolve_format(fmt, output) == Format.table
    render(
        rows,
        fmt,
        output,
        title="Bank formats",
        columns=LIST_COLUMNS if table else None,
        row_type=SchemaRow,
    )


@app.command("test")
def schemas_test(
    ctx: typer.Context,
    file: Path = FILE_ARG,
    rows: int = typer.Option(
        10, "--rows", "-n", min=0, help="How many normalised rows to preview."
    ),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Which format matches FILE and why (or why each did not), then a preview of its rows
    with merchant and category, then problems. Exit 2 when no format matches."""
    from ledgerctl.pipeline.formats import check_file, no_format

    result = check_file.run(app_context(ctx), file, rows)
    render_record(result, fmt, output, title=f"Schema test of {file}")
    if result.schema is None:
        raise no_format(file)
