"""`ledgerctl layby archive`: move old completed lay-bys out of the live tables."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, confirm_or_abort, message
from ledgerctl.core.clock import parse_date


def archive(
    ctx: typer.Context,
    before: str = typer.Option(
        ..., "--completed-before", help="Archive lay-bys completed before this date."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only list what would move."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Move old completed lay-bys to the archive tables and to Parquet (still readable by
    `layby show`)."""
    from ledgerctl.layby.archive import archive_completed

    cutoff = parse_date(before, field="--completed-before")
    if not dry_run:
        confirm_or_abort(f"archive lay-bys completed before {cutoff}?", yes)
    result = archive_completed(app_context(ctx), cutoff, dry_run)
    verb = "would archive" if dry_run else "archived"
    message(
        f"{verb} {len(result.numbers)} lay-by(s)"
        + (f": {', '.join(result.numbers[:20])}" if result.numbers else "")
    )
    for path in result.files:
        message(f"  wrote {path}")
