"""`ledgerctl pipeline process`: store new bank files, apply review edits, write the outputs."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render

COLUMNS = ["file", "status", "schema", "rows", "new", "duplicates", "problems"]
SHOWN_PROBLEMS = 200


def process(
    ctx: typer.Context,
    paths: list[str] | None = typer.Argument(
        None, help="Files, folders or globs (default: csv_inbox/**/*.csv)."
    ),
    output_type: str = typer.Option(
        "all", "--output-type", help="all, powerbi (Parquet only), excel or none."
    ),
    refresh_outputs: bool = typer.Option(
        False, "--refresh-outputs", help="Rewrite the outputs even if nothing changed."
    ),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Store new bank files (each once), apply review edits, write Parquet and the workbook.

    Exit 0 even when some files or lines had problems (the summary and `pipeline status`
    list them); 5 when a running balance shows missing or extra rows; 2 when the review
    workbook has invalid edits (nothing from it applied; files are still processed).

    Example: ledgerctl pipeline process --output-type powerbi
    """
    from ledgerctl.pipeline.paths import display_path
    from ledgerctl.pipeline.process import process as run
    from ledgerctl.pipeline.process import process_outcome

    actx = app_context(ctx)
    result = run(actx, list(paths or []), output_type=output_type, refresh_outputs=refresh_outputs)
    if result.files or fmt not in (None, Format.table):
        render(result.files, fmt, output, title="pipeline process", columns=COLUMNS)
    for problem in result.problems[:SHOWN_PROBLEMS]:
        message(f"problem: {problem}")
    if len(result.problems) > SHOWN_PROBLEMS:
        more = len(result.problems) - SHOWN_PROBLEMS
        message(f"... and {more} more (see `pipeline status --problems`)")
    if result.review_applied:
        message(f"review: {result.review_applied} decision(s) applied")
    for error in result.review_errors:
        message(f"review: {error}")
    for note in result.notes:
        message(note)
    for path in result.outputs:
        message(f"wrote {display_path(actx, path)}")
    message(result.summary())
    process_outcome(result)
