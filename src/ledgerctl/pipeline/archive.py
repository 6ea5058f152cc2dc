"""`pipeline archive`: move bank files already stored out of the inbox (month-end step).

The old runbook's manual "move processed files to data/_archive/". A file moves only when
its exact bytes (SHA-256) are recorded as stored, so nothing unread is ever archived. It
keeps its path below ``csv_inbox/`` under ``csv_archive/``; a different file already there
under the same name gets the new one's hash in its name instead of being overwritten.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ledgerctl.context import AppContext

JOB_NAME = "pipeline-archive"


@dataclass
class ArchiveResult:
    moved: list[tuple[Path, Path]] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # not stored yet: stays in the inbox


def archive_dir(ctx: AppContext) -> Path:
    return ctx.home / "csv_archive"


def _target(ctx: AppContext, source: Path, sha: str) -> Path:
    from ledgerctl.pipeline.service import inbox

    target = archive_dir(ctx) / source.relative_to(inbox(ctx).resolve())
    if target.exists():
        target = target.with_name(f"{target.stem}.{sha[:12]}{target.suffix}")
    return target


def archive(ctx: AppContext, *, dry_run: bool = False) -> ArchiveResult:
    """Move every inbox file whose content is already stored to csv_archive/."""
    from ledgerctl.access import read_transaction
    from ledgerctl.jobs.api import job_run
    from ledgerctl.pipeline import store
    from ledgerctl.pipeline.service import resolve_inputs

    result = ArchiveResult()
    with job_run(ctx, JOB_NAME, permission="pipeline.process") as run:
        with read_transaction(ctx, "pipeline.process") as (conn, access):
            known = store.known_hashes(conn, access.tenant_id)
        for path in resolve_inputs(ctx, []):
            sha = store.file_sha256(path)
            if sha not in known:
                result.kept.append(path)
                continue
            target = _target(ctx, path, sha)
            if not dry_run:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
            result.moved.append((path, target))
        run.processed = len(result.moved)
        run.detail = (
            f"{'would move' if dry_run else 'moved'} {len(result.moved)} file(s); "
            f"{len(result.kept)} not stored yet left in the inbox"
        )
    return result
