"""`ledgerctl audit log`: read the tenant's audit rows."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.clock import parse_day


def audit_log(
    ctx: typer.Context,
    actor: str | None = typer.Option(None, "--actor", help="Only rows by this user."),
    action: str | None = typer.Option(None, "--action", help="Action, * as wildcard (ledger.*)."),
    entity: str | None = typer.Option(None, "--entity", help="TYPE or TYPE:ID."),
    since: str | None = typer.Option(None, "--since", help="YYYY-MM-DD"),
    until: str | None = typer.Option(None, "--until", help="YYYY-MM-DD"),
    limit: int = typer.Option(100, "--limit", min=1),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Show audit rows (newest LIMIT, oldest first)."""
    from ledgerctl.audit.views import AuditRow
    from ledgerctl.audit.views import audit_log as read_log

    rows = read_log.run(
        app_context(ctx),
        actor=actor,
        action=action,
        entity=entity,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        limit=limit,
    )
    render(rows, fmt, output, title="Audit log", row_type=AuditRow)
