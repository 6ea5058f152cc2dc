"""`pipeline archive`: move bank files already stored out of the inbox (month-end step).

The old runbook's manual "move processed files to data/_archive/". A file moves only when
its exact bytes (SHA-256) are recorded as stored, so nothing unread is ever archived. It
keeps its path below ``csv_inbox/`` under ``csv_archive/``; a different file already there
under the same name gets the new one's hash in its name instead of being overwritten.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ledgerctl.context import AppContext
from ledgerctl.pipeline.paths import archive_dir, inbox, resolve_inputs

JOB_NAME = "pipeline-archive"


@dataclass(frozen=True)
class ArchiveResult:
    """What `pipeline archive` moved, and what stayed (not stored yet)."""

    moved: tuple[tuple[Path, Path], ...] = ()
    kept: tuple[Path, ...] = ()


def _target(ctx: AppContext, source: Path, sha: str) -> Path:
    target = archive_dir(ctx) / source.relative_to(inbox(ctx).resolve())
    if target.exists():
        target = target.with_name(f"{target.stem}.{sha[:12]}{target.suffix}")
    return target


def archive(ctx: AppContext, *, dry_run: bool = False) -> ArchiveResult:
    """Move every inbox file whose content is already stored to csv_archive/.

    A ctx-level workflow: a job run (exclusive, recorded), one read transaction, then moves.
    """
    from ledgerctl.access import read_transaction
    from ledgerctl.jobs.api import job_run
    from ledgerctl.pipeline import store

    moved: list[tuple[Path, Path]] = []
    kept: list[Path] = []
    with job_run(ctx, JOB_NAME, permission="pipeline.process") as run:
        with read_transaction(ctx, "pipeline.process") as (conn, access):
            known = store.known_hashes(conn, access.tenant_id)
        for path in resolve_inputs(ctx, []):
            sha = store.file_sha256(path)
            if sha not in known:
                kept.append(path)
                continue
            target = _target(ctx, path, sha)
            if not dry_run:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
            moved.append((path, target))
        run.processed = len(moved)
        run.detail = (
            f"{'would move' if dry_run else 'moved'} {len(moved)} file(s); "
            f"{len(kept)} not stored yet left in the inbox"
        )
    return ArchiveResult(tuple(moved), tuple(kept))
