"""`ledgerctl pipeline diagnose FILE`: how one bank file reads, line by line."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render_record

FILE_ARG = typer.Argument(..., help="A bank export (CSV) to read.")


def diagnose(
    ctx: typer.Context,
    file: Path = FILE_ARG,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """How FILE reads: encoding, header line, format, row count, problems per line, and a
    running-balance continuity check. Exit 2 when no format matches."""
    from ledgerctl.pipeline.formats import diagnose_file, no_format

    result = diagnose_file.run(app_context(ctx), file)
    render_record(result, fmt, output, title=f"Diagnosis of {file}")
    if not result.matched:
        raise no_format(file)
