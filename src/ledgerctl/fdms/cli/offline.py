"""`ledgerctl fdms offline files|status`: the day files of offline mode (SubmitFile)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.errors import RemoteUnavailable
from ledgerctl.fdms.cli.common import DEVICE_OPTION

app = typer.Typer(help="Offline mode: the day files sent with SubmitFile.", no_args_is_help=True)


@app.command("files")
def offline_files(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The day files written for SubmitFile and their status."""
    from ledgerctl.fdms import offline

    rows = offline.list_files(app_context(ctx), device_id)
    render(rows, fmt, output, title="Offline files", row_type=offline.OfflineFile)


@app.command("status")
def offline_status(
    ctx: typer.Context,
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Ask FDMS how the submitted files were processed (SubmittedFileList); exit 6 when FDMS
    rejected one (its receipts are queued again for a new file)."""
    from ledgerctl.fdms import offline

    rows = offline.refresh_status(app_context(ctx), device_id)
    render(rows, fmt, output, title="Offline files", row_type=offline.OfflineFile)
    rejected = [r for r in rows if r.status == "rejected"]
    if rejected:
        raise RemoteUnavailable(
            f"FDMS rejected {len(rejected)} offline file(s) (see above); their receipts are "
            "queued again: `ledgerctl fdms sync` sends them in a new file"
        )
