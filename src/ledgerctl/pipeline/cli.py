"""Command line of the `pipeline` group: process the inbox, status, review loop, settlement.

The bank-format commands (`schemas list|test`, `diagnose`) live in ``cli_schemas``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    message,
    render_rows,
)
from ledgerctl.pipeline import cli_schemas

app = typer.Typer(
    help="Bank CSV pipeline: inbox to clean transactions, Parquet, Excel review, settlement.",
    no_args_is_help=True,
)
app.add_typer(cli_schemas.schemas_app, name="schemas")
app.command("diagnose")(cli_schemas.diagnose)
review_app = typer.Typer(help="Read the analyst's Queue_Review edits back.", no_args_is_help=True)
app.add_typer(review_app, name="review")


@app.command("process")
def process(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(
        None, help="Files, folders or globs (default: csv_inbox/**/*.csv)."
    ),
    output_type: str = typer.Option(
        "all", "--output-type", help="all, powerbi (Parquet only), excel or none."
    ),
    refresh_outputs: bool = typer.Option(
        False, "--refresh-outputs", help="Rewrite the outputs even if nothing changed."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Store new bank files (each once), apply review edits, write Parquet and the workbook.

    Exit 0 even when some files or lines had problems (the summary and `pipeline status`
    list them); 5 when a running balance shows missing or extra rows; 2 when the review
    workbook has invalid edits (nothing from it applied; files are still processed).
    """
    from ledgerctl.pipeline import service

    actx = app_context(ctx)
    result = service.process(
        actx, list(paths or []), output_type=output_type, refresh_outputs=refresh_outputs
    )
    rows = [vars(f) for f in result.files]
    if rows or fmt != OutputFormat.table:
        render_rows(
            rows,
            fmt,
            output,
            title="pipeline process",
            columns=["file", "status", "schema", "rows", "new", "duplicates", "problems"],
        )
    for problem in result.problems[:200]:
        message(f"problem: {problem}", ctx=actx)
    if len(result.problems) > 200:
        message(
            f"... and {len(result.problems) - 200} more (see `pipeline status --problems`)",
            ctx=actx,
        )
    if result.review_applied:
        message(f"review: {result.review_applied} decision(s) applied", ctx=actx)
    for error in result.review_errors:
        message(f"review: {error}")
    for note in result.notes:
        message(note, ctx=actx)
    for path in result.outputs:
        message(f"wrote {service.display_path(actx, path.resolve())}", ctx=actx)
    message(result.summary(), ctx=actx)
    if result.review_errors:
        raise typer.Exit(code=2)
    if result.balance_gaps:
        message(f"{result.balance_gaps} running-balance gap(s): rows missing or extra")
        raise typer.Exit(code=5)


@app.command("archive")
def archive(
    ctx: typer.Context,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would move; move nothing."),
) -> None:
    """Move bank files already stored from csv_inbox/ to csv_archive/ (month-end step).

    Only files whose exact content is stored move; anything not yet processed stays.
    """
    from ledgerctl.pipeline import archive as archive_mod
    from ledgerctl.pipeline import service

    actx = app_context(ctx)
    result = archive_mod.archive(actx, dry_run=dry_run)
    verb = "would move" if dry_run else "moved"
    for source, target in result.moved:
        message(
            f"{verb} {service.display_path(actx, source)} -> "
            f"{service.display_path(actx, target.resolve())}",
            ctx=actx,
        )
    for kept in result.kept:
        message(
            f"kept {service.display_path(actx, kept)}: not stored yet "
            "(run `ledgerctl pipeline process`)",
            ctx=actx,
        )
    message(f"{verb} {len(result.moved)} file(s); {len(result.kept)} left in the inbox", ctx=actx)


@app.command("status")
def status(
    ctx: typer.Context,
    problems: bool = typer.Option(False, "--problems", help="List the stored problems."),
    limit: int = typer.Option(50, "--limit", help="How many problems to list."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Files, transactions, last run, review queue length and problems."""
    from ledgerctl.pipeline import service

    info = service.status(app_context(ctx), problems_limit=limit)
    if problems:
        render_rows(
            info["problem_list"],
            fmt,
            output,
            title="Pipeline problems",
            columns=["kind", "file", "line_no", "field", "message"],
        )
        return
    last = info["last_run"] or {}
    rows = [
        {"field": "files", "value": info["files"]},
        {"field": "transactions", "value": info["transactions"]},
        {"field": "review_queue", "value": info["review_queue"]},
        {"field": "decisions", "value": info["decisions"]},
        {"field": "problems", "value": info["problems"]},
        *[
            {"field": f"problems.{k}", "value": v}
            for k, v in sorted(info["problems_by_kind"].items())
        ],
        {"field": "last_run", "value": last.get("started_at")},
        {"field": "last_run.status", "value": last.get("status")},
        {"field": "last_run.processed", "value": last.get("processed")},
        {"field": "last_run.detail", "value": last.get("detail")},
    ]
    render_rows(rows, fmt, output, title="Pipeline status")


@review_app.command("apply")
def review_apply(
    ctx: typer.Context,
    workbook: Path = typer.Argument(None, help="Default: output/pipeline/balance_data.xlsx."),
) -> None:
    """Store the Queue_Review decisions of a workbook (all or nothing; exit 2 if any is bad)."""
    from ledgerctl.pipeline import service

    actx = app_context(ctx)
    result = service.review_apply(actx, workbook)
    for note in result.notes:
        message(note, ctx=actx)
    for path in result.outputs:
        message(f"wrote {service.display_path(actx, path.resolve())}", ctx=actx)
    message(f"{result.applied} decision(s) applied", ctx=actx)


@app.command("settle")
def settle(
    ctx: typer.Context,
    period: str = typer.Option(..., "--period", help="Month to settle, YYYY-MM."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Who owes whom for shared expenses of a month, net of settlement payments."""
    from ledgerctl.pipeline import service

    actx = app_context(ctx)
    result = service.settle(actx, period)
    s = result.settlement
    render_rows(s.line_rows(), fmt, output, title=f"Settlement {s.period}")
    for note in result.notes:
        message(note, ctx=actx)
    for path in result.files:
        message(f"wrote {service.display_path(actx, path.resolve())}", ctx=actx)
    message(s.result)
