"""`ledgerctl layby customer enable|disable|list`: which customers may take lay-bys."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render

app = typer.Typer(help="Which customers may take lay-bys (allowLayby).", no_args_is_help=True)


@app.command("enable")
def enable(
    ctx: typer.Context,
    codes: list[str] | None = typer.Argument(None, help="Customer codes."),
    all_active: bool = typer.Option(
        False, "--all-active", help="Enable every active customer (bulk enable)."
    ),
    note: str = typer.Option("", "--note", help="Why (kept with the flag and in the audit)."),
) -> None:
    """Allow customers to take lay-bys."""
    from ledgerctl.layby.customers import CustomerChange, set_customers

    change = CustomerChange(tuple(codes or ()), True, all_active, note)
    changed = set_customers.run(app_context(ctx), change).codes
    message(
        f"enabled {len(changed)} customer(s)"
        + (f": {', '.join(changed)}" if changed else " (already enabled)")
    )


@app.command("disable")
def disable(
    ctx: typer.Context,
    codes: list[str] = typer.Argument(..., help="Customer codes."),
    note: str = typer.Option("", "--note", help="Why (kept with the flag and in the audit)."),
) -> None:
    """Stop customers from taking new lay-bys (existing ones continue)."""
    from ledgerctl.layby.customers import CustomerChange, set_customers

    changed = set_customers.run(app_context(ctx), CustomerChange(tuple(codes), False, False, note))
    message(
        f"disabled {len(changed.codes)} customer(s)"
        + (f": {', '.join(changed.codes)}" if changed.codes else " (already disabled)")
    )


@app.command("list")
def list_customers(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Customers and whether they may take lay-bys."""
    from ledgerctl.layby.customers import CustomerRow, list_customers

    rows = list_customers.run(app_context(ctx))
    render(rows, fmt, output, title="Customers", row_type=CustomerRow)
