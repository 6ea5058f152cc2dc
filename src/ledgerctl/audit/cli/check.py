"""`ledgerctl audit check`: every integrity check of every group."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.errors import IntegrityProblem


def audit_check(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Run every integrity check of every group; exit 5 if any finds a problem.

    Example: ledgerctl audit check --format json
    """
    from ledgerctl.audit.verification import CheckRow, integrity_checks

    results = integrity_checks.run(app_context(ctx))
    rows = [CheckRow.of(r) for r in results]
    render(rows, fmt, output, title="Integrity checks", row_type=CheckRow)
    failed = sum(1 for r in results if not r.ok)
    if failed:
        raise IntegrityProblem(f"{failed} check(s) failed (see above)")
