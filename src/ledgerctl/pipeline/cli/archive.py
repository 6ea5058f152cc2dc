"""`ledgerctl pipeline archive`: move stored bank files out of the inbox (month-end step)."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message


def archive(
    ctx: typer.Context,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would move; move nothing."),
) -> None:
    """Move bank files already stored from csv_inbox/ to csv_archive/ (month-end step).

    Only files whose exact content is stored move; anything not yet processed stays.
    """
    from ledgerctl.pipeline.archive import archive as run
    from ledgerctl.pipeline.paths import display_path

    actx = app_context(ctx)
    result = run(actx, dry_run=dry_run)
    verb = "would move" if dry_run else "moved"
    for source, target in result.moved:
        message(f"{verb} {display_path(actx, source)} -> {display_path(actx, target)}")
    for kept in result.kept:
        message(
            f"kept {display_path(actx, kept)}: not stored yet (run `ledgerctl pipeline process`)"
        )
    message(f"{verb} {len(result.moved)} file(s); {len(result.kept)} left in the inbox")
