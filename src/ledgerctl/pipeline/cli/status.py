"""`ledgerctl pipeline status`: files, transactions, review queue, problems, last run."""

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
)


def status(
    ctx: typer.Context,
    problems: bool = typer.Option(False, "--problems", help="List the stored problems."),
    limit: int = typer.Option(50, "--limit", help="How many problems to list."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Files, transactions, last run, review queue length and problems."""
    from ledgerctl.pipeline.views import ProblemRow, pipeline_status, problem_list

    actx = app_context(ctx)
    if problems:
        rows = problem_list.run(actx, limit)
        render(rows, fmt, output, title="Pipeline problems", row_type=ProblemRow)
        return
    render_record(pipeline_status.run(actx), fmt, output, title="Pipeline status")
