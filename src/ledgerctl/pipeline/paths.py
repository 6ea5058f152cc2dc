"""Where the pipeline reads and writes in a workspace, and how paths are shown.

``csv_inbox/`` (one sub-folder per owner), ``csv_archive/``, ``output/pipeline/`` (per tenant
other than the default one). Paths inside the workspace are shown and stored relative to it.
"""

from __future__ import annotations

import glob
from pathlib import Path

from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound


def inbox(ctx: AppContext) -> Path:
    """The folder bank exports are dropped into."""
    return ctx.home / "csv_inbox"


def archive_dir(ctx: AppContext) -> Path:
    """Where `pipeline archive` moves stored files."""
    return ctx.home / "csv_archive"


def output_dir(ctx: AppContext) -> Path:
    """output/pipeline/ for the default tenant, output/pipeline/<tenant>/ for others."""
    base = ctx.home / "output" / "pipeline"
    slug = ctx.tenant_slug
    return base if slug == ctx.settings.default_tenant else base / slug


def display_path(ctx: AppContext, path: Path) -> str:
    """The path as shown and stored: relative to the workspace when inside it."""
    try:
        return Path(path).resolve().relative_to(ctx.home.resolve()).as_posix()
    except ValueError:
        return str(path)


def owner_of(ctx: AppContext, path: Path, owners: list[str]) -> str:
    """csv_inbox/<owner>/... belongs to that owner (a configured one, any case)."""
    try:
        parts = path.relative_to(inbox(ctx).resolve()).parts
    except ValueError:
        return ""
    if len(parts) < 2:
        return ""
    wanted = parts[0].lower()
    return next((o for o in owners if o.lower() == wanted), "")


def _csv_files(folder: Path) -> list[Path]:
    return [
        p.resolve() for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() == ".csv"
    ]


def _one_pattern(pattern: str) -> list[Path]:
    if any(ch in pattern for ch in "*?["):
        return [
            Path(n).resolve()
            for n in sorted(glob.glob(pattern, recursive=True))
            if Path(n).is_file()
        ]
    path = Path(pattern)
    if path.is_dir():
        return _csv_files(path)
    if path.is_file():
        return [path.resolve()]
    raise NotFound(
        f"{pattern}: no such file or folder; check the path "
        "(globs like 'csv_inbox/**/*.csv' are allowed)"
    )


def resolve_inputs(ctx: AppContext, patterns: list[str]) -> list[Path]:
    """Files to read: each PATH (a file, or a folder read recursively) or GLOB; default inbox."""
    if not patterns:
        base = inbox(ctx)
        return _csv_files(base) if base.is_dir() else []
    found: dict[Path, None] = {}
    for pattern in patterns:
        for path in _one_pattern(pattern):
            found[path] = None
    return list(found)
