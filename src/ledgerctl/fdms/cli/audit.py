"""`ledgerctl fdms audit`: re-verify every stored receipt, its chain and signatures."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    message,
    render,
    resolve_format,
)
from ledgerctl.core.errors import IntegrityProblem
from ledgerctl.fdms.cli.common import DEVICE_OPTION


def audit(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    verbose: bool = typer.Option(
        False, "--verbose", help="List every problem and what was checked."
    ),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Recompute every stored receipt's hash and chain, verify device and FDMS signatures and
    day counters; exit 5 with the first break."""
    from ledgerctl.fdms import audit as use_cases

    report = use_cases.audit(app_context(ctx), device_id)
    if verbose or resolve_format(fmt, output) != Format.table:
        render(
            use_cases.finding_rows(report),
            fmt,
            output,
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
    message(f"fdms audit: {summary}; hashes, chain, signatures and counters intact")
