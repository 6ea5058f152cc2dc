"""The `sequence` group: list, preview and move gapless document numbers."""

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

app = typer.Typer(help="Gapless document numbering per tenant.", no_args_is_help=True)

DATE_OPTION = typer.Option(
    None, "--date", help="Date whose reset scope to use (YYYY-MM-DD; default today)."
)
COLUMNS = ["name", "pattern", "reset", "scope", "next"]


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    on: str = DATE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """List the tenant's sequences and the number each would hand out next."""
    from ledgerctl.sequences import service

    rows = service.list_sequences(app_context(ctx), on)
    render_rows(rows, fmt, output, title="Sequences", columns=COLUMNS)


@app.command("preview")
def preview_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Sequence name."),
    on: str = DATE_OPTION,
) -> None:
    """Print the next number of NAME without taking it."""
    from ledgerctl.sequences import service

    typer.echo(service.preview(app_context(ctx), name, on)["next"])


@app.command("set-next")
def set_next_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Sequence name."),
    n: int = typer.Argument(..., help="The next counter value (only forward)."),
    on: str = DATE_OPTION,
) -> None:
    """Move NAME's counter forward, e.g. to continue a paper book (audited)."""
    from ledgerctl.sequences import service

    actx = app_context(ctx)
    row = service.set_next_command(actx, name, n, on)
    message(f"sequence {name}: next number is now {row['next']} (was {row['was']})", ctx=actx)


@app.command("define")
def define_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Sequence name, e.g. soa."),
    pattern: str = typer.Option(
        ..., "--pattern", help="e.g. SOA-{year}-{n:05d}; fields {n}, {year}, {yy}, {mm}, {month}."
    ),
    reset: str = typer.Option("yearly", "--reset", help="never, yearly or monthly."),
) -> None:
    """Define a new sequence for the current tenant."""
    from ledgerctl.sequences import service

    actx = app_context(ctx)
    row = service.define(actx, name, pattern, reset)
    message(f"sequence {name} defined; next number {row['next']}", ctx=actx)
