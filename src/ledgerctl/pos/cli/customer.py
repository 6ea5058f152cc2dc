"""Commands `pos customer add|list`."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render

app = typer.Typer(help="Customers (shared with billing and lay-by).", no_args_is_help=True)


@app.command("add")
def customer_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Customer code, e.g. C001."),
    name: str = typer.Option(..., "--name"),
    phone: str = typer.Option("", "--phone"),
    email: str = typer.Option("", "--email"),
    address: str = typer.Option("", "--address"),
    tax_id: str = typer.Option("", "--tin", help="The customer's TIN (wholesale buyers)."),
) -> None:
    """Add a customer (needed for sales on account)."""
    from ledgerctl.pos.ar import add_customer

    added = add_customer.run(
        app_context(ctx), code, name, phone=phone, email=email, address=address, tax_id=tax_id
    )
    message(f"customer {added.code} added")


@app.command("list")
def customer_list(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Customers with what they owe."""
    from ledgerctl.pos.ar_report import CustomerRow, list_customers

    rows = list_customers.run(app_context(ctx))
    render(rows, fmt, output, title="Customers", row_type=CustomerRow)
