"""`ledgerctl pipeline review apply`: store an analyst's Queue_Review decisions."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import app_context, message

app = typer.Typer(help="Read the analyst's Queue_Review edits back.", no_args_is_help=True)


@app.command("apply")
def review_apply(
    ctx: typer.Context,
    workbook: Path | None = typer.Argument(
        None, help="Default: output/pipeline/balance_data.xlsx."
    ),
) -> None:
    """Store the Queue_Review decisions of a workbook (all or nothing; exit 2 if any is bad).

    Example: ledgerctl pipeline review apply output/pipeline/balance_data.xlsx
    """
    from ledgerctl.pipeline.paths import display_path
    from ledgerctl.pipeline.review import review_apply as run

    actx = app_context(ctx)
    result = run(actx, workbook)
    for note in result.notes:
        message(note)
    for path in result.outputs:
        message(f"wrote {display_path(actx, path)}")
    message(f"{result.applied} decision(s) applied")
