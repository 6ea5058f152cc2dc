"""`fdms audit`, `fdms pre-golive-check`, `fdms logs`, `fdms offline files|status`."""

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
from ledgerctl.core.errors import IntegrityProblem
from ledgerctl.fdms.cli_device import DEVICE_OPTION

offline_app = typer.Typer(
    help="Offline mode: the day files sent with SubmitFile.", no_args_is_help=True
)


def audit(
    ctx: typer.Context,
    device_id: int = DEVICE_OPTION,
    verbose: bool = typer.Option(
        False, "--verbose", help="List every problem and what was checked."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Recompute every stored receipt's hash and chain, verify device and FDMS signatures and
    day counters; exit 5 with the first break."""
    from ledgerctl.fdms import audit_service

    actx = app_context(ctx)
    report = audit_service.audit(actx, device_id)
    if verbose or fmt != OutputFormat.table:
        render_rows(
            audit_service.finding_rows(report),
            fmt,
            None,
            title="fdms audit",
            columns=["device_id", "where", "problem"],
        )
    summary = (
        f"{report.devices} device(s), {report.receipts} receipt(s), {report.days} "
        "fiscal day(s) checked"
    )
    if report.first is not None:
        raise IntegrityProblem(
            f"fiscal receipts broken at {report.first} ({summary}; "
            f"{len(report.findings)} problem(s)); do not edit receipts — "
            "restore from a backup and contact ZIMRA support"
        )
    message(f"fdms audit: {summary}; hashes, chain, signatures and counters intact", ctx=actx)


def pre_golive_check(
    ctx: typer.Context, device_id: int = DEVICE_OPTION, fmt: OutputFormat = FORMAT_OPTION
) -> None:
    """The seed's go-live checks: device and certificate, test receipts accepted, nothing
    queued, day closed, audit passes. Exit 0 only when ready (4 not ready, 5 audit failed)."""
    from ledgerctl.fdms import audit_service

    checks, report = audit_service.pre_golive_check(app_context(ctx), device_id)
    render_rows(
        [{"check": c.name, "ok": "PASS" if c.ok else "FAIL", "detail": c.detail} for c in checks],
        fmt,
        None,
        title="Pre-go-live check",
    )
    if not report.ok:
        raise typer.Exit(code=5)
    if not all(c.ok for c in checks):
        message("not ready for go-live: fix the failed checks and run it again")
        raise typer.Exit(code=4)
    message("ready for go-live")


def logs(
    ctx: typer.Context,
    limit: int = typer.Option(50, "--limit", min=1),
    since: str = typer.Option(None, "--since", help="YYYY-MM-DD"),
    errors: bool = typer.Option(False, "--errors", help="Only failed exchanges."),
    endpoint: str = typer.Option(None, "--endpoint", help="e.g. SubmitReceipt."),
    full: bool = typer.Option(False, "--full", help="Whole bodies (else shortened)."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Every request to FDMS and its answer, secrets (activation and private keys) removed."""
    from ledgerctl.core.clock import parse_date
    from ledgerctl.fdms import logs_service

    rows = logs_service.exchanges(
        app_context(ctx),
        limit=limit,
        since=parse_date(since, field="--since") if since else None,
        errors_only=errors,
        endpoint=endpoint,
        full=full or fmt != OutputFormat.table,
    )
    columns = (
        None
        if fmt != OutputFormat.table or full
        else ["at", "method", "path", "status", "ms", "error_code", "error", "operation_id"]
    )
    render_rows(rows, fmt, output, title="FDMS exchanges", columns=columns)


@offline_app.command("files")
def offline_files(
    ctx: typer.Context,
    device_id: int = DEVICE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The day files written for SubmitFile and their status."""
    from ledgerctl.fdms import offline

    render_rows(offline.list_files(app_context(ctx), device_id), fmt, output, title="Offline files")


@offline_app.command("status")
def offline_status(
    ctx: typer.Context, device_id: int = DEVICE_OPTION, fmt: OutputFormat = FORMAT_OPTION
) -> None:
    """Ask FDMS how the submitted files were processed (SubmittedFileList)."""
    from ledgerctl.fdms import offline

    rows = offline.refresh_status(app_context(ctx), device_id)
    render_rows(rows, fmt, None, title="Offline files")
    if any(r["status"] == "rejected" for r in rows):
        raise typer.Exit(code=6)
