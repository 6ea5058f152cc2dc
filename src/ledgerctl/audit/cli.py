"""The `audit` group: read the audit log, verify the hash chain."""

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

app = typer.Typer(help="Tamper-evident audit log and integrity checks.", no_args_is_help=True)


@app.command("log")
def audit_log(
    ctx: typer.Context,
    actor: str = typer.Option(None, "--actor", help="Only rows by this user."),
    action: str = typer.Option(None, "--action", help="Action, * as wildcard (ledger.*)."),
    entity: str = typer.Option(None, "--entity", help="TYPE or TYPE:ID."),
    since: str = typer.Option(None, "--since", help="YYYY-MM-DD"),
    until: str = typer.Option(None, "--until", help="YYYY-MM-DD"),
    limit: int = typer.Option(100, "--limit", min=1),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Show audit rows (newest LIMIT, oldest first)."""
    from ledgerctl.audit import service
    from ledgerctl.core.clock import parse_date

    rows = service.audit_log(
        app_context(ctx),
        actor=actor,
        action=action,
        entity=entity,
        since=parse_date(since, field="--since") if since else None,
        until=parse_date(until, field="--until") if until else None,
        limit=limit,
    )
    render_rows(rows, fmt, output, title="Audit log")


@app.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """Re-hash the tenant's audit chain; exit 5 at the first edited or deleted row."""
    from ledgerctl.audit import service
    from ledgerctl.core.errors import IntegrityProblem

    result = service.verify(app_context(ctx))
    if result.problem:
        raise IntegrityProblem(
            f"audit chain of tenant {result.tenant!r} is broken at row {result.problem.seq}: "
            f"{result.problem.reason} ({result.checked} rows before it are intact)"
        )
    message(f"audit chain of tenant {result.tenant!r}: {result.checked} rows intact")


@app.command("check")
def audit_check(ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Run every integrity check of every group; exit 5 if any finds a problem."""
    from ledgerctl.audit import service

    results = service.run_integrity_checks(app_context(ctx))
    rows = [
        {
            "check": r.name,
            "checked": r.checked,
            "status": "ok" if r.ok else "PROBLEM",
            "detail": "; ".join(r.problems[:3]) + (" ..." if len(r.problems) > 3 else ""),
        }
        for r in results
    ]
    render_rows(rows, fmt, title="Integrity checks")
    if not all(r.ok for r in results):
        raise typer.Exit(code=5)
