"""`ledgerctl sequence define`: a new sequence for the current tenant."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message


def define_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Sequence name, e.g. soa."),
    pattern: str = typer.Option(
        ..., "--pattern", help="e.g. SOA-{year}-{n:05d}; fields {n}, {year}, {yy}, {mm}, {month}."
    ),
    reset: str = typer.Option("yearly", "--reset", help="never, yearly or monthly."),
) -> None:
    """Define a new sequence for the current tenant."""
    from ledgerctl.sequences.definitions import define

    row = define.run(app_context(ctx), name, pattern, reset)
    message(f"sequence {name} defined; next number {row.next}")
