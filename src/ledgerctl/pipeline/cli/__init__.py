"""Command line of the `pipeline` group: one module per command word, mounted here.

`process`, `status`, `review apply`, `settle`, `archive`, `schemas list|test`, `diagnose`.
The root does ``from ledgerctl.pipeline.cli import app``.
"""

from __future__ import annotations

import typer

from ledgerctl.pipeline.cli import archive, diagnose, process, review, schemas, settle, status

app = typer.Typer(
    help="Bank CSV pipeline: inbox to clean transactions, Parquet, Excel review, settlement.",
    no_args_is_help=True,
)
app.command("process")(process.process)
app.command("archive")(archive.archive)
app.command("status")(status.status)
app.add_typer(review.app, name="review")
app.command("settle")(settle.settle)
app.add_typer(schemas.app, name="schemas")
app.command("diagnose")(diagnose.diagnose)
