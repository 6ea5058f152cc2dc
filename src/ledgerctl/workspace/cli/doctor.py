"""``ledgerctl doctor``: check the workspace and every group's health (exit 5 on a failure)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    render,
    render_text,
    resolve_format,
)
from ledgerctl.core.errors import IntegrityProblem


def doctor(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Check the workspace: database, migrations, folders, disk, and each group's health.

    One line per check (``ok`` or ``FAIL``); exit 5 unless every check passes.

    Example: ledgerctl doctor
    """
    from ledgerctl.workspace.doctor import Check, run_checks

    report = run_checks(app_context(ctx))
    if resolve_format(fmt, output) == Format.table:
        lines = [f"{'ok  ' if c.ok else 'FAIL'} {c.name:<12} {c.detail}" for c in report.checks]
        render_text("\n".join(lines), output)
    else:
        render(report.checks, fmt, output, title="Doctor", row_type=Check)
    if report.failed:
        raise IntegrityProblem(f"{report.failed} check(s) failed (see above)")
