"""`ledgerctl layby check`: the lay-by integrity checks."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.errors import IntegrityProblem


def check(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """The seed's checks (balance, completed at zero, payments) plus stock reservations and
    schedule; exit 5 listing the offending lay-bys."""
    from ledgerctl.layby.integrity import check_laybys

    results = check_laybys.run(app_context(ctx))
    rows = [
        {
            "check": r.name,
            "lay-bys": r.checked,
            "status": "ok" if r.ok else f"{len(r.problems)} PROBLEM(S)",
        }
        for r in results
    ]
    render(rows, fmt, output, title="Lay-by integrity")
    problems = [p for r in results for p in r.problems]
    if problems:
        raise IntegrityProblem(f"{len(problems)} lay-by problem(s):\n  " + "\n  ".join(problems))
